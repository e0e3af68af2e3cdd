package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.SafeEncoder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis-compatible server's facts for a flush plan ({@code INFO}, and {@code CLUSTER NODES} in
 * cluster mode), and the flush itself: exactly the planned words, after {@code SELECT} for one
 * database. Connections are the readers' ({@link RedisInfoReader#connect}): TLS as the target says,
 * replies within {@link BoundedReplies}' caps, every call within its read timeout and a deadline.
 */
final class RedisFlushClient {
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
        // INFO, then CLUSTER NODES: two answers within the deadline
        try (Jedis jedis = RedisInfoReader.connect(target, connectTimeout, readTimeout, deadline(readTimeout))) {
            RedisInfo info = RedisInfo.parse(jedis.info());
            if (!info.has("redis_version") && !info.has("role")) {
                throw new CacheReadException(Kind.PROTOCOL, "The server at " + target.description() + " answered INFO"
                        + " without redis_version or role; is this a Redis port?");
            }
            boolean clusterMode = "1".equals(info.text("cluster_enabled"));
            String role = info.role();
            String primary = role.equals("replica") && info.has("master_host")
                    ? info.text("master_host") + ":" + info.fields().getOrDefault("master_port", "?") : "";
            long ops = info.number("instantaneous_ops_per_sec");
            return new CacheOps.Facts(CacheKind.REDIS, info.text("redis_version"), role, primary, clusterMode,
                    clusterMode ? masters(jedis.clusterNodes(), target.host()) : List.of(), info.keysPerDb(),
                    info.number("used_memory"), info.hitRatio(), ops < 0 ? Double.NaN : ops);
        } catch (JedisConnectionException e) {
            throw BoundedReplies.problem("Redis", target, e, readTimeout, deadline(readTimeout));
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
            jedis = RedisInfoReader.connect(target, connectTimeout, flushTimeout, deadline(flushTimeout));
        } catch (CacheReadException e) {
            throw FlushErrors.of(e);
        } catch (JedisConnectionException e) {
            throw FlushErrors.of(BoundedReplies.problem("Redis", target, e, readTimeout, deadline(flushTimeout)));
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
        try (Jedis jedis = RedisInfoReader.connect(target, connectTimeout, readTimeout, deadline(readTimeout))) {
            return jedis.aclWhoAmI();
        } catch (JedisException | CacheReadException e) {
            return "";
        }
    }

    /** The whole exchange: the connect (with a TLS handshake) and the answers, each within {@code read}. */
    private Duration deadline(Duration read) {
        return connectTimeout.plus(read).plus(readTimeout);
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
