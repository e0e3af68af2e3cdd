package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Memcached server's facts for a flush plan ({@code stats}) and {@code flush_all [delay]}, over the
 * text protocol, with lines, line count and bytes capped and both timeouts set.
 */
final class MemcachedFlushClient {
    private static final int MAX_LINE = 4096;
    private static final int MAX_LINES = 1000;

    private final Duration connectTimeout;
    private final Duration readTimeout;

    MemcachedFlushClient(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    CacheOps.Facts read(CacheTarget target) throws CacheReadException {
        Map<String, String> stats = new HashMap<>();
        try (Socket s = open(target)) {
            send(s, "stats");
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int i = 0; ; i++) {
                String line = line(in);
                if (line.equals("END")) {
                    break;
                }
                String[] parts = line.split(" ", 3);
                if (!line.startsWith("STAT ") || parts.length < 3 || i > MAX_LINES) {
                    throw new CacheReadException(Kind.PROTOCOL, "The server at " + target.description()
                            + " does not answer 'stats' like Memcached (" + abbreviate(line) + "); is this the Memcached port?");
                }
                stats.put(parts[1], parts[2].trim());
            }
        } catch (IOException e) {
            throw CacheProblems.network("Memcached", target, e, readTimeout);
        }
        long hits = num(stats, "get_hits");
        long misses = num(stats, "get_misses");
        long uptime = num(stats, "uptime");
        long get = num(stats, "cmd_get");
        long set = num(stats, "cmd_set");
        long touch = num(stats, "cmd_touch");
        long ops = get < 0 || set < 0 || touch < 0 ? -1 : get + set + touch; // a missing counter: unknown, not less
        TreeMap<Integer, Long> items = new TreeMap<>();
        items.put(0, num(stats, "curr_items"));
        return new CacheOps.Facts(CacheKind.MEMCACHED, stats.getOrDefault("version", ""), "", "", false,
                java.util.List.of(), items, num(stats, "bytes"),
                hits >= 0 && misses >= 0 && hits + misses > 0 ? hits / (double) (hits + misses) : Double.NaN,
                uptime > 0 && ops >= 0 ? ops / (double) uptime : Double.NaN);
    }

    /** Sends {@code flush_all [delay]}; see {@link CacheOps#flush} for what each failure means. */
    String flush(CacheTarget target, CacheOps.Flush flush) throws ActionException {
        String at = "Memcached at " + target.description();
        Socket s;
        try {
            s = open(target);
        } catch (IOException e) {
            throw FlushErrors.of(CacheProblems.network("Memcached", target, e, readTimeout));
        }
        String reply;
        try (s) {
            send(s, flush.text());
            reply = line(new BufferedInputStream(s.getInputStream()));
        } catch (IOException e) {
            throw new ActionException(ActionException.Kind.FAILED, "The connection to " + at + " dropped while "
                    + flush.text() + " was sent (" + FlushErrors.describe(e) + ").", e);
        }
        if (reply.equals("OK")) {
            return reply;
        }
        if (reply.startsWith("CLIENT_ERROR")) {
            throw new ActionException(ActionException.Kind.FORBIDDEN, at + " refused " + flush.text() + " ("
                    + abbreviate(reply) + "): it was started with --disable-flush-all, so it cannot be flushed over"
                    + " the network. Its owners can restart it without that option (a restart empties it too).");
        }
        throw new ActionException(ActionException.Kind.FORBIDDEN, at + " answered " + flush.text() + " with '"
                + abbreviate(reply) + "' instead of OK; nothing says it was flushed.");
    }

    private Socket open(CacheTarget target) throws IOException {
        return BoundedSockets.open(target.host(), target.port(), connectTimeout, readTimeout,
                (long) MAX_LINE * (MAX_LINES + 2));
    }

    private static void send(Socket s, String command) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its CRLF; a longer line than {@link #MAX_LINE} is an error. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (c == '\n') {
                int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
                return b.substring(0, end);
            }
            if (b.length() >= MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " bytes");
            }
            b.append((char) c);
        }
    }

    private static long num(Map<String, String> stats, String name) {
        return RedisInfoReader.longOr(stats.get(name), -1);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
