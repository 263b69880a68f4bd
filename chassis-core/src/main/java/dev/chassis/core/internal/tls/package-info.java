/**
 * TLS key material and contexts: PEM and PKCS#12 files read with Netty's parsers and checked
 * (readable, the key matches the certificate, the certificate is in date), the server's SSL
 * context rebuilt when its files change, and the reason a handshake failed. Not part of the
 * public API.
 */
@NullMarked
package dev.chassis.core.internal.tls;

import org.jspecify.annotations.NullMarked;
