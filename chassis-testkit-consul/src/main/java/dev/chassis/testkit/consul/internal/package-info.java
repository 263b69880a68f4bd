/**
 * The fake Consul agent's implementation; not part of the public API. {@link
 * dev.chassis.testkit.consul.internal.ConsulServer} runs it as a chassis service.
 */
@NullMarked
package dev.chassis.testkit.consul.internal;

import org.jspecify.annotations.NullMarked;
