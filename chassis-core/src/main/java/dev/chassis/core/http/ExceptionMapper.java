package dev.chassis.core.http;

import java.util.Optional;

/**
 * Chooses the answer for an exception a handler threw that is not an {@link HttpStatusException}:
 * contributed with {@code @Provides @IntoSet ExceptionMapper} by modules whose libraries throw
 * their own types, such as a connection pool's "no connection available".
 *
 * <pre>{@code
 * final class LockTimeoutMapper implements ExceptionMapper {
 *     public Optional<HttpStatusException> map(Throwable failure) {
 *         return failure instanceof LockTimeoutException
 *                 ? Optional.of(new HttpStatusException(409, "the record is being changed; try again", failure))
 *                 : Optional.empty();
 *     }
 * }
 * }</pre>
 *
 * <p>The server offers mappers the exception and then each of its causes, outermost first, so an
 * exception still maps when application code wrapped it; the first mapper, in {@link #order()},
 * to answer for the outermost exception wins. An exception no mapper answers for is a 500, as
 * before. Give the returned exception the failure as its cause: a 5xx with a cause is logged once
 * with it. Mappers run on the handler's thread (or where a returned stage failed), must not block
 * and must be thread-safe; one that throws is logged and skipped.
 */
@FunctionalInterface
public interface ExceptionMapper {
    /**
     * The answer for this exception, or empty to leave it to other mappers and, failing them, a
     * 500.
     */
    Optional<HttpStatusException> map(Throwable failure);

    /** The position among mappers, lowest asked first. */
    default int order() {
        return 0;
    }
}
