/**
 * Routes, requests and responses. Start from {@link dev.chassis.core.http.Routes}, contributed with
 * {@code @IntoSet}, which register {@link dev.chassis.core.http.Handler}s on
 * {@link dev.chassis.core.http.Routing}; a handler reads a {@link dev.chassis.core.http.Request} and
 * returns a value (written as JSON) or a {@link dev.chassis.core.http.Response}, and refuses with an
 * {@link dev.chassis.core.http.HttpStatusException} (problem+json). Request records implementing
 * {@link dev.chassis.core.http.Validatable} are checked when read. Extension points:
 * {@link dev.chassis.core.http.Filter} (around handlers), {@link dev.chassis.core.http.ExchangeListener}
 * (every exchange, refused ones too), {@link dev.chassis.core.http.ExceptionMapper} (a library's
 * exceptions as statuses). For tests, {@link dev.chassis.core.http.InMemoryClient}.
 */
@NullMarked
package dev.chassis.core.http;

import org.jspecify.annotations.NullMarked;
