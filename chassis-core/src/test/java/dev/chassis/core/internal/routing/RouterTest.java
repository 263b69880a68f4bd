package dev.chassis.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.internal.routing.RouteMatch.Kind;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static Router<String> router(String... routes) {
        Router.Builder<String> builder = Router.builder();
        for (String route : routes) {
            String[] parts = route.split(" ", 2);
            builder.add(parts[0], parts[1], route);
        }
        return builder.build();
    }

    @Test
    void matchesLiteralPaths() {
        Router<String> r = router("GET /", "GET /hello", "GET /hello/world");
        assertThat(r.match("GET", "/").route()).isEqualTo("GET /");
        assertThat(r.match("GET", "/hello").route()).isEqualTo("GET /hello");
        assertThat(r.match("GET", "/hello/world").route()).isEqualTo("GET /hello/world");
        assertThat(r.match("GET", "/hello/world").template()).isEqualTo("/hello/world");
    }

    @Test
    void capturesParameters() {
        Router<String> r = router("GET /accounts/{id}", "GET /accounts/{id}/transfers/{transfer}");
        RouteMatch<String> m = r.match("GET", "/accounts/42/transfers/t-7");
        assertThat(m.kind()).isEqualTo(Kind.FOUND);
        assertThat(m.template()).isEqualTo("/accounts/{id}/transfers/{transfer}");
        assertThat(m.value("id")).isEqualTo("42");
        assertThat(m.value("transfer")).isEqualTo("t-7");
        assertThat(m.value("nope")).isNull();
    }

    @Test
    void literalWinsOverParameterAndBacktracks() {
        Router<String> r = router("GET /a/b/c", "GET /a/{x}/d", "GET /a/b");
        assertThat(r.match("GET", "/a/b/c").route()).isEqualTo("GET /a/b/c");
        assertThat(r.match("GET", "/a/b/d").route()).isEqualTo("GET /a/{x}/d");
        assertThat(r.match("GET", "/a/b/d").value("x")).isEqualTo("b");
        assertThat(r.match("GET", "/a/b").route()).isEqualTo("GET /a/b");
    }

    @Test
    void backtracksToAnotherBranchForTheMethod() {
        Router<String> r = router("GET /a/b", "POST /a/{x}");
        RouteMatch<String> post = r.match("POST", "/a/b");
        assertThat(post.route()).isEqualTo("POST /a/{x}");
        assertThat(post.value("x")).isEqualTo("b");
    }

    @Test
    void restParameterTakesTheRemainder() {
        Router<String> r = router("GET /files/{path...}", "GET /files/index");
        assertThat(r.match("GET", "/files/a/b/c.txt").value("path")).isEqualTo("a/b/c.txt");
        assertThat(r.match("GET", "/files/index").route()).isEqualTo("GET /files/index");
        assertThat(r.match("GET", "/files/x").value("path")).isEqualTo("x");
        assertThat(r.match("GET", "/files").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(r.match("GET", "/files/").kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void unknownPathIsNotFound() {
        Router<String> r = router("GET /hello/{name}");
        assertThat(r.match("GET", "/nope").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(r.match("GET", "/hello").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(r.match("GET", "/hello/").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(r.match("GET", "/hello/a/b").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(r.match("GET", "/hello//").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(r.match("GET", "//hello/x").kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void trailingSlashIsADifferentPath() {
        Router<String> r = router("GET /hello");
        assertThat(r.match("GET", "/hello/").kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void knownPathWithOtherMethodIsMethodNotAllowedWithAllow() {
        Router<String> r = router("GET /accounts/{id}", "DELETE /accounts/{id}", "POST /accounts/new");
        RouteMatch<String> m = r.match("PUT", "/accounts/new");
        assertThat(m.kind()).isEqualTo(Kind.METHOD_NOT_ALLOWED);
        assertThat(m.allow()).isEqualTo("DELETE, GET, HEAD, OPTIONS, POST");
    }

    @Test
    void methodNotAllowedCarriesTheTemplateOfTheMostSpecificRouteWithThePath() {
        Router<String> r = router("GET /accounts/{id}", "DELETE /accounts/{id}", "POST /accounts/new", "GET /a/b/c");
        assertThat(r.match("PUT", "/accounts/new").template()).isEqualTo("/accounts/new");
        assertThat(r.match("PUT", "/accounts/7").template()).isEqualTo("/accounts/{id}");
        assertThat(r.match("PUT", "/accounts/caf%C3%A9").template()).isEqualTo("/accounts/{id}");
        assertThat(r.match("POST", "/a/b/c").template()).isEqualTo("/a/b/c");
        assertThat(r.match("OPTIONS", "/accounts/7").template()).isEqualTo("/accounts/{id}");
        assertThat(r.match("OPTIONS", "*").template()).isEmpty();
        assertThat(r.match("PUT", "/a/b").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(r.match("PUT", "/a/b").template()).isEmpty();
    }

    @Test
    void headFallsBackToGet() {
        Router<String> r = router("GET /hello", "HEAD /explicit", "GET /explicit");
        assertThat(r.match("HEAD", "/hello").route()).isEqualTo("GET /hello");
        assertThat(r.match("HEAD", "/explicit").route()).isEqualTo("HEAD /explicit");
    }

    @Test
    void optionsIsAnsweredFromRegisteredMethods() {
        Router<String> r = router("GET /hello", "POST /hello");
        RouteMatch<String> m = r.match("OPTIONS", "/hello");
        assertThat(m.kind()).isEqualTo(Kind.OPTIONS);
        assertThat(m.allow()).isEqualTo("GET, HEAD, OPTIONS, POST");
        assertThat(r.match("OPTIONS", "*").allow()).isEqualTo("GET, HEAD, OPTIONS, POST");
        assertThat(r.match("OPTIONS", "/nope").kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void explicitOptionsRouteWins() {
        Router<String> r = router("GET /hello", "OPTIONS /hello");
        assertThat(r.match("OPTIONS", "/hello").route()).isEqualTo("OPTIONS /hello");
    }

    @Test
    void decodesPercentEncodedSegments() {
        Router<String> r = router("GET /hello/{name}", "GET /a b/c");
        assertThat(r.match("GET", "/hello/a%20b").value("name")).isEqualTo("a b");
        assertThat(r.match("GET", "/hello/a%2Fb").value("name")).isEqualTo("a/b");
        assertThat(r.match("GET", "/hello/1+1").value("name")).isEqualTo("1+1");
        assertThat(r.match("GET", "/hello/1%2B1").value("name")).isEqualTo("1+1");
        assertThat(r.match("GET", "/a%20b/c").route()).isEqualTo("GET /a b/c");
    }

    @Test
    void rejectsInvalidTemplates() {
        assertThatThrownBy(() -> router("GET hello")).hasMessage("path: 'hello' must start with /");
        assertThatThrownBy(() -> router("GET /a//b")).hasMessage("path: '/a//b' has an empty segment");
        assertThatThrownBy(() -> router("GET /a/{id"))
                .hasMessage("path: '/a/{id' a parameter must be a whole segment: '{id'");
        assertThatThrownBy(() -> router("GET /a/x{id}"))
                .hasMessage("path: '/a/x{id}' a parameter must be a whole segment: 'x{id}'");
        assertThatThrownBy(() -> router("GET /a/{id}/{id}"))
                .hasMessage("path: '/a/{id}/{id}' parameter {id} appears twice");
        assertThatThrownBy(() -> router("GET /a/{rest...}/b"))
                .hasMessage("path: '/a/{rest...}/b' {rest...} must be the last segment");
        assertThatThrownBy(() -> router("GET /a/{1x}"))
                .hasMessage("path: '/a/{1x}' parameter name '1x' (expected: letters, digits and _)");
    }

    @Test
    void rejectsClashingRoutes() {
        assertThatThrownBy(() -> router("GET /a/{id}", "GET /a/{name}"))
                .hasMessage("route GET /a/{name} clashes with GET /a/{id}");
        assertThatThrownBy(() -> router("GET /a", "GET /a")).hasMessage("route GET /a clashes with GET /a");
    }

    @Test
    void parameterlessMatchesAreShared() {
        Router<String> r = router("GET /hello");
        assertThat(r.match("GET", "/hello")).isSameAs(r.match("GET", "/hello"));
    }

    @Test
    void manyLiteralSiblingsAreFoundThroughTheHashTable() {
        Router.Builder<String> builder = Router.builder();
        for (int i = 0; i < 2000; i++) {
            builder.add("GET", "/r" + i + "/items/{id}", "r" + i);
        }
        Router<String> r = builder.build();
        for (int i = 0; i < 2000; i += 97) {
            RouteMatch<String> m = r.match("GET", "/r" + i + "/items/" + i);
            assertThat(m.route()).isEqualTo("r" + i);
            assertThat(m.value("id")).isEqualTo(Integer.toString(i));
        }
        assertThat(r.match("GET", "/r2000/items/1").kind()).isEqualTo(Kind.NOT_FOUND);
    }
}
