package dev.chassis.core.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.chassis.core.http.FieldError;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Validatable;
import dev.chassis.core.http.Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Reads request bodies and writes response bodies with one {@link ObjectMapper}. Reading turns
 * every Jackson failure into a 400 that names the field path; writing goes straight into a
 * pooled buffer. Thread-safe.
 */
public final class JsonCodec {
    private static final int INITIAL_BUFFER = 256;

    private final ObjectMapper mapper;

    public JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The mapper the chassis uses for bodies: Java time, Optional, lenient on unknown fields. Its
     * buffers are kept per thread on the server's own threads, as Jackson's default does, and
     * pooled for every other thread: a virtual thread would otherwise allocate its own for its one
     * request (16 KiB and more). See {@link ThreadKindRecyclerPool}.
     */
    public static ObjectMapper defaultMapper(Collection<? extends Module> modules) {
        JsonFactory factory =
                JsonFactory.builder().recyclerPool(new ThreadKindRecyclerPool()).build();
        JsonMapper.Builder builder = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (Module module : modules) {
            builder.addModule(module);
        }
        return builder.build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Binds a body, then validates it when it is {@link Validatable}. */
    public <T> T read(byte[] body, JavaType type) {
        if (body.length == 0) {
            throw HttpStatusException.badRequest("a JSON request body is required");
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (IOException e) {
            throw badBody(e);
        }
        if (value == null) {
            throw HttpStatusException.badRequest("a JSON request body is required, not null");
        }
        if (value instanceof Validatable validatable) {
            List<FieldError> errors = Validator.validate(validatable);
            if (!errors.isEmpty()) {
                throw HttpStatusException.invalid(errors);
            }
        }
        return value;
    }

    public JavaType type(Class<?> type) {
        return mapper.constructType(type);
    }

    public JavaType type(com.fasterxml.jackson.core.type.TypeReference<?> type) {
        return mapper.constructType(type);
    }

    /**
     * Writes a value as JSON into a new buffer from the allocator.
     *
     * @throws JsonProcessingException if the value cannot be serialized; the buffer is released
     */
    public ByteBuf write(ByteBufAllocator alloc, Object value) throws IOException {
        ByteBuf buf = alloc.buffer(INITIAL_BUFFER);
        boolean ok = false;
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            mapper.writeValue((java.io.OutputStream) out, value);
            ok = true;
            return buf;
        } finally {
            if (!ok) {
                buf.release();
            }
        }
    }

    /** Serializes to a byte array, for the in-memory path and tests. */
    public byte[] writeBytes(Object value) throws JsonProcessingException {
        return mapper.writeValueAsBytes(value);
    }

    private static HttpStatusException badBody(IOException e) {
        if (e instanceof ValueInstantiationException vie) {
            Throwable cause = vie.getCause() != null ? vie.getCause() : vie;
            String message = cause.getMessage() != null ? cause.getMessage() : "is invalid";
            return HttpStatusException.invalid(List.of(new FieldError(pointer(vie), Excerpts.clean(message))));
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return HttpStatusException.invalid(List.of(new FieldError(pointer(upe), "is not a known field")));
        }
        if (e instanceof InvalidFormatException ife) {
            String expected = Excerpts.typeName(ife.getTargetType());
            return HttpStatusException.invalid(List.of(new FieldError(pointer(ife), "must be " + expected)));
        }
        if (e instanceof MismatchedInputException mie) {
            String expected = Excerpts.typeName(mie.getTargetType());
            String p = pointer(mie);
            return HttpStatusException.invalid(
                    List.of(new FieldError(p, p.isEmpty() ? "body must be " + expected : "must be " + expected)));
        }
        if (e instanceof StreamReadException sre) {
            JsonLocation at = sre.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return HttpStatusException.badRequest("request body is not valid JSON" + where);
        }
        if (e instanceof JsonMappingException jme) {
            return HttpStatusException.invalid(List.of(new FieldError(pointer(jme), "is invalid")));
        }
        return HttpStatusException.badRequest("request body could not be read");
    }

    /** The JSON Pointer of the field a mapping exception is about. */
    static String pointer(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            sb.append('/');
            if (ref.getFieldName() != null) {
                sb.append(Excerpts.clean(ref.getFieldName()).replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                sb.append(ref.getIndex());
            } else {
                sb.append('-');
            }
        }
        return sb.toString();
    }
}
