package dev.chassis.security.internal;

/**
 * Why a token was not accepted: a bounded reason (a metric tag) and a description the client may
 * read. Neither ever holds the token or a value taken from it. Carries no stack trace: refusals
 * are an expected outcome, not a bug.
 */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    /** How it is answered. */
    public enum Kind {
        /** 401, {@code error="invalid_token"}. */
        INVALID_TOKEN,
        /** 401, {@code error="invalid_request"}. */
        INVALID_REQUEST,
        /** 401 without an error code: no credential at all. */
        MISSING,
        /** 503: the issuer could not be asked, nothing the client can fix. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String reason;

    public Refusal(Kind kind, String reason, String description) {
        super(description, null, false, false);
        this.kind = kind;
        this.reason = reason;
    }

    static Refusal invalid(String reason, String description) {
        return new Refusal(Kind.INVALID_TOKEN, reason, description);
    }

    public Kind kind() {
        return kind;
    }

    /** The metric tag: {@code expired}, {@code signature}, ... */
    public String reason() {
        return reason;
    }

    /** The description for {@code error_description} and the problem's detail. */
    public String description() {
        return getMessage();
    }
}
