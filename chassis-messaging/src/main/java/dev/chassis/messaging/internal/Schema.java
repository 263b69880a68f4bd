package dev.chassis.messaging.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The outbox, lease and inbox tables, migrated by Flyway with a history table of their own
 * ({@value #HISTORY}), so that they neither clash with the service's own migrations nor need a
 * version among them.
 */
final class Schema {
    static final String HISTORY = "chassis_messaging_schema_history";

    private Schema() {}

    /** Brings the tables up to date; answers the database's dialect and a line for the log. */
    static Migrated migrate(DataSource dataSource) throws SQLException {
        Dialect dialect;
        MigrateResult result;
        // Flyway on one connection: an H2 file serves one at a time, and Flyway would otherwise take two.
        try (Connection c = dataSource.getConnection()) {
            dialect = Dialect.of(c);
            result = flyway(single(c), dialect);
        }
        return new Migrated(dialect, result.migrationsExecuted + " messaging migration(s) applied");
    }

    private static MigrateResult flyway(DataSource dataSource, Dialect dialect) {
        return Flyway.configure()
                .dataSource(dataSource)
                .table(HISTORY)
                .locations(dialect.migrations())
                // The service's own tables are there already: ours start after a baseline at 0.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** A data source that hands out this connection, whose {@code close} leaves it open. */
    private static DataSource single(Connection connection) {
        Connection kept = (Connection) Proxy.newProxyInstance(
                Schema.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(
                Schema.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return kept;
                    }
                    if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                        return method.getName().equals("isWrapperFor") ? Boolean.FALSE : null;
                    }
                    if (method.getName().equals("getLoginTimeout")) {
                        return 0;
                    }
                    if (method.getName().equals("toString")) {
                        return "one connection of the messaging data source";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    record Migrated(Dialect dialect, String summary) {}
}
