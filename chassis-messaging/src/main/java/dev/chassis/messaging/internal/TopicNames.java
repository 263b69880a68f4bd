package dev.chassis.messaging.internal;

import java.util.regex.Pattern;

/** Kafka's rule for topic names: 1 to 249 of letters, digits, '.', '_' and '-', not '.' or '..'. */
final class TopicNames {
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private TopicNames() {}

    static String check(String topic) {
        if (topic == null || !LEGAL.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("topic: '" + topic
                    + "' (expected: 1 to 249 letters, digits, '.', '_' or '-', as Kafka names topics)");
        }
        return topic;
    }
}
