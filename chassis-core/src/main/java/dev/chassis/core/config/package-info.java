@NullMarked
package dev.chassis.core.config;

import org.jspecify.annotations.NullMarked;
