/** Implementation; not part of the public API. The router: a trie of path segments. */
@NullMarked
package dev.chassis.core.internal.routing;

import org.jspecify.annotations.NullMarked;
