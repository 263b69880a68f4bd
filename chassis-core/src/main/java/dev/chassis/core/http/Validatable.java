package dev.chassis.core.http;

/**
 * A request body that checks itself after binding. {@link Request#body(Class)} calls
 * {@link #validate} and answers 400 with every reported field when any check fails.
 *
 * <pre>{@code
 * record Transfer(String from, String to, long amount) implements Validatable {
 *     public void validate(Validator v) {
 *         v.notBlank("from", from).notBlank("to", to).range("amount", amount, 1, 1_000_000);
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Validatable {
    /** Reports invalid fields to the validator. */
    void validate(Validator validator);
}
