package dev.chassis.gateway.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers a proxy owes: hop-by-hop fields removed (RFC 9110 §7.6.1: the fixed ones and those
 * that {@code Connection} names), {@code Forwarded} and {@code X-Forwarded-For/Proto/Host} set, the
 * client's own values kept only when it is a trusted proxy, and {@code Via} added. Immutable and
 * thread-safe.
 */
final class ForwardHeaders {
    /** Fields that describe one connection, never forwarded. */
    static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private final List<IpSubnetFilterRule> trusted;
    private final String via;

    /**
     * @param trustedProxies addresses or CIDR blocks
     * @throws IllegalArgumentException naming an entry that is neither
     */
    ForwardHeaders(List<String> trustedProxies, String via) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (int i = 0; i < trustedProxies.size(); i++) {
            rules.add(rule("gateway.trusted-proxies." + i, trustedProxies.get(i)));
        }
        this.trusted = List.copyOf(rules);
        this.via = via;
    }

    /** A CIDR block or a single address as a rule that accepts it. */
    static IpSubnetFilterRule rule(String key, String text) {
        String s = text.strip();
        try {
            int slash = s.indexOf('/');
            String address = slash < 0 ? s : s.substring(0, slash);
            if (!address.matches("[0-9a-fA-F.:]+")) {
                throw new IllegalArgumentException("not an IP address");
            }
            InetAddress parsed = InetAddress.getByName(address);
            int bits =
                    slash < 0 ? (parsed instanceof Inet6Address ? 128 : 32) : Integer.parseInt(s.substring(slash + 1));
            return new IpSubnetFilterRule(parsed, bits, IpFilterRuleType.ACCEPT);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    key + ": '" + text + "' (expected: an IP address or a CIDR block such as 10.0.0.0/8)");
        }
    }

    boolean trusted(InetSocketAddress peer) {
        for (IpSubnetFilterRule rule : trusted) {
            if (rule.matches(peer)) {
                return true;
            }
        }
        return false;
    }

    /** Removes the hop-by-hop fields, those {@code Connection} names included. */
    static void removeHopByHop(HttpHeaders headers) {
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                String name = token.strip();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        for (String name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    /**
     * Sets the forwarding fields of a request going upstream.
     *
     * @param headers the client's headers, hop-by-hop fields already removed
     * @param peer the client's address
     * @param secure whether the client spoke TLS to the gateway
     * @param host the client's {@code Host}, or null
     */
    void forward(HttpHeaders headers, InetSocketAddress peer, boolean secure, String host, String version) {
        boolean trust = trusted(peer);
        String proto = secure ? "https" : "http";
        String client = peer.getAddress().getHostAddress();
        if (!trust) {
            headers.remove("forwarded");
            headers.remove("x-forwarded-for");
            headers.remove("x-forwarded-proto");
            headers.remove("x-forwarded-host");
        }
        String node = peer.getAddress() instanceof Inet6Address ? "\"[" + client + "]\"" : client;
        String element =
                "for=" + node + ";proto=" + proto + (host.isEmpty() ? "" : ";host=\"" + host.replace("\"", "") + "\"");
        append(headers, "forwarded", element);
        append(headers, "x-forwarded-for", client);
        if (!headers.contains("x-forwarded-proto")) {
            headers.set("x-forwarded-proto", proto);
        }
        if (!headers.contains("x-forwarded-host") && !host.isEmpty()) {
            headers.set("x-forwarded-host", host);
        }
        append(headers, HttpHeaderNames.VIA.toString(), via(version));
    }

    /** The {@code Via} element this gateway adds, for {@code HTTP/1.1} "1.1 chassis-gateway". */
    String via(String version) {
        String v = version.toUpperCase(Locale.ROOT).startsWith("HTTP/") ? version.substring(5) : version;
        return v + " " + via;
    }

    static void append(HttpHeaders headers, String name, String value) {
        List<String> existing = headers.getAll(name);
        headers.remove(name);
        headers.set(name, existing.isEmpty() ? value : String.join(", ", existing) + ", " + value);
    }
}
