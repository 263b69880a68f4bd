package dev.chassis.data.internal;

import dev.chassis.data.config.DataSourceConfig;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Runs a source's Flyway migrations. */
final class Migrations {
    private Migrations() {}

    /**
     * Brings the schema up to date; returns a line for the log, or null when migrations are off.
     *
     * @throws org.flywaydb.core.api.FlywayException if a migration fails or the history does not
     *     match the migrations found
     */
    static String migrate(String source, DataSourceConfig config, DataSource dataSource) {
        if (!config.migrations().enabled()) {
            return "migrations off";
        }
        List<String> locations = config.migrations().locationsFor(source);
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .load()
                .migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return result.migrationsExecuted + " migration(s) applied from " + String.join(", ", locations)
                + ", schema version " + (version == null ? "none" : version);
    }
}
