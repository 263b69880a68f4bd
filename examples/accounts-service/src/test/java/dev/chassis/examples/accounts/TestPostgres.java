package dev.chassis.examples.accounts;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The local PostgreSQL of the tests ({@code .ci/postgres} sets it up): {@code CHASSIS_TEST_PG_URL},
 * {@code _USER} and {@code _PASSWORD}, with its defaults.
 */
final class TestPostgres {
    static final String URL = Objects.requireNonNullElse(
            System.getenv("CHASSIS_TEST_PG_URL"), "jdbc:postgresql://127.0.0.1:5432/chassis_test");
    static final String USER = Objects.requireNonNullElse(System.getenv("CHASSIS_TEST_PG_USER"), "chassis");
    static final String PASSWORD = Objects.requireNonNullElse(System.getenv("CHASSIS_TEST_PG_PASSWORD"), "chassis");

    private TestPostgres() {}

    /**
     * Whether it can be reached; under {@code CI} it must be.
     *
     * @throws IllegalStateException when it cannot be reached and {@code CI} is set
     */
    static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            return c.isValid(2);
        } catch (SQLException e) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(
                        "PostgreSQL at " + URL + " is not reachable, and CI is set: run .ci/postgres first", e);
            }
            System.out.println("PostgreSQL at " + URL + " is not reachable (" + e.getMessage()
                    + "); the PostgreSQL tests are skipped. Run .ci/postgres to run them.");
            return false;
        }
    }

    /** The JDBC URL of a schema dropped and created afresh, or the plain URL when unreachable. */
    static String freshSchema(String schema) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            return URL;
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
