package dev.chassis.core.internal.client;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A response as the transport received it: status, headers and the body copied out of Netty's
 * buffers, so nothing here needs releasing.
 *
 * @param status the status
 * @param headers the headers
 * @param body the body
 */
record TransportResponse(int status, HttpHeaders headers, byte[] body) {}
