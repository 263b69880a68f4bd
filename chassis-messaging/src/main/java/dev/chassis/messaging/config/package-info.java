/**
 * The messaging module's configuration, section {@code messaging}:
 * {@link dev.chassis.messaging.config.MessagingConfig} with the Kafka connection, the outbox relay,
 * consumers, retries and topics. Depends on no other package of the module.
 */
@NullMarked
package dev.chassis.messaging.config;

import org.jspecify.annotations.NullMarked;
