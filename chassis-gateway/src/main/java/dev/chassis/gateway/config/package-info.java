/**
 * The gateway's configuration, section {@code gateway}: {@link dev.chassis.gateway.config.GatewayConfig}
 * with its {@link dev.chassis.gateway.config.RouteConfig routes} and trusted proxies.
 */
@NullMarked
package dev.chassis.gateway.config;

import org.jspecify.annotations.NullMarked;
