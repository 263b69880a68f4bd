package dev.chassis.messaging.internal;

import dev.chassis.messaging.event.EventHandler;
import dev.chassis.messaging.event.EventType;
import dev.chassis.messaging.event.TransactionalEventHandler;
import org.jspecify.annotations.Nullable;

/** One handler: a group's events of one type on one topic, handled at least once or once in effect. */
record Route<T>(
        String group,
        String topic,
        EventType<T> type,
        @Nullable EventHandler<T> handler,
        @Nullable TransactionalEventHandler<T> transactional) {}
