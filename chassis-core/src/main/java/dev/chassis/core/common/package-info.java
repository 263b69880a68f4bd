/**
 * What every chassis module shares: {@link dev.chassis.core.common.ChassisException}, the root of
 * the chassis' unchecked exceptions; {@link dev.chassis.core.common.Checks}, the argument checks
 * whose messages read {@code name: value (expected: ...)}; {@link dev.chassis.core.common.Durations},
 * the one format of durations; {@link dev.chassis.core.common.VirtualThreads}, virtual threads
 * where the JVM has them. Depends on no other chassis package.
 */
@NullMarked
package dev.chassis.core.common;

import org.jspecify.annotations.NullMarked;
