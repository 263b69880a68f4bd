package dev.chassis.core.internal.config;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigSection;
import java.util.Optional;

/** The sections bound by {@link ConfigBinder}, with where each value came from. Immutable. */
final class BoundValues implements BoundConfig {
    private final Config config;
    private final ConfigBinder.Result result;

    BoundValues(Config config, ConfigBinder.Result result) {
        this.config = config;
        this.result = result;
    }

    @Override
    public <T> T get(ConfigSection<T> section) {
        requireNonNull(section, "section");
        Object value = result.values().get(section.name());
        if (value == null || !section.type().isInstance(value)) {
            throw new IllegalArgumentException("section: '" + section.name()
                    + "' was not bound (expected: contribute it with @Provides @IntoSet ConfigSection<?>)");
        }
        return section.type().cast(value);
    }

    @Override
    public Config source() {
        return config;
    }

    @Override
    public Optional<String> sourceOf(String key) {
        requireNonNull(key, "key");
        return result.sourceOf(key);
    }

    @Override
    public String describe() {
        return result.description();
    }

    @Override
    public String listing() {
        return result.listing();
    }

    @Override
    public java.util.SortedMap<String, String> values() {
        return result.flat();
    }

    @Override
    public String toString() {
        return "BoundConfig" + result.values().keySet();
    }
}
