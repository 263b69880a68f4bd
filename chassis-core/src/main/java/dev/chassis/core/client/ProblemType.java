package dev.chassis.core.client;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/**
 * Maps a problem {@code type} a downstream answers with to the team's own exception, so callers
 * catch {@code InsufficientFunds} instead of comparing type strings. Contributed with
 * {@code @Provides @IntoSet ProblemType<?>}; every client of the service then throws the mapped
 * exception for a problem of that type (from any downstream). The exception extends
 * {@link ClientProblemException}, so retries, breakers and callers that catch the general one
 * treat it as before.
 *
 * <pre>{@code
 * final class InsufficientFunds extends ClientProblemException {
 *     InsufficientFunds(ClientProblemException e) { super(e); }
 *     long balanceCents() { return problem().member("balanceCents", Long.class).orElse(0L); }
 * }
 *
 * @Provides @IntoSet
 * static ProblemType<?> insufficientFunds() {
 *     return ProblemType.of("https://bank.example/problems/insufficient-funds", InsufficientFunds::new);
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <E> the team's exception
 */
public final class ProblemType<E extends ClientProblemException> {
    private final String type;
    private final Function<ClientProblemException, E> factory;

    private ProblemType(String type, Function<ClientProblemException, E> factory) {
        this.type = type;
        this.factory = factory;
    }

    /**
     * A mapping of a problem type to an exception.
     *
     * @param type the problem's {@code type} URI, compared exactly
     * @param factory makes the exception from the general one, usually its copy constructor
     * @throws IllegalArgumentException if the type is blank or {@code about:blank}
     */
    public static <E extends ClientProblemException> ProblemType<E> of(
            String type, Function<ClientProblemException, E> factory) {
        requireNonNull(type, "type");
        requireNonNull(factory, "factory");
        if (type.isBlank() || type.equals(dev.chassis.core.http.Problem.ABOUT_BLANK)) {
            throw new IllegalArgumentException(
                    "type: '" + type + "' (expected: a problem type URI other than about:blank)");
        }
        return new ProblemType<>(type, factory);
    }

    /** The problem type URI. */
    public String type() {
        return type;
    }

    /** The team's exception for a problem of this type. */
    public ClientProblemException map(ClientProblemException general) {
        E mapped = factory.apply(general);
        return mapped == null ? general : mapped;
    }

    @Override
    public String toString() {
        return "ProblemType[" + type + "]";
    }
}
