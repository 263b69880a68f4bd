package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A service with nothing configured runs on H2 in memory with the documented pool settings; more
 * sources are named, each with its own migrations; a disabled one is not there.
 */
class DefaultsIT {
    static long count(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void withNothingConfiguredTheServiceRunsOnH2WithTheDocumentedPool() throws Exception {
        PlainService app = PlainService.create("");
        app.service().start();
        try {
            try (Connection c = app.dataSource().getConnection()) {
                assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("H2");
                assertThat(c.getMetaData().getURL()).isEqualTo("jdbc:h2:mem:main");
            }
            HikariDataSource hikari = app.dataSource().unwrap(HikariDataSource.class);
            assertThat(hikari.getPoolName()).isEqualTo("main");
            assertThat(hikari.getMaximumPoolSize()).isEqualTo(10);
            assertThat(hikari.getMinimumIdle()).isEqualTo(10);
            assertThat(hikari.getConnectionTimeout()).isEqualTo(5_000);
            assertThat(hikari.getValidationTimeout()).isEqualTo(2_000);
            assertThat(hikari.getIdleTimeout()).isEqualTo(600_000);
            assertThat(hikari.getMaxLifetime()).isEqualTo(1_800_000);
            assertThat(hikari.getKeepaliveTime()).isEqualTo(120_000);
            assertThat(hikari.getLeakDetectionThreshold()).as("on by default").isEqualTo(40_000);
            assertThat(hikari.getMetricsTrackerFactory())
                    .as("no registry, no meters")
                    .isNull();
            boolean autoCommit = app.transactions().inTransaction(Connection::getAutoCommit);
            assertThat(autoCommit).isFalse();

            JsonNode ready =
                    Http.json(new Http(app.service()).get("/health/ready").body());
            assertThat(ready.path("components").path("db-main").path("status").asText())
                    .isEqualTo("UP");
            assertThat(ready.path("components")
                            .path("db-main")
                            .path("details")
                            .path("database")
                            .asText())
                    .startsWith("H2 2.");
        } finally {
            app.service().stop();
        }
    }

    @Test
    void namedSourcesHaveTheirOwnPoolsMigrationsAndChecks() throws Exception {
        PlainService app = PlainService.create("""
                data:
                  sources:
                    main: {url: 'jdbc:h2:mem:defaults_main;DB_CLOSE_DELAY=-1', maximum-pool-size: 2}
                    reports: {url: 'jdbc:h2:mem:defaults_reports;DB_CLOSE_DELAY=-1', maximum-pool-size: 3}
                """);
        app.service().start();
        try {
            DataSources sources = app.dataSources();
            assertThat(sources.names()).containsExactly("main", "reports");
            assertThat(count(sources.get("reports"), "report_rows")).isEqualTo(3);
            assertThatThrownBy(() -> count(sources.get("main"), "report_rows"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("REPORT_ROWS");
            assertThat(sources.get("reports").unwrap(HikariDataSource.class).getMaximumPoolSize())
                    .isEqualTo(3);
            String url = sources.transactions("reports")
                    .inTransaction(c -> c.getMetaData().getURL());
            assertThat(url).isEqualTo("jdbc:h2:mem:defaults_reports");

            JsonNode checks = Http.json(
                            new Http(app.service()).get("/health/ready").body())
                    .path("components");
            assertThat(checks.path("db-main").path("details").path("max").asInt())
                    .isEqualTo(2);
            assertThat(checks.path("db-reports").path("details").path("max").asInt())
                    .isEqualTo(3);
        } finally {
            app.service().stop();
        }
    }

    @Test
    void migrationsSwitchedOffLeaveTheSchemaAsItIs() throws Exception {
        PlainService app = PlainService.create("""
                data:
                  sources:
                    main: {url: 'jdbc:h2:mem:defaults_no_migrations_main;DB_CLOSE_DELAY=-1'}
                    reports:
                      url: 'jdbc:h2:mem:defaults_no_migrations;DB_CLOSE_DELAY=-1'
                      migrations: {enabled: false}
                """);
        app.service().start();
        try {
            assertThatThrownBy(() -> count(app.dataSources().get("reports"), "report_rows"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("REPORT_ROWS");
            assertThatThrownBy(() -> count(app.dataSources().get("reports"), "\"flyway_schema_history\""))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("flyway_schema_history");
        } finally {
            app.service().stop();
        }
    }

    @Test
    void disabledMainIsNotThereAndSaysWhy() {
        PlainService app = PlainService.create("""
                data:
                  sources:
                    main: {enabled: false}
                    reports: {url: 'jdbc:h2:mem:defaults_only_reports;DB_CLOSE_DELAY=-1'}
                """);
        assertThatThrownBy(app::dataSource)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data source 'main' is disabled (data.sources.main.enabled: false)");
        app.service().start();
        try {
            assertThat(app.dataSources().names()).containsExactly("reports");
        } finally {
            app.service().stop();
        }
    }
}
