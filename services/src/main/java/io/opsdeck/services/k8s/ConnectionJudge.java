package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.opsdeck.services.model.ConnectionState;
import io.opsdeck.services.model.ConnectionStatus;
import io.opsdeck.services.model.Sentences;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decides the connection state from what the informers report, once per builder tick:
 * CONNECTING until every informer has listed once (or failed trying); CONNECTED when every
 * running informer is watching; DEGRADED when something is forbidden or shown for one namespace
 * only, or some informer has not been watching for more than a second; DOWN when nothing can be
 * read, or when no informer delivers and a GET of {@code /version} fails too (no connection, 401).
 * That GET only runs while nothing flows, at most every two seconds, and never blocks the builder.
 * Confined to the builder thread, apart from the probe's completion.
 */
final class ConnectionJudge {

    record Verdict(ConnectionState state, String sentence) {
    }

    private final KubernetesClient client;
    private final String server;
    private final Duration probeTimeout;
    private final int graceTicks;
    private final int probeEveryTicks;
    private final boolean watchesCount;

    private CompletableFuture<Void> probe;
    private volatile Throwable probeFailure;
    private long lastProbeTick;

    /**
     * @param graceTicks      how many ticks a watch may be down before it counts (reconnects are normal)
     * @param probeEveryTicks ticks between two probes
     * @param watchesCount    a watch that is down counts as failing; {@code false} for a headless command, which
     *                        reports what it listed and never waits for the watches (lists that fail still count)
     */
    ConnectionJudge(KubernetesClient client, String server, Duration probeTimeout, int graceTicks, int probeEveryTicks,
                    boolean watchesCount) {
        this.client = client;
        this.server = server;
        this.probeTimeout = probeTimeout;
        this.graceTicks = graceTicks;
        this.probeEveryTicks = probeEveryTicks;
        this.watchesCount = watchesCount;
    }

    /**
     * @param loaded  the first snapshot is out, or every informer has listed or failed
     * @param current the status now, kept while the first probe is under way
     */
    Verdict judge(Feeds feeds, boolean loaded, long tick, ConnectionStatus current) {
        List<Feed<?>> active = new ArrayList<>();
        String firstNote = null;
        String firstDegrading = null;
        for (Feed<?> f : feeds.all()) {
            if (f.active()) {
                active.add(f);
            }
            if (firstNote == null && f.note() != null) {
                firstNote = f.note();
            }
            if (firstDegrading == null && f.degrading()) {
                firstDegrading = f.note();
            }
        }
        if (active.isEmpty()) {
            return new Verdict(ConnectionState.DOWN,
                    "Nothing in this cluster can be read" + (firstNote == null ? "" : ": " + firstNote));
        }
        List<Feed<?>> failing = active.stream().filter(f -> watchesCount ? f.failing(graceTicks) : f.listFailing())
                .toList();
        if (failing.size() == active.size()) {
            // nothing flows: ask the server itself whether it can be reached at all
            Throwable unreachable = probe(tick);
            if (unreachable != null) {
                return new Verdict(ConnectionState.DOWN, Sentences.capitalised(KubeProblems.describe(unreachable, server)));
            }
            if (!probe.isDone() && lastProbeTick == tick) {
                return new Verdict(current.state(), current.lastError());
            }
            return new Verdict(ConnectionState.DEGRADED, problems(failing));
        }
        probeFailure = null;
        if (!loaded) {
            return new Verdict(ConnectionState.CONNECTING, "");
        }
        if (!failing.isEmpty()) {
            return new Verdict(ConnectionState.DEGRADED, problems(failing));
        }
        if (firstDegrading != null) {
            return new Verdict(ConnectionState.DEGRADED, Sentences.capitalised(firstDegrading));
        }
        return new Verdict(ConnectionState.CONNECTED, "");
    }

    /** Starts a GET of {@code /version} if none ran lately; returns the last failure, if any. */
    private Throwable probe(long tick) {
        if (probe == null || (probe.isDone() && tick - lastProbeTick >= probeEveryTicks)) {
            lastProbeTick = tick;
            probe = ApiDiscovery.get(client, "version", probeTimeout).handle((r, t) -> {
                if (t != null) {
                    probeFailure = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                } else if (!r.isSuccessful()) {
                    probeFailure = new KubernetesClientException("GET /version answered " + r.code(), r.code(), null);
                } else {
                    probeFailure = null;
                }
                return null;
            });
        }
        return probeFailure;
    }

    void cancel() {
        if (probe != null) {
            probe.cancel(true);
        }
    }

    private static String problems(List<Feed<?>> failing) {
        String first = Sentences.capitalised(failing.get(0).problem());
        return failing.size() == 1 ? first : first + " (and " + (failing.size() - 1) + " more)";
    }
}
