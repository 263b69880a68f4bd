package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Collects the invalid fields of a {@link Validatable}. Field names are the JSON property names;
 * nested objects and list elements extend the pointer ({@code /items/0/sku}). Every field is
 * checked, so the client learns all its mistakes at once; a field reports only its first failed
 * check ({@code notBlank} before {@code length}, say).
 *
 * <p>Not thread-safe.
 */
public final class Validator {
    private final String prefix;
    private final List<FieldError> errors;

    private Validator(String prefix, List<FieldError> errors) {
        this.prefix = prefix;
        this.errors = errors;
    }

    /** A validator with no errors. */
    public static Validator create() {
        return new Validator("", new ArrayList<>());
    }

    /**
     * Validates an object and returns its errors; empty when valid.
     */
    public static List<FieldError> validate(Validatable value) {
        Validator v = create();
        value.validate(v);
        return v.errors();
    }

    /** Reports a field as invalid when the condition is false. */
    public Validator check(boolean condition, String field, String message) {
        requireNonNull(message, "message");
        if (!condition) {
            String pointer = pointer(field);
            for (FieldError e : errors) {
                if (e.pointer().equals(pointer)) {
                    return this;
                }
            }
            errors.add(new FieldError(pointer, message));
        }
        return this;
    }

    /** The field must be present. */
    public Validator notNull(String field, @Nullable Object value) {
        return check(value != null, field, "is required");
    }

    /** The field must be present and not blank. */
    public Validator notBlank(String field, @Nullable String value) {
        if (value == null) {
            return notNull(field, null);
        }
        return check(!value.isBlank(), field, "must not be blank");
    }

    /** The field, when present, must have a length in range. */
    public Validator length(String field, @Nullable String value, int min, int max) {
        return check(
                value == null || (value.length() >= min && value.length() <= max),
                field,
                "length must be between " + min + " and " + max);
    }

    /** The field, when present, must have a size in range. */
    public Validator size(String field, @Nullable Collection<?> value, int min, int max) {
        return check(
                value == null || (value.size() >= min && value.size() <= max),
                field,
                "size must be between " + min + " and " + max);
    }

    /** The number must be in range, bounds included. */
    public Validator range(String field, long value, long min, long max) {
        return check(value >= min && value <= max, field, "must be between " + min + " and " + max);
    }

    /** The field, when present, must match the pattern. */
    public Validator matches(String field, @Nullable String value, Pattern pattern, String expected) {
        return check(value == null || pattern.matcher(value).matches(), field, "must be " + expected);
    }

    /** Validates a nested object, when present, with pointers under the field. */
    public Validator nested(String field, @Nullable Validatable value) {
        if (value != null) {
            value.validate(new Validator(pointer(field), errors));
        }
        return this;
    }

    /** Validates each element of a list, when present, with pointers {@code /field/index}. */
    public Validator each(String field, @Nullable List<? extends @Nullable Validatable> values) {
        if (values != null) {
            String base = pointer(field);
            for (int i = 0; i < values.size(); i++) {
                Validatable value = values.get(i);
                if (value == null) {
                    errors.add(new FieldError(base + "/" + i, "is required"));
                } else {
                    value.validate(new Validator(base + "/" + i, errors));
                }
            }
        }
        return this;
    }

    /** The errors so far. */
    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /**
     * Throws a 400 listing the errors, if there are any.
     *
     * @throws HttpStatusException 400 with an {@code errors} member when a check failed
     */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw HttpStatusException.invalid(errors);
        }
    }

    private String pointer(String field) {
        requireNonNull(field, "field");
        return prefix + "/" + field.replace("~", "~0").replace("/", "~1");
    }
}
