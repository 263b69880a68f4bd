package dev.chassis.testkit.consul.internal;

/**
 * An error answered as Consul answers its errors: the status and a plain-text reason, nothing
 * else. Thrown by the endpoints and turned into a response by {@link Answers}.
 */
final class ConsulError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ConsulError(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    static ConsulError badRequest(String reason) {
        return new ConsulError(400, reason);
    }

    int status() {
        return status;
    }

    String reason() {
        return getMessage();
    }
}
