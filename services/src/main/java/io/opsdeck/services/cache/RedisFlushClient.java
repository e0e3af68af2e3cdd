package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.SafeEncoder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Redis-compatible server's facts for a flush plan ({@code INFO}, and {@code CLUSTER NODES} in
 * cluster mode), and the flush itself: exactly the planned words, after {@code SELECT} for one
 * database. Replies are capped at {@link #MAX_ANSWER}; every call has its timeouts.
 */
final class RedisFlushClient {
    /** INFO is a few KB; CLUSTER NODES of a thousand nodes about 200 KB. */
    static final long MAX_ANSWER = 4L << 20;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration flushTimeout;

    /** @param flushTimeout how long a flush may take: a plain FLUSHALL (Redis before 4) blocks until it is done */
    RedisFlushClient(Duration connectTimeout, Duration readTimeout, Duration flushTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.flushTimeout = flushTimeout;
    }

    CacheOps.Facts read(CacheTarget target) throws CacheReadException {
        try (Jedis jedis = connect(target, readTimeout)) {
            Map<String, String> info = new HashMap<>();
            TreeMap<Integer, Long> keys = new TreeMap<>();
            for (String line : jedis.info().split("\r?\n")) {
                int colon = line.indexOf(':');
                if (line.startsWith("#") || colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon);
                String value = line.substring(colon + 1).trim();
                if (key.matches("db\\d+") && value.startsWith("keys=")) {
                    keys.put(Integer.parseInt(key.substring(2)), RedisInfoReader.longOr(RedisInfoReader.subField(value, "keys"), 0));
                } else {
                    info.put(key, value);
                }
            }
            if (!info.containsKey("redis_version") && !info.containsKey("role")) {
                throw new CacheReadException(Kind.PROTOCOL, "The server at " + target.description() + " answered INFO"
                        + " without redis_version or role; is this a Redis port?");
            }
            boolean clusterMode = "1".equals(info.get("cluster_enabled"));
            String role = switch (info.getOrDefault("role", "").toLowerCase(Locale.ROOT)) {
                case "master" -> "primary";
                case "slave", "replica" -> "replica";
                default -> "";
            };
            String primary = role.equals("replica") && info.containsKey("master_host")
                    ? info.get("master_host") + ":" + info.getOrDefault("master_port", "?") : "";
            long hits = RedisInfoReader.longOr(info.get("keyspace_hits"), -1);
            long misses = RedisInfoReader.longOr(info.get("keyspace_misses"), -1);
            double ratio = hits >= 0 && misses >= 0 && hits + misses > 0 ? hits / (double) (hits + misses) : Double.NaN;
            long ops = RedisInfoReader.longOr(info.get("instantaneous_ops_per_sec"), -1);
            return new CacheOps.Facts(CacheKind.REDIS, info.getOrDefault("redis_version", ""), role, primary, clusterMode,
                    clusterMode ? masters(jedis.clusterNodes(), target.host()) : List.of(), keys,
                    RedisInfoReader.longOr(info.get("used_memory"), -1), ratio, ops < 0 ? Double.NaN : ops);
        } catch (JedisConnectionException e) {
            throw problem(target, e);
        } catch (JedisDataException e) {
            throw refusedRead(target, e);
        } catch (JedisException e) {
            throw new CacheReadException(Kind.PROTOCOL, "Redis at " + target.description() + " could not be read: "
                    + e.getMessage(), e);
        }
    }

    /** Sends the planned words; see {@link CacheOps#flush} for what each failure means. */
    String flush(CacheTarget target, CacheOps.Flush flush) throws ActionException {
        String at = "Redis at " + target.description();
        Jedis jedis;
        try {
            jedis = connect(target, flushTimeout);
        } catch (JedisConnectionException e) {
            throw FlushErrors.of(problem(target, e));
        } catch (JedisDataException e) {
            throw FlushErrors.of(RedisInfoReader.refused(target, e));
        }
        try (jedis) {
            if (flush.db() != null) {
                try {
                    jedis.select(flush.db());
                } catch (JedisDataException e) {
                    throw new ActionException(ActionException.Kind.BAD_REQUEST, at + " has no database " + flush.db()
                            + " (" + e.getMessage() + "); nothing was flushed");
                }
            }
            List<String> words = flush.command();
            ProtocolCommand command = () -> SafeEncoder.encode(words.get(0));
            Object reply = jedis.sendCommand(command, words.subList(1, words.size()).toArray(String[]::new));
            return reply instanceof byte[] b ? SafeEncoder.encode(b) : String.valueOf(reply);
        } catch (JedisDataException e) {
            throw FlushErrors.redisRefusal(at, flush.text(), e.getMessage(), whoAmI(target));
        } catch (JedisConnectionException e) {
            throw new ActionException(ActionException.Kind.FAILED, "The connection to " + at + " dropped while "
                    + flush.text() + " was sent (" + FlushErrors.describe(e) + ").", e);
        } catch (JedisException e) {
            throw new ActionException(ActionException.Kind.FAILED, at + " failed during " + flush.text() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The ACL user of a fresh connection with the same credentials, to name it in a NOPERM; empty when unknown. */
    private String whoAmI(CacheTarget target) {
        try (Jedis jedis = connect(target, readTimeout)) {
            return jedis.aclWhoAmI();
        } catch (JedisException e) {
            return "";
        }
    }

    private Jedis connect(CacheTarget target, Duration timeout) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connectTimeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (target.password() != null) {
            config.password(target.password().reveal());
        }
        return new Jedis(BoundedSockets.jedis(target, connectTimeout, timeout, MAX_ANSWER), config.build());
    }

    private CacheReadException problem(CacheTarget target, JedisConnectionException e) {
        if (FlushErrors.describe(e).contains(BoundedSockets.TOO_LARGE)) {
            return new CacheReadException(Kind.PROTOCOL, "Redis at " + target.description() + " sent an "
                    + BoundedSockets.TOO_LARGE + " (" + MAX_ANSWER + " bytes); is this a Redis port?", e);
        }
        return CacheProblems.network("Redis", target, e, readTimeout);
    }

    private static CacheReadException refusedRead(CacheTarget target, JedisDataException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("NOPERM")) {
            return new CacheReadException(Kind.AUTH, "Redis at " + target.description() + " refused to tell its"
                    + " figures (" + m + "): the ACL user Opsdeck connects as may not run INFO; allow it +info", e);
        }
        return RedisInfoReader.refused(target, e);
    }

    /**
     * Every master's {@code host:port} from {@code CLUSTER NODES} ({@code id host:port@cport[,hostname] flags …});
     * a node that does not know its own address yet lists itself as {@code :port}: {@code selfHost} is put there.
     */
    static List<String> masters(String clusterNodes, String selfHost) {
        List<String> out = new ArrayList<>();
        for (String line : clusterNodes.split("\r?\n")) {
            String[] f = line.trim().split(" ");
            if (f.length > 2 && List.of(f[2].split(",")).contains("master") && !f[2].contains("noaddr")) {
                String address = f[1];
                int at = address.indexOf('@');
                int comma = address.indexOf(',');
                address = at >= 0 ? address.substring(0, at) : comma >= 0 ? address.substring(0, comma) : address;
                out.add(address.startsWith(":") ? selfHost + address : address);
            }
        }
        return out;
    }
}
