package dev.chassis.messaging.event;

/**
 * The record headers the chassis writes, in CloudEvents' Kafka binding (binary content mode) where
 * it has a name for them, so that other CloudEvents tools read the events:
 *
 * <table>
 * <caption>Headers of every event</caption>
 * <tr><th>header</th><th>value</th></tr>
 * <tr><td>{@value #ID}</td><td>the event's ID, a UUID; the inbox keys on it</td></tr>
 * <tr><td>{@value #TYPE}</td><td>the event type's name: {@code TransferCompleted}</td></tr>
 * <tr><td>{@value #SCHEMA_VERSION}</td><td>its schema version: {@code 1}</td></tr>
 * <tr><td>{@value #SOURCE}</td><td>the publishing service, {@code /transfers-service}</td></tr>
 * <tr><td>{@value #TIME}</td><td>when it was published, RFC 3339</td></tr>
 * <tr><td>{@value #SPEC_VERSION}</td><td>{@code 1.0}</td></tr>
 * <tr><td>{@value #CONTENT_TYPE}</td><td>{@code application/json}</td></tr>
 * <tr><td>{@value #CORRELATION_ID}</td><td>the correlation ID of the work that published it, when it had one</td></tr>
 * <tr><td>{@value #TRACEPARENT}, {@value #TRACESTATE}</td><td>W3C trace context of the publishing span, when tracing is on</td></tr>
 * </table>
 *
 * <p>A record in a dead-letter topic keeps the original's key, value and headers, and adds the
 * {@code dlt-*} headers below.
 */
public final class MessageHeaders {
    /** The event's ID. */
    public static final String ID = "ce_id";
    /** The event type's name. */
    public static final String TYPE = "ce_type";
    /** The event's schema version, a whole number from 1 (a CloudEvents extension attribute). */
    public static final String SCHEMA_VERSION = "ce_schemaversion";
    /** The publishing service. */
    public static final String SOURCE = "ce_source";
    /** When the event was published. */
    public static final String TIME = "ce_time";
    /** The CloudEvents version. */
    public static final String SPEC_VERSION = "ce_specversion";
    /** The payload's media type. */
    public static final String CONTENT_TYPE = "content-type";
    /** The correlation ID, under the same name as the HTTP header. */
    public static final String CORRELATION_ID = "X-Correlation-ID";
    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C trace state. */
    public static final String TRACESTATE = "tracestate";

    /** Why the record is in the dead-letter topic, in words. */
    public static final String DLT_REASON = "dlt-reason";
    /** The class of the handler's last exception, when one failed. */
    public static final String DLT_EXCEPTION = "dlt-exception";
    /** The topic the record was read from. */
    public static final String DLT_TOPIC = "dlt-original-topic";
    /** Its partition there. */
    public static final String DLT_PARTITION = "dlt-original-partition";
    /** Its offset there. */
    public static final String DLT_OFFSET = "dlt-original-offset";
    /** The consumer group that gave up on it. */
    public static final String DLT_GROUP = "dlt-group";
    /** How many times the handler was tried. */
    public static final String DLT_ATTEMPTS = "dlt-attempts";

    /**
     * The MDC key under which a handler's thread carries the event's correlation ID: the key
     * chassis-observability's log encoders write as the correlation ID of a log line.
     */
    public static final String CORRELATION_MDC_KEY = "correlationId";

    private MessageHeaders() {}
}
