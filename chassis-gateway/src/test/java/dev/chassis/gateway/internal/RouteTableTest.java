package dev.chassis.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.gateway.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final Set<String> SERVICES = Set.of("accounts", "transfers", "statements");

    static BoundConfig bind(String yaml) {
        return ConfigBinding.bind(Config.builder().yaml("test.yaml", yaml).build(), List.of(GatewayConfig.SECTION));
    }

    static RouteTable table(String yaml) {
        BoundConfig config = bind(yaml);
        return RouteTable.create(config.get(GatewayConfig.SECTION), SERVICES::contains, "one of accounts", config);
    }

    private static final String ROUTES = """
            gateway:
              routes:
                - id: everything
                  path-prefix: /
                  url: http://fallback:9000
                - id: api
                  path-prefix: /api/accounts
                  strip-prefix: true
                  service: accounts
                - id: one-account
                  path: /api/accounts/{id}
                  methods: [GET]
                  rewrite: /v2/accounts/{id}
                  service: accounts
                - id: transfers-admin
                  path-prefix: /api/transfers
                  host: admin.example.com
                  service: transfers
                - id: transfers
                  path-prefix: /api/transfers
                  service: transfers
                - id: beta
                  path-prefix: /api/transfers
                  headers: {X-Beta: "1"}
                  service: statements
                - id: files
                  path: /files/{rest...}
                  rewrite: /store/{rest}
                  service: statements
            """;

    private static String route(
            RouteTable table, String method, String path, String host, Map<String, String> headers) {
        RouteTable.Match m = table.match(method, path, host, headers::get);
        return m == null ? "none" : m.route().id() + " " + m.path();
    }

    @Test
    void theMostSpecificRouteWinsAndRewritesThePath() {
        RouteTable t = table(ROUTES);
        assertThat(route(t, "GET", "/api/accounts/42", "", Map.of())).isEqualTo("one-account /v2/accounts/42");
        assertThat(route(t, "POST", "/api/accounts/42", "", Map.of())).isEqualTo("api /42");
        assertThat(route(t, "GET", "/api/accounts", "", Map.of())).isEqualTo("api /");
        assertThat(route(t, "GET", "/api/accountsx", "", Map.of())).isEqualTo("everything /api/accountsx");
        assertThat(route(t, "GET", "/api/transfers/1", "admin.example.com", Map.of()))
                .isEqualTo("transfers-admin /api/transfers/1");
        assertThat(route(t, "GET", "/api/transfers/1", "other", Map.of())).isEqualTo("transfers /api/transfers/1");
        assertThat(route(t, "GET", "/api/transfers/1", "", Map.of("X-Beta", "1")))
                .isEqualTo("beta /api/transfers/1");
        assertThat(route(t, "GET", "/api/transfers/1", "", Map.of("X-Beta", "2")))
                .isEqualTo("transfers /api/transfers/1");
        assertThat(route(t, "GET", "/files/a/b%20c", "", Map.of())).isEqualTo("files /store/a/b%20c");
        assertThat(route(t, "GET", "/files", "", Map.of())).isEqualTo("everything /files");
    }

    @Test
    void noRouteMatchesWithoutACatchAll() {
        RouteTable t = table("""
                gateway:
                  routes:
                    - {id: a, path-prefix: /a, service: accounts, methods: [GET, HEAD]}
                """);
        assertThat(route(t, "GET", "/b", "", Map.of())).isEqualTo("none");
        assertThat(route(t, "DELETE", "/a", "", Map.of())).isEqualTo("none");
        assertThat(route(t, "HEAD", "/a/1", "", Map.of())).isEqualTo("a /a/1");
    }

    @Test
    void aRouteToNoServiceFailsNamingItsKey() {
        assertThatThrownBy(() -> table("""
                        gateway:
                          routes:
                            - {id: a, path-prefix: /a, service: accounts}
                            - {id: b, path-prefix: /b, service: acounts}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.routes.1.service")
                .hasMessageContaining("route 'b' points at no service 'acounts' (expected: one of accounts)")
                .hasMessageContaining("test.yaml");
    }

    @Test
    void overlappingRoutesFailNamingBoth() {
        assertThatThrownBy(() -> table("""
                        gateway:
                          routes:
                            - {id: first, path: "/api/{id}", methods: [GET, POST], service: accounts}
                            - {id: other, path-prefix: /other, service: accounts}
                            - {id: second, path: "/api/{name}", methods: [POST], service: transfers}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.routes.2")
                .hasMessageContaining("routes 'first' (gateway.routes.0) and 'second' (gateway.routes.2) overlap:"
                        + " both match POST /api/{name}");
    }

    @Test
    void routesThatDifferInAConditionDoNotOverlap() {
        RouteTable t = table("""
                gateway:
                  routes:
                    - {id: r, path: "/api/{id}", methods: [GET], service: accounts}
                    - {id: w, path: "/api/{id}", methods: [PUT], service: accounts}
                    - {id: h, path: "/api/{id}", host: a.example, service: accounts}
                """);
        assertThat(t.routes()).hasSize(3);
    }

    @Test
    void badRouteValuesNameTheKey() {
        assertThatThrownBy(() -> table("""
                        gateway:
                          routes:
                            - {id: a, path-prefix: /a, path: /b, service: accounts}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.routes")
                .hasMessageContaining("exactly one of the two");
        assertThatThrownBy(() -> table("""
                        gateway:
                          routes:
                            - {id: a, path: "/a/{id}", rewrite: "/b/{other}", service: accounts}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.routes.0.rewrite")
                .hasMessageContaining("{other} is not a parameter of the path");
        assertThatThrownBy(() -> table("""
                        gateway:
                          routes:
                            - {id: a, path-prefix: /a, url: "http://x:1/path"}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.routes.0.url");
        assertThatThrownBy(() -> table("""
                        gateway:
                          routes:
                            - {id: a, path-prefix: /a, service: accounts}
                            - {id: a, path-prefix: /b, service: accounts}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.routes.1.id");
    }
}
