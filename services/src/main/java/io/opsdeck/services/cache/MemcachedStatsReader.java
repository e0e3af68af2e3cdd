package io.opsdeck.services.cache;

import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Memcached's {@code stats} over the text protocol: small enough that a library would add
 * more than it saves. Expired keys are the items Memcached freed because they had expired
 * ({@code reclaimed} + {@code crawler_reclaimed}); it has no other count of expirations.
 */
public final class MemcachedStatsReader implements DirectCacheStatsReader {
    private static final int MAX_LINES = 1000;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Clock clock;

    public MemcachedStatsReader(Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    public MemcachedStatsReader() {
        this(RedisInfoReader.DEFAULT_TIMEOUT, RedisInfoReader.DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    @Override
    public CacheKind kind() {
        return CacheKind.MEMCACHED;
    }

    @Override
    public CacheCounters read(CacheTarget target) throws CacheReadException {
        Map<String, String> stats = new HashMap<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.host(), target.port()), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) readTimeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; ; i++) {
                String line = in.readLine();
                if (line == null) {
                    throw new EOFException("end of stream");
                }
                if (line.equals("END")) {
                    break;
                }
                if (line.endsWith("ERROR") || line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR")) {
                    throw new CacheReadException(line.contains("auth") || line.contains("AUTH") ? Kind.AUTH
                            : Kind.PROTOCOL, "Memcached at " + target.description() + " answered 'stats' with "
                            + line + (line.toLowerCase(Locale.ROOT).contains("auth")
                            ? "; Opsdeck cannot authenticate to Memcached yet" : ""));
                }
                if (!line.startsWith("STAT ") || i > MAX_LINES) {
                    throw new CacheReadException(Kind.PROTOCOL, "The server at " + target.description()
                            + " does not answer 'stats' like Memcached; is this the Memcached port?");
                }
                String[] parts = line.split(" ", 3);
                if (parts.length == 3) {
                    stats.put(parts[1], parts[2].trim());
                }
            }
        } catch (IOException e) {
            throw CacheProblems.network("Memcached", target, e, readTimeout);
        }
        if (!stats.containsKey("get_hits") || !stats.containsKey("uptime")) {
            throw new CacheReadException(Kind.PROTOCOL, "Memcached at " + target.description() + " answered"
                    + " 'stats' without get_hits or uptime");
        }
        long ops = sum(stats, "cmd_get", "cmd_set", "cmd_touch", "cmd_flush", "delete_hits", "delete_misses",
                "incr_hits", "incr_misses", "decr_hits", "decr_misses");
        long max = num(stats, "limit_maxbytes");
        return new CacheCounters(clock.instant(), stats.getOrDefault("pid", ""), num(stats, "uptime"),
                num(stats, "get_hits"), num(stats, "get_misses"), ops, 0, num(stats, "evictions"),
                sum(stats, "reclaimed", "crawler_reclaimed"), num(stats, "bytes"), max > 0 ? max : -1,
                num(stats, "curr_connections"), num(stats, "curr_items"), "", null);
    }

    private static long num(Map<String, String> stats, String name) {
        return RedisInfoReader.longOr(stats.get(name), -1);
    }

    private static long sum(Map<String, String> stats, String... names) {
        long total = 0;
        for (String n : names) {
            total += Math.max(0, num(stats, n));
        }
        return total;
    }
}
