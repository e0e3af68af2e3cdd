package io.opsdeck.services.cache;

import io.opsdeck.services.model.ReplicationState;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private final Clock clock;

    public RedisInfoReader(Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
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
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) connectTimeout.toMillis())
                .socketTimeoutMillis((int) readTimeout.toMillis())
                // CLIENT SETINFO would be two more commands per read, counted as traffic
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (target.password() != null) {
            config.password(target.password().reveal());
        }
        String info;
        try (Jedis jedis = new Jedis(new HostAndPort(target.host(), target.port()), config.build())) {
            info = jedis.info();
        } catch (JedisConnectionException e) {
            throw CacheProblems.network("Redis", target, e, readTimeout);
        } catch (JedisDataException e) {
            throw refused(target, e);
        } catch (JedisException e) {
            throw new CacheReadException(Kind.PROTOCOL, "Redis at " + target.description() + " could not be read: "
                    + e.getMessage(), e);
        }
        return parse(info, target, clock);
    }

    private static CacheReadException refused(CacheTarget target, JedisDataException e) {
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

    static CacheCounters parse(String info, CacheTarget target, Clock clock) throws CacheReadException {
        Map<String, String> f = new HashMap<>();
        long keys = 0;
        boolean sawKeyspace = false;
        List<ReplicationState.ReplicaLink> replicas = new ArrayList<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (key.startsWith("db") && value.startsWith("keys=")) {
                sawKeyspace = true;
                keys += longOr(subField(value, "keys"), 0);
            } else if (key.startsWith("slave") && value.startsWith("ip=")) {
                replicas.add(new ReplicationState.ReplicaLink(subField(value, "ip"),
                        (int) longOr(subField(value, "port"), -1), subField(value, "state"),
                        longOr(subField(value, "offset"), -1), longOr(subField(value, "lag"), -1)));
            } else {
                f.put(key, value);
            }
        }
        if (!f.containsKey("keyspace_hits") || !f.containsKey("uptime_in_seconds")) {
            throw new CacheReadException(Kind.PROTOCOL, "Redis at " + target.description() + " answered INFO"
                    + " without keyspace_hits or uptime_in_seconds; is it a Redis-compatible server?");
        }
        String rawRole = f.getOrDefault("role", "").toLowerCase(Locale.ROOT);
        String role = switch (rawRole) {
            case "master" -> "primary";
            case "slave", "replica" -> "replica";
            default -> "";
        };
        ReplicationState replication = null;
        if (!rawRole.isEmpty()) {
            boolean replica = role.equals("replica");
            replication = new ReplicationState(replica ? f.getOrDefault("master_link_status", "") : "",
                    replica ? longOr(f.get("master_last_io_seconds_ago"), -1) : -1,
                    longOr(f.get(replica ? "slave_repl_offset" : "master_repl_offset"), -1), -1, -1, replicas);
        }
        long max = longOr(f.get("maxmemory"), -1);
        return new CacheCounters(clock.instant(), f.getOrDefault("run_id", ""),
                longOr(f.get("uptime_in_seconds"), -1),
                longOr(f.get("keyspace_hits"), -1),
                longOr(f.get("keyspace_misses"), -1),
                longOr(f.get("total_commands_processed"), -1),
                // this INFO, and AUTH when there is a password
                target.password() == null ? 1 : 2,
                longOr(f.get("evicted_keys"), -1),
                longOr(f.get("expired_keys"), -1),
                longOr(f.get("used_memory"), -1),
                max > 0 ? max : -1, // 0 is "no limit", which is not a size
                longOr(f.get("connected_clients"), -1),
                sawKeyspace || f.containsKey("redis_version") ? keys : -1,
                role, replication);
    }

    /** {@code b} from {@code a=1,b=2,c=3}; empty when absent. */
    static String subField(String value, String name) {
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return part.substring(eq + 1);
            }
        }
        return "";
    }

    static long longOr(String s, long otherwise) {
        if (s == null || s.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s.trim());
            } catch (NumberFormatException e2) {
                return otherwise;
            }
        }
    }
}
