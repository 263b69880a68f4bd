package dev.chassis.benchmarks.jmh;

import dev.chassis.core.internal.routing.RouteMatch;
import dev.chassis.core.internal.routing.Router;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The chassis router's matching cost for a literal path, a path with two parameters and a miss,
 * with 10 and with 1000 routes. The router walks a trie of segments, so each figure should stay
 * the same when the route count grows a hundredfold.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 Router}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {
    @Param({"10", "1000"})
    int routes;

    private Router<String> router;

    /**
     * Routes shaped like a real service's: resources with an id and a sub-resource, so both
     * literal and parameter branches fan out as the count grows. The three measured routes are
     * always among them.
     */
    @Setup
    public void buildRouter() {
        Router.Builder<String> builder = Router.builder();
        builder.add("GET", "/hello", "hello");
        builder.add("GET", "/accounts/{account}/orders/{order}", "order");
        for (int i = 0; i < routes - 2; i++) {
            int resource = i / 4;
            String template = switch (i % 4) {
                case 0 -> "/r" + resource;
                case 1 -> "/r" + resource + "/{id}";
                case 2 -> "/r" + resource + "/{id}/items";
                default -> "/r" + resource + "/{id}/items/{item}";
            };
            builder.add("GET", template, template);
        }
        router = builder.build();
        check(literal(), "/hello");
        check(twoParameters(), "/accounts/{account}/orders/{order}");
        if (miss().kind() != RouteMatch.Kind.NOT_FOUND) {
            throw new IllegalStateException("expected a miss, got " + miss());
        }
    }

    private static void check(RouteMatch<String> match, String template) {
        if (match.kind() != RouteMatch.Kind.FOUND || !match.template().equals(template)) {
            throw new IllegalStateException("expected " + template + ", got " + match);
        }
    }

    @Benchmark
    public RouteMatch<String> literal() {
        return router.match("GET", "/hello");
    }

    @Benchmark
    public RouteMatch<String> twoParameters() {
        return router.match("GET", "/accounts/42/orders/1001");
    }

    @Benchmark
    public RouteMatch<String> miss() {
        return router.match("GET", "/accounts/42/invoices/7");
    }
}
