/**
 * What travels with a request across threads and calls. Start from
 * {@link dev.chassis.core.context.Deadline} (the time a request has left, sent downstream) and
 * {@link dev.chassis.core.context.TaskExecutor} (run work off the request's thread with its context);
 * a module that keeps per-request state (the MDC, the trace) contributes a
 * {@link dev.chassis.core.context.ContextPropagator}, which
 * {@link dev.chassis.core.context.ContextPropagation} captures and restores.
 */
@NullMarked
package dev.chassis.core.context;

import org.jspecify.annotations.NullMarked;
