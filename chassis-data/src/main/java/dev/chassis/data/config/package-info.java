/**
 * The data module's configuration, section {@code data}: a
 * {@link dev.chassis.data.config.DataConfig} of named {@link dev.chassis.data.config.DataSourceConfig}s,
 * and {@link dev.chassis.data.config.JdbcUrls} for showing their URLs without passwords. Depends on
 * no other package of the module.
 */
@NullMarked
package dev.chassis.data.config;

import org.jspecify.annotations.NullMarked;
