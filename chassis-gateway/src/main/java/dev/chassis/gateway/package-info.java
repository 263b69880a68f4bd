/**
 * The edge service: {@link dev.chassis.gateway.GatewayModule} forwards requests along the routes of
 * {@link dev.chassis.gateway.config.GatewayConfig} to services found through discovery or to fixed URLs.
 */
@NullMarked
package dev.chassis.gateway;

import org.jspecify.annotations.NullMarked;
