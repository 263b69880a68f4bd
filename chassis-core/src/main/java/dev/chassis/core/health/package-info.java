@NullMarked
package dev.chassis.core.health;

import org.jspecify.annotations.NullMarked;
