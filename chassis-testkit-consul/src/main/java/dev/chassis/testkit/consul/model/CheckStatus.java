package dev.chassis.testkit.consul.model;

import java.util.Locale;

/** The status of a Consul health check, written on the wire in lower case: {@code passing}. */
public enum CheckStatus {
    /** The check passes. */
    PASSING,
    /** The check warns: an HTTP check answered 429. */
    WARNING,
    /** The check fails. Checks start here unless registered with another status. */
    CRITICAL;

    /** The name Consul uses: {@code passing}, {@code warning} or {@code critical}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status Consul names so.
     *
     * @throws IllegalArgumentException if the name is none of {@code passing}, {@code warning},
     *     {@code critical}
     */
    public static CheckStatus ofWireName(String name) {
        for (CheckStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("status: '" + name + "' (expected: one of passing, warning, critical)");
    }
}
