/**
 * Databases for chassis services: HikariCP pools configured under {@code data.sources}, Flyway
 * migrations at start, readiness checks, pool meters, 503 for pool exhaustion, and a transaction
 * runner. Add {@link dev.chassis.data.DataModule} to the service's component; inject
 * {@link javax.sql.DataSource}, {@link dev.chassis.data.Transactions} or
 * {@link dev.chassis.data.DataSources}; settings live in {@link dev.chassis.data.config.DataConfig} and
 * {@link dev.chassis.data.config.DataSourceConfig}.
 */
@NullMarked
package dev.chassis.data;

import org.jspecify.annotations.NullMarked;
