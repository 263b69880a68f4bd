package dev.chassis.observability.internal;

import dev.chassis.core.config.ServiceConfig;
import dev.chassis.observability.ObservabilityConfig;
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

    /**
     * The resource from the chassis' configuration alone: the service's name and version, the
     * instance name (the host name when none is configured), then
     * {@code observability.tracing.resource-attributes}, which may replace any of them.
     */
    public static ServiceResource of(ServiceConfig service, String instance, ObservabilityConfig.Tracing tracing) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(NAME, service.name());
        attributes.put(VERSION, service.version());
        attributes.put(INSTANCE, instance);
        attributes.putAll(tracing.resourceAttributes());
        return new ServiceResource(attributes);
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
