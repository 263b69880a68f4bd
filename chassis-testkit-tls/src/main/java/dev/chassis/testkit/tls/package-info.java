/**
 * Certificates made at test time, so that no key is ever committed: {@link
 * dev.chassis.testkit.tls.TestCertificateAuthority} is a throw-away certificate authority that
 * issues {@link dev.chassis.testkit.tls.TestCertificate}s for servers and clients (or a self-signed
 * one), writes them as PEM (plain or encrypted PKCS#8 keys) or PKCS#12 files, and hands out JDK
 * {@link javax.net.ssl.SSLContext}s that trust it.
 */
@NullMarked
package dev.chassis.testkit.tls;

import org.jspecify.annotations.NullMarked;
