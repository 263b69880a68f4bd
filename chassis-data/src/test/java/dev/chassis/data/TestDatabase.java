package dev.chassis.data;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;

/**
 * A database the tests run against: H2 in memory, or the PostgreSQL that {@code .ci/postgres}
 * prepares (connection from {@code CHASSIS_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}). Each
 * test class gets its own H2 database or PostgreSQL schema, made afresh, so no class sees
 * another's rows. Where PostgreSQL cannot be reached the test is skipped, unless {@code CI} is set:
 * then it fails.
 */
abstract class TestDatabase {
    static final String PG_URL = Objects.requireNonNullElse(
            System.getenv("CHASSIS_TEST_PG_URL"), "jdbc:postgresql://127.0.0.1:5432/chassis_test");
    static final String PG_USER = Objects.requireNonNullElse(System.getenv("CHASSIS_TEST_PG_USER"), "chassis");
    static final String PG_PASSWORD = Objects.requireNonNullElse(System.getenv("CHASSIS_TEST_PG_PASSWORD"), "chassis");

    /** The URL the service under test is given. */
    abstract String url();

    abstract String user();

    abstract String password();

    /** {@code h2} or {@code postgres}. */
    abstract String kind();

    /** The same database reached through another local port, such as a {@link TcpProxy}'s. */
    String urlVia(int port) {
        throw new UnsupportedOperationException(kind() + " in memory has no port");
    }

    /** The local port the database listens on. */
    int port() {
        throw new UnsupportedOperationException(kind() + " in memory has no port");
    }

    /** A connection outside any pool, for setting up and checking. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    /** The {@code data.sources.main} entry for this database, plus more keys in flow style. */
    String mainSource(String more) {
        return mainSource(more, "");
    }

    /** As {@link #mainSource(String)}, with keys of {@code data} itself ({@code retry-after: 3s}). */
    String mainSource(String more, String dataKeys) {
        return "data:\n" + (dataKeys.isBlank() ? "" : "  " + dataKeys + "\n") + "  sources:\n    main: {url: '"
                + url() + "', user: '" + user() + "', password: '" + password() + "'"
                + (more.isBlank() ? "" : ", " + more) + "}\n";
    }

    /** Runs a statement outside the pool. */
    void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The single number a query returns. */
    long queryLong(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A fresh H2 database in memory, with {@code pg_sleep}. */
    static TestDatabase h2(String name) {
        TestDatabase db = new H2(name);
        try {
            db.execute("CREATE ALIAS IF NOT EXISTS PG_SLEEP FOR 'dev.chassis.data.H2Functions.pgSleep'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    /** A fresh H2 database in memory, served over TCP by a server in this JVM, with {@code pg_sleep}. */
    static TestDatabase h2Server(String name) {
        TestDatabase db = new H2Server(name);
        try {
            db.execute("CREATE ALIAS IF NOT EXISTS PG_SLEEP FOR 'dev.chassis.data.H2Functions.pgSleep'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    /** A fresh schema in the test PostgreSQL, set as the connections' current schema. */
    static TestDatabase postgres(String schema) {
        requirePostgres();
        TestDatabase admin = new Postgres(PG_URL);
        try {
            admin.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            admin.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Postgres(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    /** Skips (or, under CI, fails) the calling test when the test PostgreSQL cannot be reached. */
    static void requirePostgres() {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + PG_URL + " as " + PG_USER + " is not reachable (" + e.getMessage()
                    + "); run .ci/postgres first";
            if (System.getenv("CI") != null) {
                fail(message + " (CI is set, so this fails instead of skipping)");
            }
            abort(message);
        }
    }

    @Override
    public String toString() {
        return kind();
    }

    private static final class H2 extends TestDatabase {
        private final String url;

        H2(String name) {
            this.url = "jdbc:h2:mem:" + name.toLowerCase(Locale.ROOT) + ";DB_CLOSE_DELAY=-1";
        }

        @Override
        String url() {
            return url;
        }

        @Override
        String user() {
            return "sa";
        }

        @Override
        String password() {
            return "";
        }

        @Override
        String kind() {
            return "h2";
        }
    }

    private static final class H2Server extends TestDatabase {
        private static org.h2.tools.Server server;
        private final String name;

        H2Server(String name) {
            this.name = name.toLowerCase(Locale.ROOT);
            synchronized (H2Server.class) {
                if (server == null) {
                    try {
                        server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists")
                                .start();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        @Override
        String url() {
            return urlVia(port());
        }

        @Override
        String urlVia(int port) {
            return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name + ";DB_CLOSE_DELAY=-1";
        }

        @Override
        int port() {
            synchronized (H2Server.class) {
                return server.getPort();
            }
        }

        @Override
        String user() {
            return "sa";
        }

        @Override
        String password() {
            return "";
        }

        @Override
        String kind() {
            return "h2";
        }
    }

    private static final class Postgres extends TestDatabase {
        private final String url;

        Postgres(String url) {
            this.url = url;
        }

        @Override
        String url() {
            return url;
        }

        @Override
        String urlVia(int port) {
            return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
        }

        @Override
        int port() {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
            return m.find() ? Integer.parseInt(m.group(1)) : 5432;
        }

        @Override
        String user() {
            return PG_USER;
        }

        @Override
        String password() {
            return PG_PASSWORD;
        }

        @Override
        String kind() {
            return "postgres";
        }
    }
}
