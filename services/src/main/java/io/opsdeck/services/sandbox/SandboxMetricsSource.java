package io.opsdeck.services.sandbox;

import io.opsdeck.services.cache.CacheHistory;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.cache.CacheRollup;
import io.opsdeck.services.model.CacheStatsBook;
import io.opsdeck.services.model.ReplicationState;
import io.opsdeck.services.model.Alert;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.MetricsSnapshot;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodKey;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.ServiceKey;
import io.opsdeck.services.model.ServiceMetrics;
import io.opsdeck.services.source.MetricsSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Figures for the sandbox, drifting from poll to poll: the same seed and poll number always give
 * the same figures. The last Memcached node of a cluster slowly goes cold (its hit ratio falls and
 * it evicts), then recovers, so the Caches view has something to show.
 */
public final class SandboxMetricsSource implements MetricsSource {
    /** Polls over which the cold Memcached node falls and recovers. */
    static final int COLD_CYCLE = 90;
    private static final long GIB = 1L << 30;

    /** The pace the sandbox is polled at (Session), which its made-up history follows. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    private final long seed;
    private final Clock clock;
    private final SandboxCacheFlushes flushes;
    private final CacheHistory history = new CacheHistory();
    private volatile CacheStatsBook book = CacheStatsBook.EMPTY;
    private long polls;

    public SandboxMetricsSource(long seed, Clock clock) {
        this(seed, clock, new SandboxCacheFlushes());
    }

    /** @param flushes the cache nodes flushed in the sandbox, whose figures drop and recover */
    SandboxMetricsSource(long seed, Clock clock, SandboxCacheFlushes flushes) {
        this.seed = seed;
        this.clock = clock;
        this.flushes = flushes;
    }

    @Override
    public String endpoint() {
        return "sandbox";
    }

    @Override
    public CacheStatsBook cacheBook() {
        return book;
    }

    @Override
    public synchronized MetricsSnapshot poll(ClusterSnapshot cluster, List<CacheNode> caches) {
        if (polls == 0) {
            backfill(caches);
        }
        long t = polls++;
        Map<PodKey, PodInfo> podsByKey = new HashMap<>();
        for (CacheNode c : caches) {
            podsByKey.put(c.pod(), null);
        }
        for (PodInfo p : cluster.pods()) {
            if (podsByKey.containsKey(p.key())) {
                podsByKey.put(p.key(), p);
            }
        }
        Map<PodKey, CacheStats> stats = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        Instant now = clock.instant();
        String lastMemcached = caches.stream().filter(c -> c.kind() == CacheKind.MEMCACHED)
                .map(c -> c.pod().name()).reduce((a, b) -> b).orElse("");
        for (CacheNode c : caches) {
            PodInfo pod = podsByKey.get(c.pod());
            if (pod == null || !pod.ready()) {
                stats.put(c.pod(), CacheStats.unavailable("sandbox", "the pod is not ready"));
                continue;
            }
            CacheStats s = flushes.apply(c.pod(), now, cacheStats(c, t, c.pod().name().equals(lastMemcached)));
            stats.put(c.pod(), s);
            double ratio = s.hitRatio();
            if (ratio < 0.9) {
                alerts.add(new Alert("CacheHitRatioLow", ratio < 0.75 ? "critical" : "warning", "firing",
                        String.format(Locale.ROOT, "%s hit ratio is %.0f%% over 5m", c.pod(), ratio * 100),
                        now.minusSeconds(60), Map.of("namespace", c.pod().namespace(), "pod", c.pod().name())));
            }
        }
        Map<ServiceKey, ServiceMetrics> services = new HashMap<>();
        for (ServiceInfo svc : cluster.services()) {
            services.put(svc.key(), serviceMetrics(svc, t));
        }
        for (PodInfo p : cluster.pods()) {
            if (p.restarts() >= 10 && !p.ready()) {
                alerts.add(new Alert("KubePodCrashLooping", "warning", "firing",
                        "Pod " + p.key() + " is crash looping (" + p.restarts() + " restarts)",
                        now.minusSeconds(600), Map.of("namespace", p.namespace(), "pod", p.name())));
            }
        }
        for (NodeInfo n : cluster.nodes()) {
            for (NodeCondition cond : n.pressures()) {
                alerts.add(new Alert("KubeNode" + cond.kubernetesName(), "warning", "firing",
                        "Node " + n.name() + " reports " + cond.kubernetesName(), now.minusSeconds(300),
                        Map.of("node", n.name())));
            }
        }
        recordBook(caches, stats, t, now);
        return new MetricsSnapshot(now, stats, services, alerts);
    }

    /**
     * The hour before the first poll, as the figures would have been, so that the sparklines of a fresh
     * sandbox have a line to show (a live cluster's come from Prometheus or fill as the app runs).
     */
    private void backfill(List<CacheNode> caches) {
        Instant now = clock.instant();
        String lastMemcached = lastMemcached(caches);
        int points = (int) (CacheHistory.DEFAULT_SPAN.toMillis() / POLL_INTERVAL.toMillis());
        for (int k = points; k >= 1; k--) {
            Instant at = now.minus(POLL_INTERVAL.multipliedBy(k));
            List<CacheNodeStatus> statuses = new ArrayList<>(caches.size());
            for (CacheNode c : caches) {
                CacheStats s = flushes.apply(c.pod(), at, cacheStats(c, -k, c.pod().name().equals(lastMemcached)));
                history.record(c.pod(), at, s);
                statuses.add(new CacheNodeStatus(c, s));
            }
            CacheRollup.clusters(statuses).forEach(cc -> history.record(cc, at));
        }
    }

    private void recordBook(List<CacheNode> caches, Map<PodKey, CacheStats> stats, long t, Instant now) {
        Map<PodKey, CacheNodeDetails> details = new HashMap<>();
        List<CacheNodeStatus> statuses = new ArrayList<>(caches.size());
        for (CacheNode c : caches) {
            CacheStats s = stats.get(c.pod());
            statuses.add(new CacheNodeStatus(c, s));
            CacheNodeState state = CacheNodeState.of(s);
            if (state != CacheNodeState.UNAVAILABLE) {
                history.record(c.pod(), now, s);
            }
            long h = mix(seed, stableHash(c.pod().namespace(), c.pod().name()));
            double expired = state == CacheNodeState.UNAVAILABLE ? Double.NaN
                    : (c.kind() == CacheKind.REDIS ? 12 : 30) + (h >>> 20 & 0x1f) + 4 * Math.sin(t / 7.0);
            long uptime = state == CacheNodeState.UNAVAILABLE ? -1 : 86_400L * (3 + (h >>> 24 & 0x7)) + 2 * t;
            ReplicationState replication = null;
            if (c.kind() == CacheKind.REDIS && state != CacheNodeState.UNAVAILABLE) {
                replication = "replica".equals(c.role())
                        ? new ReplicationState("up", 0, 9_000_000L + 4_000 * t, 120 + (h >>> 28 & 0x3ff), 0, List.of())
                        : new ReplicationState("", -1, 9_000_000L + 4_000 * t, -1, -1, List.of());
            }
            // as a live cluster would show them: the Redis set up with TLS, the Memcached through its port-forward
            details.put(c.pod(), new CacheNodeDetails(c.pod(), "sandbox", state, c.role(), expired, uptime,
                    replication, Duration.ofMinutes(5), now, c.kind() == CacheKind.REDIS ? CacheTransport.TLS
                    : CacheTransport.PORT_FORWARD));
        }
        CacheRollup.clusters(statuses).forEach(cc -> history.record(cc, now));
        history.prune(now);
        book = new CacheStatsBook(now, details, "", history.snapshot(now));
    }

    /** The node's figures now, as the next poll would show them: what a flush plan reads in the sandbox. */
    synchronized CacheStats current(CacheNode c, List<CacheNode> caches) {
        return flushes.apply(c.pod(), clock.instant(), cacheStats(c, polls, c.pod().name().equals(lastMemcached(caches))));
    }

    static String lastMemcached(List<CacheNode> caches) {
        return caches.stream().filter(c -> c.kind() == CacheKind.MEMCACHED)
                .map(c -> c.pod().name()).reduce((a, b) -> b).orElse("");
    }

    private CacheStats cacheStats(CacheNode c, long t, boolean goingCold) {
        long h = mix(seed, stableHash(c.pod().namespace(), c.pod().name()));
        double phase = (h & 0xffff) / 65536.0 * Math.PI * 2;
        SplittableRandom noise = new SplittableRandom(mix(h, t));
        boolean redis = c.kind() == CacheKind.REDIS;
        double base = redis ? 0.965 : 0.925;
        double ratio = base + 0.015 * Math.sin(t / 8.0 + phase) + (noise.nextDouble() - 0.5) * 0.006;
        double evictions = noise.nextDouble() * (redis ? 0.5 : 3);
        if (goingCold) {
            // start part-way into the fall, so a fresh sandbox already shows a cache going cold
            double cycle = Math.floorMod(t + COLD_CYCLE / 2, COLD_CYCLE) / (double) COLD_CYCLE;
            double depth = cycle < 0.6 ? cycle / 0.6 : (1 - cycle) / 0.4;
            ratio -= 0.33 * depth;
            evictions += 180 * depth;
        }
        ratio = Math.max(0, Math.min(1, ratio));
        double ops = (redis ? ("primary".equals(c.role()) ? 4200 : 1800) : 2600) * (1 + 0.1 * Math.sin(t / 5.0 + phase))
                + noise.nextDouble() * 100;
        double reads = ops * (redis ? 0.8 : 0.9);
        long maxMemory = 4 * GIB;
        long used = (long) (maxMemory * ((redis ? 0.32 : 0.78) + 0.02 * Math.sin(t / 20.0 + phase)));
        return new CacheStats(reads * ratio, reads * (1 - ratio), ops, used, maxMemory, evictions,
                40 + (h >>> 8 & 0x7f), (redis ? 1_200_000 : 3_400_000) + (h >>> 16 & 0xffff), "sandbox", "");
    }

    private ServiceMetrics serviceMetrics(ServiceInfo svc, long t) {
        long h = mix(seed, stableHash(svc.namespace(), svc.name()));
        SplittableRandom noise = new SplittableRandom(mix(h, t));
        double rps = 20 + (h >>> 4 & 0x3ff) * (1 + 0.1 * Math.sin(t / 6.0)) + noise.nextDouble() * 5;
        double error;
        if (svc.endpointsTotal() > 0 && svc.endpointsReady() == 0) {
            error = 1.0;
        } else {
            double notReady = svc.endpointsTotal() == 0 ? 0
                    : 1.0 - (double) svc.endpointsReady() / svc.endpointsTotal();
            error = 0.001 + noise.nextDouble() * 0.003 + notReady * 0.25;
        }
        double latency = 40 + (h >>> 12 & 0xff) + noise.nextDouble() * 20 + (error > 0.05 ? 800 : 0);
        return new ServiceMetrics(rps, error, latency);
    }

    /** String.hashCode is specified by the JDK, unlike a record's hashCode, so figures repeat on any JDK. */
    private static long stableHash(String namespace, String name) {
        return namespace.hashCode() * 31L + name.hashCode();
    }

    private static long mix(long a, long b) {
        long x = a * 0x9E3779B97F4A7C15L + b;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
