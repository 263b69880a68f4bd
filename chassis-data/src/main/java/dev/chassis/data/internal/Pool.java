package dev.chassis.data.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.chassis.core.common.Durations;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.data.config.DataSourceConfig;
import dev.chassis.data.config.JdbcUrls;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured source through its life: the HikariCP pool is made when the service starts
 * (before the server binds), connects and migrates either at once (fail-fast) or in the
 * background with backoff (retry), and closes when the service stops, after the HTTP drain.
 * Thread-safe.
 */
public final class Pool implements LifecycleParticipant {
    private static final Logger log = LoggerFactory.getLogger(Pool.class);

    /** Where a pool is in its life. */
    public enum State {
        /** Not started. */
        NEW,
        /** Started, not yet connected. */
        CONNECTING,
        /** Connected, running migrations. */
        MIGRATING,
        /** Connected and migrated: serving connections. */
        READY,
        /** Stopped, or failed to start. */
        STOPPED
    }

    private final String name;
    private final DataSourceConfig config;
    private final @Nullable MeterRegistry registry;
    private final PoolDataSource dataSource;
    private volatile @Nullable HikariDataSource hikari;
    private volatile State state = State.NEW;
    private volatile @Nullable String problem;
    private volatile @Nullable String database;
    private volatile int attempts;
    private @Nullable Thread retry;

    public Pool(String name, DataSourceConfig config, @Nullable MeterRegistry registry) {
        this.name = name;
        this.config = config;
        this.registry = registry;
        this.dataSource = new PoolDataSource(this, JdbcSeconds.ceil(config.queryTimeout()));
    }

    /** The source's name. */
    public String sourceName() {
        return name;
    }

    public DataSourceConfig config() {
        return config;
    }

    /** The gated data source handed to the application. */
    public PoolDataSource dataSource() {
        return dataSource;
    }

    public State state() {
        return state;
    }

    /** Why the pool is not ready, while it is not. */
    public @Nullable String problem() {
        return problem;
    }

    /** The database's product name and version, once connected. */
    public @Nullable String database() {
        return database;
    }

    public int attempts() {
        return attempts;
    }

    /** The HikariCP pool, once started and until stopped. */
    public @Nullable HikariDataSource hikari() {
        return hikari;
    }

    @Override
    public String name() {
        return "data source " + name;
    }

    @Override
    public int phase() {
        return PHASE_RESOURCES;
    }

    @Override
    public void start() {
        String url = JdbcUrls.redact(config.url());
        if (H2Files.isEmbeddedFile(config.url()) && H2Files.delaysWrites(config.url())) {
            log.warn(
                    "data source {} at {} sets a WRITE_DELAY: commits H2 has not yet written out when the"
                            + " process dies are lost, acknowledged or not (without it the chassis sets WRITE_DELAY=0)",
                    name,
                    url);
        }
        boolean failFast = config.startMode() == DataSourceConfig.StartMode.FAIL_FAST;
        state = State.CONNECTING;
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(HikariSettings.of(name, config, registry));
        } catch (HikariPool.PoolInitializationException e) {
            state = State.STOPPED;
            throw Causes.withoutSecrets(
                    "data source '" + name + "' cannot connect to " + url + ": " + Causes.rootMessage(e)
                            + " (data.sources." + name + ".start-mode is fail-fast; 'retry' starts the service"
                            + " not ready and keeps trying)",
                    e,
                    config.url());
        } catch (RuntimeException e) {
            state = State.STOPPED;
            throw Causes.withoutSecrets(
                    "data source '" + name + "' cannot be set up for " + url + ": " + Causes.rootMessage(e),
                    e,
                    config.url());
        }
        hikari = pool;
        if (failFast) {
            try {
                connectAndMigrate();
            } catch (Exception e) {
                String why = describe(e);
                state = State.STOPPED;
                pool.close();
                throw Causes.withoutSecrets(
                        "data source '" + name + "' at " + url + " failed to start: " + why, e, config.url());
            }
            return;
        }
        problem = "not connected yet";
        Thread t = new Thread(this::keepTrying, "chassis-data-" + name + "-start");
        t.setDaemon(true);
        synchronized (this) {
            retry = t;
        }
        t.start();
        log.info(
                "data source {} at {} starts in the background (start-mode retry); not ready until it connects",
                name,
                url);
    }

    private void connectAndMigrate() throws Exception {
        HikariDataSource pool = hikari;
        if (pool == null) {
            throw new IllegalStateException("not started");
        }
        attempts++;
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        }
        if (!advance(State.CONNECTING, State.MIGRATING)) {
            return;
        }
        String migrated = Migrations.migrate(name, config, pool);
        if (advance(State.MIGRATING, State.READY)) {
            problem = null;
            log.info(
                    "data source {} ready: {} at {}, {}; {}",
                    name,
                    database,
                    JdbcUrls.redact(config.url()),
                    H2Files.isEmbeddedFile(config.url())
                            ? "an H2 file serving one connection at a time"
                            : "pool of " + config.maximumPoolSize(),
                    migrated);
        }
    }

    private synchronized boolean advance(State from, State to) {
        if (state != from) {
            return false;
        }
        state = to;
        return true;
    }

    private void keepTrying() {
        Duration backoff = config.startRetryBackoff();
        while (state != State.STOPPED && state != State.READY) {
            try {
                connectAndMigrate();
                return;
            } catch (Exception e) {
                if (state == State.STOPPED) {
                    return;
                }
                problem = describe(e);
                advance(State.MIGRATING, State.CONNECTING);
                log.warn(
                        "data source {} is not ready (attempt {}): {}; trying again in {}",
                        name,
                        attempts,
                        problem,
                        Durations.format(backoff));
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(config.startRetryMaxBackoff()) > 0) {
                backoff = config.startRetryMaxBackoff();
            }
        }
    }

    private String describe(Exception e) {
        String url = config.url();
        if (state == State.MIGRATING || e instanceof org.flywaydb.core.api.FlywayException) {
            return "migration failed: " + Causes.redact(String.valueOf(e.getMessage()), url);
        }
        return "cannot connect: " + Causes.redact(Causes.rootMessage(e), url);
    }

    @Override
    public void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            state = State.STOPPED;
            t = retry;
            retry = null;
        }
        if (t != null) {
            t.interrupt();
            t.join(config.connectionTimeout().toMillis() + 1000);
        }
        HikariDataSource pool = hikari;
        if (pool != null) {
            pool.close();
            log.info("data source {} closed", name);
        }
    }

    @Override
    public String toString() {
        return "Pool[" + name + ", " + state + "]";
    }
}
