package dev.chassis.messaging;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;

/**
 * Databases of the tests: a fresh H2 in memory, or a fresh schema of the PostgreSQL that
 * {@code .ci/postgres} prepares ({@code CHASSIS_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}).
 * Without PostgreSQL those tests are skipped, unless {@code CI} is set: then they fail.
 */
final class TestDb {
    static final String PG_URL = Objects.requireNonNullElse(
            System.getenv("CHASSIS_TEST_PG_URL"), "jdbc:postgresql://127.0.0.1:5432/chassis_test");
    static final String PG_USER = Objects.requireNonNullElse(System.getenv("CHASSIS_TEST_PG_USER"), "chassis");
    static final String PG_PASSWORD = Objects.requireNonNullElse(System.getenv("CHASSIS_TEST_PG_PASSWORD"), "chassis");

    private TestDb() {}

    static String h2() {
        return "jdbc:h2:mem:msg-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    static String postgres(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (System.getenv("CI") != null) {
                fail("PostgreSQL at " + PG_URL + " cannot be reached and CI is set: " + e.getMessage());
            }
            abort("PostgreSQL at " + PG_URL + " cannot be reached (run .ci/postgres): " + e.getMessage());
        }
        return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static String user(String url) {
        return url.startsWith("jdbc:postgresql") ? PG_USER : "sa";
    }

    static String password(String url) {
        return url.startsWith("jdbc:postgresql") ? PG_PASSWORD : "";
    }

    static long queryLong(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user(url), password(url));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user(url), password(url));
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
