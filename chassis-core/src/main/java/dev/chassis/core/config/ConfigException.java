package dev.chassis.core.config;

import dev.chassis.core.common.ChassisException;
import java.util.List;

/**
 * Configuration that cannot be loaded or bound. The message lists every problem found, each
 * naming the key, its value (masked when secret) and the source it came from.
 */
public final class ConfigException extends ChassisException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** A failure that is not about one key, such as an unreadable file. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    /** A failure that is not about one key. */
    public ConfigException(String message) {
        super(message);
        this.problems = List.of();
    }

    /** A failure listing every bad key. */
    public ConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems found, one per bad key; empty when the failure is not about keys. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder("invalid configuration (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        for (ConfigProblem p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
