@NullMarked
package dev.chassis.core.context;

import org.jspecify.annotations.NullMarked;
