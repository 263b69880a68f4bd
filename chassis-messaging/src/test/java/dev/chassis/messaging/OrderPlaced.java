package dev.chassis.messaging;

/** A test event. */
public record OrderPlaced(String order, int seq, String note) {
    OrderPlaced(String order, int seq) {
        this(order, seq, "");
    }
}
