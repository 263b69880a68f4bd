package dev.chassis.testkit.consul.internal;

/**
 * A registered service with the raft indexes of its catalog entry.
 *
 * @param definition what was registered
 * @param createIndex when it first appeared in the catalog
 * @param modifyIndex when its catalog entry last changed
 */
record ServiceRecord(ServiceDefinition definition, long createIndex, long modifyIndex) {
    String id() {
        return definition.id();
    }

    String name() {
        return definition.name();
    }
}
