/**
 * The implementation of Consul discovery; not API. {@link dev.chassis.discovery.internal.ConsulAgent}
 * wraps consul-client; {@link dev.chassis.discovery.internal.ConsulRegistrar} registers the
 * service; {@link dev.chassis.discovery.internal.ConsulResolver} keeps one
 * {@link dev.chassis.discovery.internal.ServiceWatch} per downstream; and
 * {@link dev.chassis.discovery.internal.ConsulKvLayer} reads and watches the KV layer.
 */
@NullMarked
package dev.chassis.discovery.internal;

import org.jspecify.annotations.NullMarked;
