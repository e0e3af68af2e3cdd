package io.opsdeck.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.k8s.KubernetesClusterSource;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.source.ClusterSource;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./bench/run live [NODESxPODS] [RUNS] [page=N] [rate=MBPS]}: the initial load of a large cluster.
 * A fake API server on loopback serves generated LIST responses (real-size JSON, built before timing);
 * the benchmark times a plain HTTP GET of exactly the LIST requests Opsdeck made (the raw transfer: one
 * after the other, each body read to its end) against Opsdeck's load to its first snapshot holding every
 * pod, and prints {@code live nodes=… pods=… list_requests=… raw_list_ms=… opsdeck_load_ms=… ratio=…
 * heap_mb=… server=… cold_load_ms=…}, the best of RUNS each (after one warm-up load, whose time is the
 * last figure), and the heap Opsdeck holds with that snapshot. {@code page=N} lists in pages of N
 * ({@code KubernetesClusterSource.Options.listPageSize}). With the app's classes at hand (./bench/run),
 * the line ends with Opsdeck as whole processes ({@link OpsdeckProcesses}): {@code report_ms} and
 * {@code live_view_ms} (exec → the console's Topology holding every pod), each with its ratio to the raw LIST.
 *
 * <p>One line per server pace ({@link #DEFAULT_RATES}, or {@code rate=}): paced at an API server's
 * speed (~50 MB/s), where the raw figure is the transfer a client waits for, and at loopback speed
 * (bytes prepared in memory and copied at ~1.5–2 GB/s), where the transfer is nearly free and the
 * ratio shows what decoding and the client's own reading cost.
 */
public final class LiveBench {
    /**
     * The server paces measured by default, MB/s: an API server's own (DESIGN.md, "Data flow": a real
     * API server on this kind of machine sends 30,000 pods, 107 MiB, in 2.0–2.4 s from its watch cache,
     * ~50 MB/s), then loopback speed (0: the prepared bytes copied as fast as the kernel goes).
     */
    static final List<Double> DEFAULT_RATES = List.of(50.0, 0.0);
    private static Long pageSize;

    private LiveBench() {
    }

    public static void main(String[] args) throws Exception {
        String size = args.length > 0 ? args[0] : "1000x30000";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (runs < 1) {
            throw new IllegalArgumentException("RUNS must be at least 1");
        }
        List<Double> rates = new ArrayList<>(DEFAULT_RATES);
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("page=")) {
                // lists in pages of N (limit/continue), as KubernetesClusterSource.Options.listPageSize
                pageSize = Long.parseLong(args[i].substring("page=".length()));
            } else if (args[i].startsWith("rate=")) {
                // only this server pace (MB/s; 0 for loopback speed)
                rates = List.of(Double.parseDouble(args[i].substring("rate=".length())));
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + ": use page=N or rate=MBPS");
            }
        }
        String[] nxp = size.split("x");
        int nodes = Integer.parseInt(nxp[0]);
        int pods = Integer.parseInt(nxp[1]);
        System.err.printf(Locale.ROOT, "generating %d nodes and %d pods…%n", nodes, pods);
        try (FakeApiServer server = new FakeApiServer(nodes, pods)) {
            server.prepare(pageSize);
            OpsdeckProcesses processes = OpsdeckProcesses.of(server);
            System.err.printf(Locale.ROOT, "pod JSON: %.1f MB%n", server.podJsonBytes() / 1e6);
            boolean fresh = true;
            for (double rate : rates) {
                server.pace(rate);
                System.err.printf(Locale.ROOT, "server %s; warming up%n", rate > 0 ? "paced at " + rate + " MB/s" : "at loopback speed");
                server.clearRecorded();
                long cold = load(server, pods)[0];
                List<String> requests = server.listRequests();
                rawGet(server, requests);
                long bestRaw = Long.MAX_VALUE;
                long bestLoad = Long.MAX_VALUE;
                long heapMb = 0;
                List<FakeApiServer.PodPage> podPages = List.of();
                for (int r = 0; r < runs; r++) {
                    server.clearRecorded();
                    long[] loaded = load(server, pods);
                    bestLoad = Math.min(bestLoad, loaded[0]);
                    heapMb = loaded[1];
                    podPages = server.podPages();
                    bestRaw = Math.min(bestRaw, rawGet(server, server.listRequests()));
                }
                String server0 = rate > 0 ? String.format(Locale.ROOT, "server=paced rate_mb_s=%s", fmt(rate)) : "server=loopback";
                String report = processes == null ? "" : processes.report(pods, runs, bestRaw)
                        + processes.snapshot(runs, bestRaw) + processes.liveView(pods, runs, bestRaw) + " "
                        + processes.cdsKey();
                System.out.printf(Locale.ROOT, "live nodes=%d pods=%d %slist_requests=%d raw_list_ms=%d opsdeck_load_ms=%d ratio=%.2f heap_mb=%d %s %s=%d%s%s%n",
                        nodes, pods, pageSize == null ? "" : "page=" + pageSize + " ", requests.size(), bestRaw, bestLoad,
                        (double) bestLoad / bestRaw, heapMb, server0, fresh ? "cold_load_ms" : "first_load_ms", cold,
                        nextPageEarly(podPages), report);
                System.out.flush();
                fresh = false;
            }
            if (processes != null) {
                processes.close();
            }
        }
    }

    /**
     * How early the next page of pods was asked for, from the last run's pages: for each page but the
     * last, the share of its transfer (from its request to its last byte written) still to come when
     * the next page was requested, in percent: for the first page, and the median and least over all.
     * Opsdeck asks for the second page as soon as the first one's continue token arrives, at its start
     * (near 100), and keeps at most two pages in flight: page k+2 is asked for when page k has ended,
     * with about half of page k+1 still to come (near 50).
     */
    static String nextPageEarly(List<FakeApiServer.PodPage> pages) {
        if (pages.size() < 2) {
            return "";
        }
        double[] early = new double[pages.size() - 1];
        for (int k = 0; k + 1 < pages.size(); k++) {
            FakeApiServer.PodPage page = pages.get(k);
            double transfer = Math.max(1, page.sentNanos() - page.requestedNanos());
            double left = page.sentNanos() - pages.get(k + 1).requestedNanos();
            early[k] = Math.max(0, Math.min(100, 100 * left / transfer));
        }
        double first = early[0];
        Arrays.sort(early);
        return String.format(Locale.ROOT,
                " pod_pages=%d first_page_early_pct=%.0f next_page_early_pct_p50=%.0f next_page_early_pct_min=%.0f",
                pages.size(), first, early[early.length / 2], early[0]);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * Opsdeck's load: from start to the first snapshot holding every pod. Returns {ms, heap MB}: the
     * heap held by the running source (its caches) and that snapshot, measured after full GCs as the
     * difference with the heap before the source started.
     */
    private static long[] load(FakeApiServer server, int expectedPods) throws Exception {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default")
                .withRequestTimeout(120_000).withConnectionTimeout(10_000).build();
        try (Workers workers = new Workers();
             KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                     .withHttpClientFactory(new OkHttpClientFactory()).build()) {
            BlockingQueue<ClusterSnapshot> snapshots = new ArrayBlockingQueue<>(64);
            long before = usedHeapAfterGc();
            KubernetesClusterSource.Options d = KubernetesClusterSource.Options.DEFAULTS;
            KubernetesClusterSource source = new KubernetesClusterSource(client, "bench", "default",
                    workers.scheduler("bench-snapshot"), Clock.systemUTC(),
                    new KubernetesClusterSource.Options(d.coalesce(), d.listTimeout(), pageSize, d.probeTimeout()));
            long t0 = System.nanoTime();
            source.start(new ClusterSource.Listener() {
                @Override
                public void snapshot(ClusterSnapshot snapshot) {
                    snapshots.offer(snapshot);
                }

                @Override
                public void status(ConnectionStatus status) {
                }
            });
            ClusterSnapshot s;
            do {
                s = snapshots.poll(10, TimeUnit.MINUTES);
                if (s == null) {
                    throw new IllegalStateException("no snapshot within 10 minutes");
                }
            } while (s.pods().size() < expectedPods);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            snapshots.clear();
            long heap = Math.max(0, usedHeapAfterGc() - before) >> 20;
            int count = s.pods().size();
            source.close();
            System.err.printf(Locale.ROOT, "  opsdeck load %d ms, %d pods, heap %d MB%n", ms, count, heap);
            return new long[] {ms, heap};
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The raw transfer: the same LIST requests, one after another, bodies read and dropped. */
    private static long rawGet(FakeApiServer server, List<String> requests) throws Exception {
        byte[] buf = new byte[1 << 16];
        long t0 = System.nanoTime();
        long bytes = 0;
        for (String r : requests) {
            HttpURLConnection c = (HttpURLConnection) URI.create(server.url() + r).toURL().openConnection();
            c.setRequestProperty("Accept", "application/json");
            try (InputStream in = c.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    bytes += n;
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.err.printf(Locale.ROOT, "  raw GET %d requests, %.1f MB, %d ms%n", requests.size(), bytes / 1e6, ms);
        return ms;
    }
}
