package dev.chassis.observability.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import net.logstash.logback.encoder.LogstashEncoder;
import org.jspecify.annotations.Nullable;

/**
 * The chassis' JSON encoder: logstash-logback-encoder, set up to write the chosen format's field
 * names ({@link LogSchema}), with the fields every event carries (the service's name, version and
 * instance) last.
 *
 * <p>Access events, one per request, are written by a writer made for them, with the same fields
 * in the same order as the general encoder writes them: one kept JSON generator, the timestamp's
 * date and time of day formatted once a second, the message written from the event's fields
 * rather than formatted into a new string, and the fields that repeat from event to event (logger,
 * thread and level; {@code service}, {@code version}, {@code instance}) copied as the bytes the
 * encoder's own generator wrote for them the first time. The general encoder runs a provider per field and a
 * new generator per event, which costs about as much again as the rest of the request. An access
 * event carrying anything the writer does not write (an MDC, markers, key-value pairs, an
 * exception) goes to the general encoder, as does one that arrives while another thread holds the
 * writer.
 */
final class JsonLogEncoder extends LogstashEncoder {
    private static final SerializedString TIMESTAMP = new SerializedString("@timestamp");
    private static final SerializedString MESSAGE = new SerializedString("message");
    /** logstash-logback-encoder's {@code @version}, as its provider writes it. */
    private static final String VERSION_FIELD = "@version";

    private static final String VERSION = "1";
    /** How many threads' logger, thread and level bytes are kept before they are all let go. */
    private static final int KEPT_SOURCES = 1024;

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final LogSchema schema;
    private final Map<String, String> fields;
    private @Nullable SerializedString fieldsWritten;
    private @Nullable SerializedString versionWritten;
    /** By thread name. */
    private final Map<String, Source> sources = new HashMap<>();

    private final ReentrantLock writer = new ReentrantLock();
    private final Target target = new Target();
    private @Nullable JsonGenerator generator;
    private char[] text = new char[64];
    private long second = Long.MIN_VALUE;
    private char[] secondText = new char[0];

    /** The chassis' own field names. */
    JsonLogEncoder(Map<String, String> fields) {
        this(LogSchema.CHASSIS, fields);
    }

    /**
     * @param fields the fields every event carries, by the chassis' names ({@code service},
     *     {@code version}, {@code instance}), written under the format's
     */
    JsonLogEncoder(LogSchema schema, Map<String, String> fields) {
        this.schema = schema;
        this.fields = schema.everyLine(fields);
        schema.configure(this, this.fields);
    }

    /**
     * Sets up logstash-logback-encoder's encoder as the chassis logs with its own field names. The
     * general encoder a plain {@link LogstashEncoder} set up here writes what this one writes.
     */
    static <E extends LogstashEncoder> E configure(E encoder, Map<String, String> fields) {
        return configure(encoder, LogSchema.CHASSIS, fields);
    }

    /** As {@link #configure(LogstashEncoder, Map)}, in the given format. */
    static <E extends LogstashEncoder> E configure(E encoder, LogSchema schema, Map<String, String> fields) {
        return schema.configure(encoder, schema.everyLine(fields));
    }

    @Override
    public void encode(ILoggingEvent event, OutputStream out) throws IOException {
        AccessLogListener.AccessEvent access = writable(event);
        if (access != null && writer.tryLock()) {
            try {
                writeAccess(event, access, out);
                return;
            } finally {
                writer.unlock();
            }
        }
        super.encode(event, out);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        AccessLogListener.AccessEvent access = writable(event);
        if (access != null && writer.tryLock()) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
                writeAccess(event, access, bytes);
                return bytes.toByteArray();
            } catch (IOException e) {
                addWarn("Error encountered while encoding log event. Event: " + event, e);
                return new byte[0];
            } finally {
                writer.unlock();
            }
        }
        return super.encode(event);
    }

    /** The access event, when the event carries nothing else the general encoder would write. */
    private static AccessLogListener.@Nullable AccessEvent writable(ILoggingEvent event) {
        AccessLogListener.AccessEvent access = AccessLogListener.AccessEvent.of(event);
        if (access == null
                || event.getThrowableProxy() != null
                || !event.getMDCPropertyMap().isEmpty()
                || (event.getMarkerList() != null && !event.getMarkerList().isEmpty())
                || (event.getKeyValuePairs() != null
                        && !event.getKeyValuePairs().isEmpty())) {
            return null;
        }
        return access;
    }

    private void writeAccess(ILoggingEvent event, AccessLogListener.AccessEvent access, OutputStream out)
            throws IOException {
        JsonGenerator g = generator;
        if (g == null) {
            g = getFormatter().getJsonFactory().createGenerator(target);
            g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            generator = g;
        }
        target.out = out;
        boolean written = false;
        try {
            g.writeStartObject();
            g.writeFieldName(TIMESTAMP);
            int length = timestamp(event.getInstant());
            g.writeString(text, 0, length);
            if (schema.version) {
                g.writeRaw(versionWritten());
            }
            g.writeFieldName(MESSAGE);
            ensure(access.messageCapacity());
            length = access.message(text);
            g.writeString(text, 0, length);
            // The fields after the message's are raw bytes the generator wrote before: its
            // object then still ends with the message, so the event's first field gets its comma.
            g.writeRaw(source(event.getLoggerName(), event.getThreadName(), event.getLevel().levelStr));
            access.writeTo(g);
            g.writeRaw(fieldsWritten());
            g.writeEndObject();
            g.writeRaw(getLineSeparator());
            g.flush();
            written = true;
        } finally {
            target.out = null;
            if (!written) {
                // Half an object is in it: the next event starts on a new generator.
                generator = null;
            }
        }
    }

    /**
     * {@code ,"logger":…,"thread":…,"level":…} (under the format's names, and with
     * {@code level_value} where it has one) as the generator writes it, kept by thread: access
     * events come from the event loops (and the threads of a bounded pool), each on the same
     * logger at the same level, so each thread's bytes are written once. A service whose threads
     * come and go with new names lets the kept ones go when there are {@value #KEPT_SOURCES}.
     */
    private SerializedString source(String logger, String thread, String level) throws IOException {
        Source kept = sources.get(thread);
        if (kept != null && kept.logger.equals(logger) && kept.level.equals(level)) {
            return kept.written;
        }
        if (sources.size() >= KEPT_SOURCES) {
            sources.clear();
        }
        Source made = new Source(logger, level, written(g -> {
            g.writeStringField(schema.logger, logger);
            g.writeStringField(schema.thread, thread);
            g.writeStringField(schema.level, level);
            if (schema.levelValue) {
                g.writeNumberField("level_value", Level.toLevel(level).toInt());
            }
        }));
        sources.put(thread, made);
        return made.written;
    }

    /** {@code ,"@version":"1"}, as the generator writes it. */
    private SerializedString versionWritten() throws IOException {
        SerializedString written = versionWritten;
        if (written == null) {
            written = written(g -> g.writeStringField(VERSION_FIELD, VERSION));
            versionWritten = written;
        }
        return written;
    }

    /** {@code ,"service":…} and the other fields every event carries, as the generator writes them. */
    private SerializedString fieldsWritten() throws IOException {
        SerializedString written = fieldsWritten;
        if (written == null) {
            written = written(g -> {
                for (Map.Entry<String, String> field : fields.entrySet()) {
                    g.writeStringField(field.getKey(), field.getValue());
                }
            });
            fieldsWritten = written;
        }
        return written;
    }

    /**
     * The fields as a generator of the encoder's factory writes them inside an object after
     * another field: each preceded by its comma.
     */
    private SerializedString written(FieldWriter fields) throws IOException {
        byte[] opening = object(g -> {});
        byte[] all = object(fields);
        // Both begin with the same first field; the second then holds the fields before its end.
        int from = opening.length - 1;
        return new SerializedString(new String(all, from, all.length - 1 - from, StandardCharsets.UTF_8));
    }

    private byte[] object(FieldWriter fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = getFormatter().getJsonFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeNumberField("x", 0);
            fields.write(g);
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface FieldWriter {
        void write(JsonGenerator g) throws IOException;
    }

    /** The bytes written for one thread's logger and level. */
    private record Source(String logger, String level, SerializedString written) {}

    /**
     * Writes the instant as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does in UTC, as the
     * general encoder writes it: the date and time of day, a fraction with its trailing zeros
     * left out (none at all on a whole second), and {@code Z}.
     */
    int timestamp(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond != second) {
            secondText = SECONDS.format(instant).toCharArray();
            second = epochSecond;
        }
        int length = secondText.length;
        ensure(length + 11);
        System.arraycopy(secondText, 0, text, 0, length);
        int nanos = instant.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            text[length] = '.';
            for (int i = digits; i > 0; i--) {
                text[length + i] = (char) ('0' + nanos % 10);
                nanos /= 10;
            }
            length += digits + 1;
        }
        text[length++] = 'Z';
        return length;
    }

    private void ensure(int capacity) {
        if (capacity > text.length) {
            char[] larger = new char[Math.max(capacity, text.length * 2)];
            System.arraycopy(text, 0, larger, 0, text.length);
            text = larger;
        }
    }

    /** Where the kept generator writes: the stream of the event being written. */
    private static final class Target extends OutputStream {
        @Nullable
        OutputStream out;

        @Override
        public void write(int b) throws IOException {
            stream().write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            stream().write(bytes, offset, length);
        }

        private OutputStream stream() throws IOException {
            OutputStream current = out;
            if (current == null) {
                throw new IOException("no event is being written");
            }
            return current;
        }
    }
}
