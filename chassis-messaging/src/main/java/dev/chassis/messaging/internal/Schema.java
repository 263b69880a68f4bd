package dev.chassis.messaging.internal;

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
        try (Connection c = dataSource.getConnection()) {
            dialect = Dialect.of(c);
        }
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .table(HISTORY)
                .locations(dialect.migrations())
                // The service's own tables are there already: ours start after a baseline at 0.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return new Migrated(dialect, result.migrationsExecuted + " messaging migration(s) applied");
    }

    record Migrated(Dialect dialect, String summary) {}
}
