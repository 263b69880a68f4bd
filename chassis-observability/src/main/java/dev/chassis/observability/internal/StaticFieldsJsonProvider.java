package dev.chassis.observability.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.Map;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Fields every event carries with the same value ({@code service}, {@code version},
 * {@code instance}): names and values encoded once, then copied into each event, where
 * logstash-logback-encoder's custom fields would walk a JSON tree per event.
 */
final class StaticFieldsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {
    private final SerializedString[] names;
    private final SerializedString[] values;

    StaticFieldsJsonProvider(Map<String, String> fields) {
        names = new SerializedString[fields.size()];
        values = new SerializedString[fields.size()];
        int i = 0;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            names[i] = new SerializedString(field.getKey());
            values[i] = new SerializedString(field.getValue());
            i++;
        }
    }

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        for (int i = 0; i < names.length; i++) {
            generator.writeFieldName(names[i]);
            generator.writeString(values[i]);
        }
    }
}
