package dev.chassis.discovery.internal;

import dev.chassis.discovery.config.RegistrationConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where others reach this instance: the address, port, service ID and check URL registered with
 * Consul.
 *
 * @param serviceId the service ID
 * @param address the address others call
 * @param port the port others call
 * @param checkUrl what an HTTP check polls
 */
record Advertised(String serviceId, String address, int port, String checkUrl) {

    /**
     * Works out what to register.
     *
     * @param boundHost {@code server.host}
     * @param boundPort the bound main port
     * @param healthPort the port of the readiness endpoint (the admin port when separate, else
     *     the advertised port)
     * @param readyPath {@code admin.ready-path}
     */
    static Advertised of(
            RegistrationConfig config,
            String serviceName,
            String boundHost,
            int boundPort,
            int healthPort,
            boolean separateAdminPort,
            String readyPath) {
        return of(config, serviceName, boundHost, boundPort, healthPort, separateAdminPort, readyPath, false);
    }

    /**
     * As above, for a main port that speaks TLS when {@code tls}: the check polls it over https
     * unless the readiness endpoint is on a separate (plaintext) admin port.
     */
    static Advertised of(
            RegistrationConfig config,
            String serviceName,
            String boundHost,
            int boundPort,
            int healthPort,
            boolean separateAdminPort,
            String readyPath,
            boolean tls) {
        String address = config.advertiseAddress().isEmpty() ? defaultAddress(boundHost) : config.advertiseAddress();
        int port = config.advertisePort() == 0 ? boundPort : config.advertisePort();
        String id = config.serviceId().isEmpty()
                ? (serviceName + "-" + address + "-" + port).replaceAll("[^A-Za-z0-9_.-]", "-")
                : config.serviceId();
        String checkUrl = config.check().url().isEmpty()
                ? (tls && !separateAdminPort ? "https://" : "http://") + hostForUrl(address) + ":"
                        + (separateAdminPort ? healthPort : port) + readyPath
                : config.check().url();
        return new Advertised(id, address, port, checkUrl);
    }

    /** The bound host unless it is a wildcard; then the host's first non-loopback address. */
    static String defaultAddress(String boundHost) {
        String host = boundHost.strip();
        if (!host.isEmpty() && !host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }
        return firstNonLoopback();
    }

    /** The first IPv4 address of an interface that is up and not a loopback; else 127.0.0.1. */
    static String firstNonLoopback() {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        candidates.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            return "127.0.0.1";
        }
        for (InetAddress a : candidates) {
            if (a.isSiteLocalAddress()) {
                return a.getHostAddress();
            }
        }
        return candidates.isEmpty() ? "127.0.0.1" : candidates.get(0).getHostAddress();
    }

    private static String hostForUrl(String address) {
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
