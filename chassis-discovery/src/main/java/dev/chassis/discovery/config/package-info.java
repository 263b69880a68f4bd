/**
 * The discovery module's configuration, section {@code discovery.consul}:
 * {@link dev.chassis.discovery.config.ConsulConfig} (the agent, its TLS and retries) with
 * {@link dev.chassis.discovery.config.RegistrationConfig},
 * {@link dev.chassis.discovery.config.WatchConfig} and {@link dev.chassis.discovery.config.KvConfig}.
 * Depends on no other package of the module.
 */
@NullMarked
package dev.chassis.discovery.config;

import org.jspecify.annotations.NullMarked;
