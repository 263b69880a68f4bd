/**
 * A fake Consul agent for tests: an HTTP server that answers the agent, health, catalog, KV and
 * status endpoints the way Consul does, runs the registered checks, and lets a test inject
 * faults.
 *
 * <p>Start from {@link dev.chassis.testkit.consul.FakeConsul#start(FakeConsulOptions)}, or run
 * {@link dev.chassis.testkit.consul.FakeConsulMain} as a process.
 */
@NullMarked
package dev.chassis.testkit.consul;

import dev.chassis.testkit.consul.model.FakeConsulOptions;
import org.jspecify.annotations.NullMarked;
