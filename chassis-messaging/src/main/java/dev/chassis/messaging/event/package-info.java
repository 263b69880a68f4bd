/**
 * What a service writes against: {@link dev.chassis.messaging.event.Event}s of an
 * {@link dev.chassis.messaging.event.EventType}, published through the transactional
 * {@link dev.chassis.messaging.event.Outbox} or the direct {@link dev.chassis.messaging.event.Publisher},
 * and consumed by handlers declared in {@link dev.chassis.messaging.event.EventHandlers}. Depends on
 * no other package of the module.
 */
@NullMarked
package dev.chassis.messaging.event;

import org.jspecify.annotations.NullMarked;
