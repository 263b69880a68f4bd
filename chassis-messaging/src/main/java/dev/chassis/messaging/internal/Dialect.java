package dev.chassis.messaging.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** What differs between the databases the outbox runs on: H2 (the embedded default) and PostgreSQL. */
enum Dialect {
    H2("h2", "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)"),
    POSTGRESQL("postgresql", "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '1 millisecond'");

    private final String migrations;
    private final String nowPlusMillis;

    Dialect(String migrations, String nowPlusMillis) {
        this.migrations = migrations;
        this.nowPlusMillis = nowPlusMillis;
    }

    /**
     * The dialect of a connection's database.
     *
     * @throws IllegalStateException for a database the outbox does not support, naming it
     */
    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String lower = product.toLowerCase(Locale.ROOT);
        if (lower.contains("h2")) {
            return H2;
        }
        if (lower.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new IllegalStateException("database: '" + product
                + "' (expected: H2 or PostgreSQL, the databases chassis-messaging's outbox and inbox run on)");
    }

    /** The Flyway location of this database's migrations. */
    String migrations() {
        return "classpath:dev/chassis/messaging/db/" + migrations;
    }

    /** Takes or renews the lease: parameters owner, duration in ms, owner. */
    String acquireLease() {
        return "UPDATE chassis_outbox_lease SET owner = ?, expires_at = " + nowPlusMillis
                + " WHERE name = 'relay' AND (owner = ? OR expires_at < CURRENT_TIMESTAMP)";
    }
}
