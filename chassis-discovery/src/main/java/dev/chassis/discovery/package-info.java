/**
 * Consul for chassis services: registration with a health check, a resolver on blocking queries
 * for the chassis client, and configuration from Consul KV. Add
 * {@link dev.chassis.discovery.DiscoveryModule} to the service's component; settings live in
 * {@link dev.chassis.discovery.config.ConsulConfig} (section {@code discovery.consul}).
 */
@NullMarked
package dev.chassis.discovery;

import org.jspecify.annotations.NullMarked;
