package dev.chassis.core.internal.http;

import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.http.HttpStatusException;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the contributed {@link ExceptionMapper}s about an exception and each of its causes,
 * outermost first, mappers in order. Thread-safe.
 */
final class ExceptionMapping {
    private static final Logger log = LoggerFactory.getLogger(ExceptionMapping.class);

    /** Deep enough for any real wrapping; a longer chain is cut rather than walked forever. */
    private static final int MAX_DEPTH = 32;

    private final ExceptionMapper[] mappers;

    ExceptionMapping(List<ExceptionMapper> mappers) {
        this.mappers = mappers.stream()
                .sorted(Comparator.comparingInt(ExceptionMapper::order))
                .toArray(ExceptionMapper[]::new);
    }

    /** The status a mapper chose for the exception or one of its causes; null when none did. */
    @Nullable
    HttpStatusException map(Throwable thrown) {
        if (mappers.length == 0) {
            return null;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < MAX_DEPTH && seen.add(t); depth++) {
            for (ExceptionMapper mapper : mappers) {
                HttpStatusException mapped = ask(mapper, t);
                if (mapped != null) {
                    return mapped;
                }
            }
            t = t.getCause();
        }
        return null;
    }

    @Nullable
    private static HttpStatusException ask(ExceptionMapper mapper, Throwable t) {
        try {
            Optional<HttpStatusException> mapped = mapper.map(t);
            return mapped == null ? null : mapped.orElse(null);
        } catch (RuntimeException e) {
            log.warn(
                    "exception mapper {} failed; skipping it", mapper.getClass().getName(), e);
            return null;
        }
    }
}
