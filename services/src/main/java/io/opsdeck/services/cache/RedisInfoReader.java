package io.opsdeck.services.cache;

import io.opsdeck.services.model.ReplicationState;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Clock;
import java.time.Duration;

/**
 * Reads a Redis-compatible server (Redis, Valkey, KeyDB) with {@code INFO}: keyspace hits and misses,
 * commands, memory, evictions, expirations, clients, keys, uptime, role and replication. The default
 * {@code INFO} sections hold all of these; {@code INFO all} would add per-command statistics that are
 * large on a busy server and not needed here.
 */
public final class RedisInfoReader implements DirectCacheStatsReader {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final Clock clock;

    /** The whole exchange (AUTH, INFO and their replies) is bounded by the two timeouts together. */
    public RedisInfoReader(Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.callTimeout = connectTimeout.plus(readTimeout);
        this.clock = clock;
    }

    public RedisInfoReader() {
        this(DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    @Override
    public CacheKind kind() {
        return CacheKind.REDIS;
    }

    @Override
    public CacheCounters read(CacheTarget target) throws CacheReadException {
        String info;
        try (Jedis jedis = connect(target, connectTimeout, readTimeout, callTimeout)) {
            info = jedis.info();
        } catch (JedisConnectionException e) {
            throw BoundedReplies.problem("Redis", target, e, readTimeout, callTimeout);
        } catch (JedisDataException e) {
            throw refused(target, e);
        } catch (JedisException e) {
            throw new CacheReadException(Kind.PROTOCOL, "Redis at " + target.description() + " could not be read: "
                    + e.getMessage(), e);
        }
        return parse(info, target, clock);
    }

    /**
     * A connection through {@link CacheSockets} (the password refused over a plain connection outside the
     * cluster, TLS as the target says, replies within {@link BoundedReplies}' caps and {@code callTimeout}),
     * authenticated when there is a password. For the flush client too.
     */
    static Jedis connect(CacheTarget target, Duration connectTimeout, Duration readTimeout, Duration callTimeout)
            throws CacheReadException {
        CacheSockets.refuseCleartextPassword(target, "Redis");
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connectTimeout.toMillis())
                .socketTimeoutMillis((int) readTimeout.toMillis())
                // CLIENT SETINFO would be two more commands per read, counted as traffic
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (target.password() != null) {
            config.password(target.password().reveal());
        }
        return new Jedis(CacheSockets.redis(target, connectTimeout, readTimeout, callTimeout), config.build());
    }

    static CacheReadException refused(CacheTarget target, JedisDataException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        String at = "Redis at " + target.description();
        if (m.startsWith("WRONGPASS") || m.contains("invalid password") || m.contains("invalid username-password")) {
            return new CacheReadException(Kind.AUTH, at + " refused the password (WRONGPASS); check the password"
                    + " reference for this cache in Settings and the value it points at", e);
        }
        if (m.startsWith("NOAUTH")) {
            return new CacheReadException(Kind.AUTH, at + " requires a password (NOAUTH); set a password reference"
                    + " for this cache in Settings (env:VARIABLE or secret:namespace/name#key)", e);
        }
        if (m.contains("without any password configured")) {
            return new CacheReadException(Kind.AUTH, at + " has no password, but one is configured for it;"
                    + " remove the password reference for this cache in Settings", e);
        }
        // Redis error replies never echo the AUTH argument
        return new CacheReadException(Kind.PROTOCOL, at + " answered INFO with an error: " + m, e);
    }

    static CacheCounters parse(String text, CacheTarget target, Clock clock) throws CacheReadException {
        RedisInfo info = RedisInfo.parse(text);
        if (!info.has("keyspace_hits") || !info.has("uptime_in_seconds")) {
            throw new CacheReadException(Kind.PROTOCOL, "Redis at " + target.description() + " answered INFO"
                    + " without keyspace_hits or uptime_in_seconds; is it a Redis-compatible server?");
        }
        String role = info.role();
        ReplicationState replication = null;
        if (!info.rawRole().isEmpty()) {
            boolean replica = role.equals("replica");
            replication = new ReplicationState(replica ? info.text("master_link_status") : "",
                    replica ? info.number("master_last_io_seconds_ago") : -1,
                    info.number(replica ? "slave_repl_offset" : "master_repl_offset"), -1, -1, info.replicas());
        }
        long max = info.number("maxmemory");
        return new CacheCounters(clock.instant(), info.text("run_id"),
                info.number("uptime_in_seconds"),
                info.number("keyspace_hits"),
                info.number("keyspace_misses"),
                info.number("total_commands_processed"),
                // this INFO, and AUTH when there is a password
                target.password() == null ? 1 : 2,
                info.number("evicted_keys"),
                info.number("expired_keys"),
                info.number("used_memory"),
                max > 0 ? max : -1, // 0 is "no limit", which is not a size
                info.number("connected_clients"),
                info.keys(),
                role, replication);
    }
}
