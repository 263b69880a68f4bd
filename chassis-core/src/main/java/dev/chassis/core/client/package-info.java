/**
 * Calling other services. Start from {@link dev.chassis.core.client.ServiceClients}
 * (injected) and {@link dev.chassis.core.client.ServiceClient}: {@code clients.get("accounts")
 * .get("/accounts/{id}", id).send(Account.class)}. Instances come from {@code clients.<name>.urls}
 * ({@link dev.chassis.core.client.ClientConfig}) or a {@link dev.chassis.core.client.ServiceResolver};
 * failures are {@link dev.chassis.core.client.ClientException}s whose subtypes say how the call
 * failed and {@link dev.chassis.core.client.ClientException#reachedServer()} whether it may have
 * taken effect. Extension points for other modules: {@link dev.chassis.core.client.CallPolicy}
 * (resilience), {@link dev.chassis.core.client.InstanceGate} (breakers),
 * {@link dev.chassis.core.client.ClientObserver} (metrics, tracing).
 */
@NullMarked
package dev.chassis.core.client;

import org.jspecify.annotations.NullMarked;
