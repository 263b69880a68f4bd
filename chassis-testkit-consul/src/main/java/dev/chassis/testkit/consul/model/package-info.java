/**
 * What a fake agent is set up with and what it hands back:
 * {@link dev.chassis.testkit.consul.model.FakeConsulOptions}, registered services, checks and
 * their states, and the requests it recorded. Depends on no other package of the module.
 */
@NullMarked
package dev.chassis.testkit.consul.model;

import org.jspecify.annotations.NullMarked;
