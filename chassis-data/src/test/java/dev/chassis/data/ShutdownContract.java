package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.chassis.core.Service;
import dev.chassis.core.http.Response;
import dev.chassis.core.lifecycle.ServiceState;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The service stops while transactions are in flight: they finish inside the grace period (the
 * pool closes after the drain), and the rows committed are exactly the writes acknowledged. Run
 * against H2 and PostgreSQL.
 */
abstract class ShutdownContract {
    static final int IN_FLIGHT = 8;

    abstract TestDatabase database();

    @Test
    void stopWithTransactionsInFlightCommitsExactlyTheAcknowledgedWrites() throws Exception {
        TestDatabase db = database();
        TestService app = TestService.create(
                "lifecycle: {grace-period: 20s}\n"
                        + db.mainSource("maximum-pool-size: 10, migrations: {locations: ['classpath:db/orders']}"),
                sources -> routing -> routing.post(
                        "/orders",
                        request -> sources.transactions(DataSources.DEFAULT).inTransaction(c -> {
                            try (PreparedStatement insert =
                                    c.prepareStatement("INSERT INTO orders (item) VALUES (?)")) {
                                insert.setString(1, "book");
                                insert.executeUpdate();
                            }
                            try (Statement work = c.createStatement()) {
                                work.execute("SELECT pg_sleep(0.8)");
                            }
                            return Response.status(201).json(Map.of("ordered", true));
                        })));
        Service service = app.service();
        service.start();
        Http http = new Http(service);
        HikariDataSource hikari = app.dataSource().unwrap(HikariDataSource.class);

        List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            writes.add(http.postAsync("/orders"));
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> hikari.getHikariPoolMXBean().getActiveConnections() == IN_FLIGHT);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(service::stop);
        await().atMost(Duration.ofSeconds(5)).until(() -> service.state() != ServiceState.READY);
        // Writes that arrive while draining are refused, never half done.
        for (int i = 0; i < 4; i++) {
            writes.add(http.postAsync("/orders"));
        }
        stopping.get(30, TimeUnit.SECONDS);

        int acknowledged = 0;
        int inFlightAcknowledged = 0;
        for (int i = 0; i < writes.size(); i++) {
            try {
                HttpResponse<String> r = writes.get(i).get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 201) {
                    acknowledged++;
                    inFlightAcknowledged += i < IN_FLIGHT ? 1 : 0;
                }
            } catch (ExecutionException refused) {
                // The listener had closed: not acknowledged, so it must not be committed.
            }
        }
        assertThat(inFlightAcknowledged)
                .as("every transaction in flight at the stop finished")
                .isEqualTo(IN_FLIGHT);
        assertThat(db.queryLong("SELECT count(*) FROM orders")).isEqualTo(acknowledged);

        assertThat(service.state()).isEqualTo(ServiceState.STOPPED);
        assertThat(hikari.isClosed()).isTrue();
        assertThatThrownBy(() -> app.dataSource().getConnection())
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessage("data source 'main' is not ready (stopped)");
    }
}
