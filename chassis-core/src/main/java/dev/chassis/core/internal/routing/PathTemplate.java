package dev.chassis.core.internal.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed route template: literal segments, {@code {name}} parameters, and an optional last
 * {@code {name...}} that takes the rest of the path.
 */
public record PathTemplate(String text, List<Segment> segments, List<String> parameterNames) {
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** One segment of a template. */
    public record Segment(Kind kind, String value) {}

    /** What a segment matches. */
    public enum Kind {
        /** Exactly the text. */
        LITERAL,
        /** Any non-empty segment. */
        PARAM,
        /** The rest of the path, one or more segments. */
        REST
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException if it does not start with '/', has an empty segment, an
     *     unclosed or misplaced brace, a repeated parameter, or a rest parameter before the end
     */
    public static PathTemplate parse(String text) {
        if (text.isEmpty() || text.charAt(0) != '/') {
            throw invalid(text, "must start with /");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (text.length() > 1) {
            String[] parts = text.substring(1).split("/", -1);
            for (int i = 0; i < parts.length; i++) {
                Segment segment = segment(text, parts[i], i == parts.length - 1);
                if (segment.kind() != Kind.LITERAL && !seen.add(segment.value())) {
                    throw invalid(text, "parameter {" + segment.value() + "} appears twice");
                }
                if (segment.kind() != Kind.LITERAL) {
                    names.add(segment.value());
                }
                segments.add(segment);
            }
        }
        return new PathTemplate(text, List.copyOf(segments), List.copyOf(names));
    }

    private static Segment segment(String text, String part, boolean last) {
        if (part.isEmpty()) {
            throw invalid(text, "has an empty segment");
        }
        if (part.charAt(0) != '{') {
            if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
                throw invalid(text, "a parameter must be a whole segment: '" + part + "'");
            }
            return new Segment(Kind.LITERAL, part);
        }
        if (part.charAt(part.length() - 1) != '}') {
            throw invalid(text, "a parameter must be a whole segment: '" + part + "'");
        }
        String inner = part.substring(1, part.length() - 1);
        Kind kind = Kind.PARAM;
        if (inner.endsWith("...")) {
            if (!last) {
                throw invalid(text, "{" + inner + "} must be the last segment");
            }
            inner = inner.substring(0, inner.length() - 3);
            kind = Kind.REST;
        }
        if (!PARAM_NAME.matcher(inner).matches()) {
            throw invalid(text, "parameter name '" + inner + "' (expected: letters, digits and _)");
        }
        return new Segment(kind, inner);
    }

    /** The template with parameter names erased, equal for templates that match the same paths. */
    public String shape() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append('/')
                    .append(
                            switch (s.kind()) {
                                case LITERAL -> s.value();
                                case PARAM -> "{}";
                                case REST -> "{...}";
                            });
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("path: '" + text + "' " + why);
    }
}
