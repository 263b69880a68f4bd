package dev.chassis.core.internal.config;

import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigSection;
import java.util.Collection;
import java.util.Map;

/** Merges the layers of a {@link Config} and binds them to sections, collecting every problem. */
public final class ConfigBinder {
    private ConfigBinder() {}

    /** The bound sections by name, and the effective configuration as YAML with secrets masked. */
    public record Result(Map<String, Object> values, String description) {}

    /** Binds every section; throws {@code ConfigException} listing every problem. */
    public static Result bind(Config config, Collection<? extends ConfigSection<?>> sections) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
