package dev.chassis.core.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A raw socket client: sends bytes exactly as given and reads what comes back. */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closedByServer;

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Over a socket already connected (a TLS one, say). */
    RawHttp(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    static String exchange(int port, String request) throws IOException {
        try (RawHttp raw = new RawHttp(port)) {
            raw.send(request);
            return raw.readUntilClosed();
        }
    }

    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads until the server closes the connection (or the 5 s timeout). */
    String readUntilClosed() throws IOException {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                received.write(buf, 0, n);
            }
            closedByServer = true;
        } catch (SocketTimeoutException e) {
            // the caller checks closedByServer when it matters
        } catch (IOException e) {
            closedByServer = true;
        }
        return text();
    }

    /** Reads until {@code count} complete responses have arrived. */
    List<Response> readResponses(int count) throws IOException {
        byte[] buf = new byte[8192];
        while (true) {
            List<Response> parsed = Response.parseAll(text());
            if (parsed.size() >= count) {
                return parsed;
            }
            int n = in.read(buf);
            if (n < 0) {
                closedByServer = true;
                return Response.parseAll(text());
            }
            received.write(buf, 0, n);
        }
    }

    boolean closedByServer() {
        return closedByServer;
    }

    String text() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One parsed response. */
    record Response(int status, List<String> headerLines, String body) {
        private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3})[^\r\n]*\r\n");

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).strip();
                }
            }
            return null;
        }

        static List<Response> parseAll(String text) {
            List<Response> all = new ArrayList<>();
            int pos = 0;
            while (pos < text.length()) {
                Matcher m = STATUS.matcher(text);
                if (!m.find(pos) || m.start() != pos) {
                    break;
                }
                int headEnd = text.indexOf("\r\n\r\n", pos);
                if (headEnd < 0) {
                    break;
                }
                List<String> lines = headEnd + 2 == m.end()
                        ? List.of()
                        : List.of(text.substring(m.end(), headEnd).split("\r\n"));
                Response partial = new Response(Integer.parseInt(m.group(1)), lines, "");
                String length = partial.header("content-length");
                int bodyStart = headEnd + 4;
                int len = length == null || partial.status() == 100 ? 0 : Integer.parseInt(length);
                if (bodyStart + len > text.length()) {
                    break;
                }
                all.add(new Response(partial.status(), lines, text.substring(bodyStart, bodyStart + len)));
                pos = bodyStart + len;
            }
            return all;
        }
    }
}
