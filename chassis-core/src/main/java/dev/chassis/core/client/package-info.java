@NullMarked
package dev.chassis.core.client;

import org.jspecify.annotations.NullMarked;
