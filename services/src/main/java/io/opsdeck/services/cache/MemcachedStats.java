package io.opsdeck.services.cache;

import io.opsdeck.services.cache.CacheReadException.Kind;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Memcached's text protocol as Opsdeck speaks it, for the Caches view's reader and the flush alike: a
 * connection through {@link CacheSockets} (TLS as the target says; Memcached's text protocol has no
 * password, so none is sent), lines through {@link BoundedReplies#lines}, and one parser of {@code stats}.
 */
final class MemcachedStats {
    private static final int MAX_LINES = 1000;

    private MemcachedStats() {
    }

    /** An open connection: the socket and its capped, deadline-bound lines. */
    record Connection(Socket socket, BoundedReplies.LineReader in) implements AutoCloseable {
        void send(String command) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** One line; the end of the stream before it is an {@link EOFException}. */
        String line() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new EOFException("the server closed the connection");
            }
            return line;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static Connection open(CacheTarget target, Duration connectTimeout, Duration readTimeout, Duration callTimeout)
            throws IOException, CacheReadException {
        Socket s = CacheSockets.open(target.withPassword(null), "Memcached", connectTimeout, readTimeout, callTimeout);
        try {
            return new Connection(s, BoundedReplies.lines(s.getInputStream(), callTimeout));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends {@code stats} and reads its {@code STAT name value} lines up to {@code END}. */
    static Map<String, String> read(Connection c, CacheTarget target) throws IOException, CacheReadException {
        c.send("stats");
        Map<String, String> stats = new HashMap<>();
        for (int i = 0; ; i++) {
            String line = c.line();
            if (line.equals("END")) {
                break;
            }
            if (line.endsWith("ERROR") || line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR")) {
                boolean auth = line.toLowerCase(Locale.ROOT).contains("auth");
                throw new CacheReadException(auth ? Kind.AUTH : Kind.PROTOCOL, "Memcached at " + target.description()
                        + " answered 'stats' with " + abbreviate(line)
                        + (auth ? "; Opsdeck cannot authenticate to Memcached yet" : ""));
            }
            String[] parts = line.split(" ", 3);
            if (!line.startsWith("STAT ") || parts.length < 3 || i > MAX_LINES) {
                throw new CacheReadException(Kind.PROTOCOL, "The server at " + target.description()
                        + " does not answer 'stats' like Memcached (" + abbreviate(line)
                        + "); is this the Memcached port?");
            }
            stats.put(parts[1], parts[2].trim());
        }
        return stats;
    }

    /** The figure as a number; -1 when absent or not a number. */
    static long number(Map<String, String> stats, String name) {
        return RedisInfo.longOr(stats.get(name), -1);
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
