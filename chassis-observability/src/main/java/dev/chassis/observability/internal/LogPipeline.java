package dev.chassis.observability.internal;

import org.jspecify.annotations.Nullable;

/**
 * The logging the chassis set up for the service.
 *
 * @param async the async appender, or null when the service brings its own logback configuration
 * @param goSynchronous drains the async appender and logs synchronously from then on
 */
public record LogPipeline(@Nullable CountingAsyncAppender async, Runnable goSynchronous) {}
