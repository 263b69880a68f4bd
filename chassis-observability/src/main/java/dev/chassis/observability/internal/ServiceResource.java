package dev.chassis.observability.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who is reporting, in OpenTelemetry's terms: the resource that every signal of the service
 * shares. Spans carry it as their resource, {@code /metrics} shows it once as {@code target_info},
 * and log lines carry its name, version and instance.
 *
 * @param attributes every resource attribute, {@code service.name}, {@code service.version} and
 *     {@code service.instance.id} first
 */
public record ServiceResource(Map<String, String> attributes) {
    static final String NAME = "service.name";
    static final String VERSION = "service.version";
    static final String INSTANCE = "service.instance.id";

    /** Copies the attributes, keeping their order; the three service attributes must be there. */
    public ServiceResource {
        for (String key : new String[] {NAME, VERSION, INSTANCE}) {
            if (!attributes.containsKey(key)) {
                throw new IllegalArgumentException("attributes: no " + key + " in " + attributes);
            }
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** {@code service.name}. */
    public String name() {
        return attributes.get(NAME);
    }

    /** {@code service.version}. */
    public String version() {
        return attributes.get(VERSION);
    }

    /** {@code service.instance.id}. */
    public String instanceId() {
        return attributes.get(INSTANCE);
    }
}
