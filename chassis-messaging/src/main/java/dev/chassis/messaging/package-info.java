/**
 * Events over Kafka for chassis services: a transactional {@link dev.chassis.messaging.event.Outbox} on
 * chassis-data whose relay sends rows to Kafka with an idempotent producer, a direct
 * {@link dev.chassis.messaging.event.Publisher} for events that need no transaction, and consumers
 * declared like routes ({@link dev.chassis.messaging.event.EventHandlers}) with an inbox for exactly-once
 * effects, retries with backoff and a dead-letter topic. Add
 * {@link dev.chassis.messaging.MessagingModule} to the service's component; settings live in
 * {@link dev.chassis.messaging.config.MessagingConfig}.
 */
@NullMarked
package dev.chassis.messaging;

import org.jspecify.annotations.NullMarked;
