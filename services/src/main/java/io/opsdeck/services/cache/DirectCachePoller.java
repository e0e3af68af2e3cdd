package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads many cache nodes' own statistics at once, in parallel on a bounded pool, each with short
 * timeouts; a node that cannot be read gets {@link CacheStats#unavailable} with the reason and the
 * others are not held up. Rates come from a {@link CacheRateTracker}.
 */
public final class DirectCachePoller implements AutoCloseable {
    public static final int DEFAULT_THREADS = 8;
    /** Longest a whole poll waits: a connect and a read timeout, twice over, and the forward's set-up. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(DirectCachePoller.class);

    private final CacheEndpoints endpoints;
    private final Map<CacheKind, DirectCacheStatsReader> readers = new EnumMap<>(CacheKind.class);
    private final CacheRateTracker tracker;
    private final ExecutorService pool;
    private final Clock clock;
    private final Duration deadline;
    /** The problem last logged per node, so a lasting one is logged once. */
    private final Map<PodKey, String> reported = new HashMap<>();

    public DirectCachePoller(CacheEndpoints endpoints, List<DirectCacheStatsReader> readers, CacheRateTracker tracker,
                             ExecutorService pool, Clock clock, Duration deadline) {
        this.endpoints = endpoints;
        readers.forEach(r -> this.readers.put(r.kind(), r));
        this.tracker = tracker;
        this.pool = pool;
        this.clock = clock;
        this.deadline = deadline;
    }

    /**
     * A poller with the Redis and Memcached readers (2 s connect and read timeouts), rates over
     * {@code window}, and its own pool of up to {@value #DEFAULT_THREADS} named daemon threads.
     */
    public static DirectCachePoller create(CacheEndpoints endpoints, Duration window, Clock clock) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DEFAULT_THREADS, DEFAULT_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Workers.threadFactory("cache-stats"));
        pool.allowCoreThreadTimeOut(true);
        return new DirectCachePoller(endpoints, List.of(new RedisInfoReader(RedisInfoReader.DEFAULT_TIMEOUT,
                RedisInfoReader.DEFAULT_TIMEOUT, clock), new MemcachedStatsReader(RedisInfoReader.DEFAULT_TIMEOUT,
                RedisInfoReader.DEFAULT_TIMEOUT, clock)), new CacheRateTracker(window), pool, clock, DEFAULT_DEADLINE);
    }

    public CacheEndpoints endpoints() {
        return endpoints;
    }

    /**
     * Reads every node once; blocks up to the deadline. Nodes not in {@code nodes} are forgotten
     * (their windows, their port-forwards).
     */
    public Map<PodKey, DirectReading> read(List<CacheNode> nodes) {
        List<PodKey> keys = nodes.stream().map(CacheNode::pod).toList();
        tracker.retain(keys);
        endpoints.retain(keys);
        synchronized (this) {
            reported.keySet().retainAll(keys);
        }
        List<Callable<DirectReading>> tasks = new ArrayList<>(nodes.size());
        nodes.forEach(n -> tasks.add(() -> readOne(n)));
        List<Future<DirectReading>> futures;
        try {
            futures = pool.invokeAll(tasks, deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures = List.of();
        }
        Map<PodKey, DirectReading> out = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            CacheNode n = nodes.get(i);
            DirectReading r;
            try {
                r = futures.get(i).get();
            } catch (CancellationException | IndexOutOfBoundsException e) {
                r = unavailable(n, "The statistics of " + n.pod() + " were not read within "
                        + CacheProblems.seconds(deadline) + " (too many cache nodes for one refresh, or slow"
                        + " port-forwards); it is tried again at the next refresh");
            } catch (ExecutionException e) {
                LOG.error("Reading the statistics of {} failed unexpectedly", n.pod(), e.getCause());
                r = unavailable(n, "Reading the statistics of " + n.pod() + " failed unexpectedly: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r = unavailable(n, "Reading the statistics of " + n.pod() + " was interrupted");
            }
            out.put(n.pod(), r);
            report(n.pod(), r.stats().error().startsWith(CacheRateTracker.COLLECTING_PREFIX) ? "" : r.stats().error());
        }
        return out;
    }

    private DirectReading readOne(CacheNode node) {
        DirectCacheStatsReader reader = readers.get(node.kind());
        if (reader == null) {
            return unavailable(node, "Opsdeck cannot read " + node.kind().id() + " statistics directly");
        }
        try {
            CacheCounters c = reader.read(endpoints.target(node));
            return tracker.update(node, c);
        } catch (CacheReadException e) {
            return unavailable(node, endpoints.failed(node, e).getMessage());
        }
    }

    private DirectReading unavailable(CacheNode node, String why) {
        return new DirectReading(CacheStats.unavailable(CacheRateTracker.SOURCE, why), CacheNodeDetails.unknown(
                node.pod(), CacheRateTracker.SOURCE, CacheNodeState.UNAVAILABLE, node.role(), clock.instant()));
    }

    private synchronized void report(PodKey pod, String problem) {
        String before = problem.isEmpty() ? reported.remove(pod) : reported.put(pod, problem);
        if (!problem.isEmpty() && !problem.equals(before)) {
            LOG.warn("Cache statistics of {}: {}", pod, problem);
        } else if (problem.isEmpty() && before != null) {
            LOG.info("Cache statistics of {} are read again", pod);
        }
    }

    /** Stops the pool and closes every port-forward. */
    @Override
    public void close() {
        pool.shutdownNow();
        endpoints.close();
    }
}
