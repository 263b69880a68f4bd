package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Assertions on an {@code application/problem+json} body. */
public final class ProblemAssert {
    private final String request;
    private final JsonNode problem;

    ProblemAssert(String request, JsonNode problem) {
        this.request = request;
        this.problem = problem;
    }

    /** Asserts the {@code status} member. */
    public ProblemAssert hasStatus(int status) {
        assertThat(problem.path("status").asInt())
                .as("%s: problem status in %s", request, problem)
                .isEqualTo(status);
        return this;
    }

    /** Asserts the {@code detail} member. */
    public ProblemAssert hasDetail(String detail) {
        assertThat(problem.path("detail").asText())
                .as("%s: problem detail", request)
                .isEqualTo(detail);
        return this;
    }

    /** Asserts the {@code detail} member contains a text. */
    public ProblemAssert hasDetailContaining(String part) {
        assertThat(problem.path("detail").asText())
                .as("%s: problem detail", request)
                .contains(part);
        return this;
    }

    /** Asserts the {@code type} member ({@code about:blank} when the body has none). */
    public ProblemAssert hasType(String type) {
        assertThat(problem.path("type").asText("about:blank"))
                .as("%s: problem type", request)
                .isEqualTo(type);
        return this;
    }

    /** Asserts the {@code title} member. */
    public ProblemAssert hasTitle(String title) {
        assertThat(problem.path("title").asText())
                .as("%s: problem title", request)
                .isEqualTo(title);
        return this;
    }

    /** Asserts that the {@code errors} member lists this field with this message. */
    public ProblemAssert hasError(String pointer, String message) {
        assertThat(errors()).as("%s: problem errors", request).contains(pointer + ": " + message);
        return this;
    }

    /** Asserts that the {@code errors} member lists exactly these {@code "pointer: message"}s, in order. */
    public ProblemAssert hasErrors(String... errors) {
        assertThat(errors()).as("%s: problem errors", request).containsExactly(errors);
        return this;
    }

    /** Asserts a {@code correlationId} member is present, and returns it. */
    public String correlationId() {
        String id = problem.path("correlationId").asText();
        assertThat(id).as("%s: problem correlationId in %s", request, problem).isNotEmpty();
        return id;
    }

    /** The problem as sent. */
    public JsonNode json() {
        return problem;
    }

    private List<String> errors() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            out.add(e.path("pointer").asText() + ": " + e.path("message").asText());
        }
        return out;
    }
}
