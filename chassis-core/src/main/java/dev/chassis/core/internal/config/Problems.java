package dev.chassis.core.internal.config;

import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The problems found while binding, collected so that one {@link ConfigException} names them all.
 * Values of secret keys are masked as they are added. Not thread-safe.
 */
final class Problems {
    private static final Comparator<ConfigProblem> ORDER = Comparator.comparing(ConfigProblem::key)
            .thenComparing(ConfigProblem::source)
            .thenComparing(ConfigProblem::message);

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> setAside = new HashSet<>();

    /** Records a problem; {@code value} is the value as given, masked here when the key is secret. */
    void add(String key, @Nullable String value, String source, String message) {
        String shown = value == null ? null : Secrets.shown(key, value);
        problems.add(new ConfigProblem(key, shown, source, message));
    }

    /**
     * Records a problem with a value that was then set aside, so that the layers below it, or
     * nothing, show through.
     */
    void addSetAside(String key, @Nullable String value, String source, String message) {
        add(key, value, source, message);
        setAside.add(key);
    }

    /** Whether a value at this key or under it was set aside. */
    boolean setAsideUnder(String key) {
        return setAside.stream().anyMatch(k -> Keys.isUnder(k, key));
    }

    /**
     * Throws if any problem was recorded.
     *
     * @throws ConfigException listing every problem, sorted by key
     */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(problems);
            sorted.sort(ORDER);
            throw new ConfigException(sorted);
        }
    }
}
