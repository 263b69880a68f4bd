/**
 * Service tests in a few lines: {@link dev.chassis.testkit.ChassisExtension} starts the service
 * under test (on a socket or in memory), hands out a {@link dev.chassis.testkit.TestClient}, fakes
 * its downstreams ({@link dev.chassis.testkit.Downstream}) and captures its logs, metrics and
 * spans for assertions.
 */
@NullMarked
package dev.chassis.testkit;

import org.jspecify.annotations.NullMarked;
