/**
 * Typed, layered configuration. Start from {@link dev.chassis.core.config.Config#load(String...)}
 * in {@code main}; a module declares its section as a {@link dev.chassis.core.config.ConfigSection}
 * of an immutable record and reads it from the {@link dev.chassis.core.config.BoundConfig};
 * {@link dev.chassis.core.config.LiveConfig} tells about changes of a watched layer. Problems are one
 * {@link dev.chassis.core.config.ConfigException} naming every bad key and its source. The core
 * sections: {@link dev.chassis.core.config.ServiceConfig}, {@link dev.chassis.core.config.ServerConfig},
 * {@link dev.chassis.core.config.AdminConfig}, {@link dev.chassis.core.config.LifecycleConfig}.
 */
@NullMarked
package dev.chassis.core.config;

import org.jspecify.annotations.NullMarked;
