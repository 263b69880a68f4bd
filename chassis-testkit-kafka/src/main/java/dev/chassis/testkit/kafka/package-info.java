/**
 * A real Kafka broker for tests and local runs: {@link dev.chassis.testkit.kafka.KafkaBroker} starts
 * a single-node KRaft broker (broker and controller in one process) from Maven Central's Kafka
 * artifacts in a child JVM on random ports; {@link dev.chassis.testkit.kafka.KafkaExtension} gives a
 * test class one; {@link dev.chassis.testkit.kafka.KafkaBrokerMain} is the broker process itself,
 * also run on its own for local runs.
 */
@NullMarked
package dev.chassis.testkit.kafka;

import org.jspecify.annotations.NullMarked;
