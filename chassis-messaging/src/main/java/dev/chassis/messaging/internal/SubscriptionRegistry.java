package dev.chassis.messaging.internal;

import static java.util.Objects.requireNonNull;

import dev.chassis.messaging.event.EventHandler;
import dev.chassis.messaging.event.EventHandlers;
import dev.chassis.messaging.event.EventType;
import dev.chassis.messaging.event.Subscriptions;
import dev.chassis.messaging.event.TransactionalEventHandler;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the service's {@link EventHandlers} registered, by group, topic and type name. Not thread-safe. */
public final class SubscriptionRegistry implements Subscriptions {
    private final Map<String, GroupRoutes> groups = new LinkedHashMap<>();

    public static SubscriptionRegistry of(Collection<EventHandlers> handlers) {
        SubscriptionRegistry registry = new SubscriptionRegistry();
        for (EventHandlers h : handlers) {
            h.register(registry);
        }
        return registry;
    }

    @Override
    public Group group(String name) {
        requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 249) {
            throw new IllegalArgumentException("group: '" + name + "' (expected: 1 to 249 characters, not blank)");
        }
        return groups.computeIfAbsent(name, GroupRoutes::new);
    }

    Map<String, GroupRoutes> groups() {
        return groups;
    }

    /** The routes of one group: topic, then type name. */
    static final class GroupRoutes implements Group {
        private final String name;
        private final Map<String, Map<String, Route<?>>> routes = new LinkedHashMap<>();

        GroupRoutes(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        Map<String, Map<String, Route<?>>> routes() {
            return routes;
        }

        boolean transactional() {
            return routes.values().stream().flatMap(m -> m.values().stream()).anyMatch(r -> r.transactional() != null);
        }

        @Override
        public <T> Group handle(String topic, Class<T> type, EventHandler<T> handler) {
            return handle(topic, EventType.of(type), handler);
        }

        @Override
        public <T> Group handle(String topic, EventType<T> type, EventHandler<T> handler) {
            return add(topic, type, requireNonNull(handler, "handler"), null);
        }

        @Override
        public <T> Group handleOnce(String topic, Class<T> type, TransactionalEventHandler<T> handler) {
            return handleOnce(topic, EventType.of(type), handler);
        }

        @Override
        public <T> Group handleOnce(String topic, EventType<T> type, TransactionalEventHandler<T> handler) {
            return add(topic, type, null, requireNonNull(handler, "handler"));
        }

        private <T> Group add(
                String topic,
                EventType<T> type,
                @Nullable EventHandler<T> handler,
                @Nullable TransactionalEventHandler<T> transactional) {
            TopicNames.check(topic);
            requireNonNull(type, "type");
            Map<String, Route<?>> byType = routes.computeIfAbsent(topic, t -> new LinkedHashMap<>());
            if (byType.containsKey(type.name())) {
                throw new IllegalArgumentException("handler: group '" + name + "' already handles " + type.name()
                        + " on topic '" + topic + "' (expected: one handler per group, topic and event type)");
            }
            byType.put(type.name(), new Route<>(name, topic, type, handler, transactional));
            return this;
        }
    }
}
