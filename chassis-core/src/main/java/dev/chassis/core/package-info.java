/**
 * The chassis core: {@link dev.chassis.core.Service} runs a service built from a Dagger component
 * that includes {@link dev.chassis.core.ChassisModule}.
 *
 * <p>Start from {@link dev.chassis.core.config.Config#load(String...)}, the
 * {@link dev.chassis.core.http.Routes} a service contributes, and {@link dev.chassis.core.Service#run()}.
 */
@NullMarked
package dev.chassis.core;

import org.jspecify.annotations.NullMarked;
