@NullMarked
package dev.chassis.core.http;

import org.jspecify.annotations.NullMarked;
