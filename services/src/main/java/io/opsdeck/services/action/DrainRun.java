package io.opsdeck.services.action;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.ClusterEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;

/**
 * A drain running, kubectl's eviction and wait loops in one: cordon, then every pod to evict is
 * asked for in turn, side by side (at most {@link DrainRequest.Pace#parallel()} requests in flight);
 * a budget's 429 is asked again every {@code retry} with the budget and what it waits for on the
 * pod's row; an accepted pod is read every {@code poll} until it is gone (404) or another pod of its
 * name stands there (a new UID). Progress lives in the rows, re-read each round, never in a watch:
 * a lost connection costs a round, not the drain. Cancel stops asking and leaves the node cordoned.
 */
final class DrainRun {
    /** Labels that differ pod by pod within one controller: left out of the selector for replacements. */
    private static final Set<String> PER_POD_LABELS = Set.of("statefulset.kubernetes.io/pod-name",
            "apps.kubernetes.io/pod-index", "controller-revision-hash");

    private final DrainRequest request;
    private final boolean cordonedBefore;
    private final List<DrainPod> planned;
    /** The budget that selects each pod, as planned ({@code namespace/name} by pod key); a 429 may name another. */
    private final Map<String, String> budgets;
    private final RunContext run;
    private final ClusterOps cluster;
    private final List<ActionItem> untouched = new ArrayList<>();
    private final List<Track> tracks = new ArrayList<>();

    DrainRun(DrainRequest request, boolean cordonedBefore, List<DrainPod> planned, Map<String, String> budgets,
             RunContext run) {
        this.request = request;
        this.cordonedBefore = cordonedBefore;
        this.planned = planned;
        this.budgets = budgets;
        this.run = run;
        this.cluster = run.cluster();
    }

    /** One pod being drained. Changed only by its own step, read by the loop between rounds. */
    private final class Track {
        final DrainPod pod;
        String state = "waiting";
        String reason = "";
        String pdb = "";
        String node = "";
        Instant started;
        Instant ended;
        Instant nextAt;

        Track(DrainPod pod, Instant now) {
            this.pod = pod;
            this.nextAt = now;
            this.pdb = budgets.getOrDefault(pod.key(), "");
        }

        boolean done() {
            return state.equals("gone") || state.equals("failed");
        }

        void end(String newState, String why) {
            state = newState;
            reason = why;
            ended = run.clock().instant();
        }

        /** One request: an eviction, or a read of a pod whose eviction was accepted. */
        Void step() {
            Instant now = run.clock().instant();
            try {
                if (state.equals("terminating")) {
                    var current = cluster.readPod(pod.namespace(), pod.name());
                    if (current.isEmpty()) {
                        end("gone", "Evicted");
                    } else if (!pod.uid().isEmpty() && !current.get().uid().equals(pod.uid())) {
                        end("gone", "Evicted; its controller made a new pod of the same name");
                    } else {
                        nextAt = now.plus(request.pace().poll());
                    }
                    return null;
                }
                if (started == null) {
                    started = now;
                }
                state = "evicting";
                Eviction e = cluster.evict(pod.namespace(), pod.name(), pod.uid(),
                        request.options().gracePeriodSeconds(), false);
                switch (e.kind()) {
                    case ACCEPTED -> {
                        state = "terminating";
                        reason = "Eviction accepted; waiting for it to terminate (grace period "
                                + (request.options().gracePeriodSeconds() >= 0 ? request.options().gracePeriodSeconds()
                                : pod.gracePeriodSeconds() >= 0 ? pod.gracePeriodSeconds() : 30) + " s)";
                        nextAt = now;
                    }
                    case BUDGET -> {
                        state = "blocked";
                        pdb = e.budget().isEmpty() ? pdb : pod.namespace() + "/" + e.budget();
                        reason = e.waitingFor(pod.namespace()) + "; asked again every "
                                + Durations.format(request.pace().retry());
                        nextAt = now.plus(request.pace().retry());
                    }
                    case RETRY -> {
                        state = "waiting";
                        reason = "The API server asked to retry later (" + e.code() + "): " + e.message();
                        nextAt = now.plus(request.pace().retry());
                    }
                    case GONE -> end("gone", e.code() == 404 ? "Gone before it was evicted (404)"
                            : "Gone: a pod of the same name with another UID stands there now");
                    default -> end("failed", "The eviction failed (" + e.code() + "): " + e.message());
                }
            } catch (ActionException e) {
                // the server did not answer: this pod is not at fault; ask again next round
                if (state.equals("evicting")) {
                    state = "waiting";
                }
                reason = "Could not read or evict it (" + e.getMessage() + "); asking again";
                nextAt = now.plus(request.pace().retry());
            } catch (RuntimeException e) {
                end("failed", "Opsdeck failed on this pod: " + e);
            }
            return null;
        }

        ActionItem item(boolean finished) {
            Instant until = ended != null ? ended : run.clock().instant();
            Duration elapsed = started == null ? Duration.ZERO : Duration.between(started, until);
            String word = !finished ? state : switch (state) {
                case "gone" -> "evicted";
                case "failed", "blocked" -> state;
                default -> "remaining";
            };
            return new ActionItem(pod.namespace(), pod.name(), word, reason, pdb, node, elapsed);
        }
    }

    ActionOutcome run() throws ActionException {
        String node = request.node();
        Instant start = run.clock().instant();
        if (!cordonedBefore) {
            run.progress().progress(ActionProgress.of(0, "Cordoning " + node + "…"));
            run.cluster().setUnschedulable(node, true, false);
        }
        select(start);
        Map<String, Set<String>> before = controllerPods(Set.of());
        Instant deadline = request.options().timeout().isZero() ? null : start.plus(request.options().timeout());
        boolean cancelled = false;
        boolean timedOut = false;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(request.pace().parallel(), tracks.size())),
                Workers.threadFactory("drain"));
        try {
            while (true) {
                publish(false);
                List<Track> open = tracks.stream().filter(t -> !t.done()).toList();
                if (open.isEmpty()) {
                    break;
                }
                if (run.cancellation().isCancelled()) {
                    cancelled = true;
                    break;
                }
                Instant now = run.clock().instant();
                if (deadline != null && !now.isBefore(deadline)) {
                    timedOut = true;
                    break;
                }
                List<Callable<Void>> due = new ArrayList<>();
                for (Track t : open) {
                    if (!t.nextAt.isAfter(now)) {
                        due.add(t::step);
                    }
                }
                if (!due.isEmpty()) {
                    pool.invokeAll(due);
                    continue;
                }
                Instant next = open.stream().map(t -> t.nextAt).min(Comparator.naturalOrder()).orElse(now);
                if (deadline != null && deadline.isBefore(next)) {
                    next = deadline;
                }
                if (run.cancellation().await(Math.max(1, Duration.between(now, next).toMillis()))) {
                    cancelled = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        } finally {
            pool.shutdownNow();
            // the steps still running write the rows read below: let them stop first
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        placeReplacements(before);
        publish(true);
        return DrainOutcomes.outcome(request, cordonedBefore, items(true), cancelled, timedOut);
    }

    /** The pods to evict, read again after the cordon (kubectl lists after cordoning too). */
    private void select(Instant now) {
        List<DrainPod> fresh;
        try {
            fresh = cluster.podsOnNode(request.node());
        } catch (ActionException e) {
            fresh = planned; // the plan's pods: the API server still enforces every budget
        }
        for (DrainPod p : fresh) {
            DrainPlanner.Row r = DrainPlanner.classify(p, request.options());
            switch (r.state()) {
                case DrainPlanner.EVICT -> tracks.add(new Track(p, now));
                case DrainPlanner.SKIP -> untouched.add(ActionItem.of(p.namespace(), p.name(), "skipped", r.reason()));
                default -> untouched.add(ActionItem.of(p.namespace(), p.name(), "remaining", r.reason()));
            }
        }
    }

    private void publish(boolean finished) {
        long gone = tracks.stream().filter(Track::done).count();
        long evicted = tracks.stream().filter(t -> t.state.equals("gone")).count();
        long held = tracks.stream().filter(t -> t.state.equals("blocked")).count();
        String msg = (finished ? "Drain of " + request.node() + " ended: " : "Draining " + request.node() + ": ")
                + evicted + " of " + tracks.size() + " evicted" + (held > 0 ? ", " + held + " held by a budget" : "");
        run.progress().progress(new ActionProgress(tracks.isEmpty() ? 1 : gone / (double) tracks.size(), msg, items(finished)));
    }

    private List<ActionItem> items(boolean finished) {
        List<ActionItem> out = new ArrayList<>();
        for (Track t : tracks) {
            out.add(t.item(finished));
        }
        out.addAll(untouched);
        return out;
    }

    /** The UIDs of each controller's pods now, by controller key; a read that fails leaves the controller out. */
    private Map<String, Set<String>> controllerPods(Set<String> skip) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Track t : tracks) {
            String key = t.pod.namespace() + "/" + t.pod.controller();
            if (!t.pod.hasController() || out.containsKey(key) || skip.contains(key)) {
                continue;
            }
            try {
                Set<String> uids = new HashSet<>();
                for (DrainPod p : cluster.podsLabelled(t.pod.namespace(), selector(t.pod))) {
                    if (p.controller().equals(t.pod.controller())) {
                        uids.add(p.uid());
                    }
                }
                out.put(key, uids);
            } catch (ActionException e) {
                // where its replacement went stays unknown
            }
        }
        return out;
    }

    /** Where each evicted pod's replacement went: the controller's new pods, matched in creation order. */
    private void placeReplacements(Map<String, Set<String>> before) {
        Map<String, List<Track>> gone = new LinkedHashMap<>();
        for (Track t : tracks) {
            if (t.state.equals("gone") && t.pod.hasController()) {
                gone.computeIfAbsent(t.pod.namespace() + "/" + t.pod.controller(), k -> new ArrayList<>()).add(t);
            }
        }
        for (Map.Entry<String, List<Track>> e : gone.entrySet()) {
            Set<String> old = before.get(e.getKey());
            if (old == null) {
                continue;
            }
            DrainPod sample = e.getValue().get(0).pod;
            List<DrainPod> fresh;
            try {
                fresh = new ArrayList<>(cluster.podsLabelled(sample.namespace(), selector(sample)).stream()
                        .filter(p -> p.controller().equals(sample.controller()) && !old.contains(p.uid())
                                && !p.nodeName().equals(request.node()))
                        .toList());
            } catch (ActionException ex) {
                continue;
            }
            fresh.sort(Comparator.comparing((DrainPod p) -> p.created() == null ? Instant.EPOCH : p.created())
                    .thenComparing(DrainPod::name));
            // a StatefulSet's replacement has the evicted pod's name: match those first
            for (Track t : e.getValue()) {
                fresh.stream().filter(p -> p.name().equals(t.pod.name())).findFirst().ifPresent(p -> {
                    place(t, p);
                    fresh.remove(p);
                });
            }
            for (Track t : e.getValue()) {
                if (t.node.isEmpty() && !fresh.isEmpty()) {
                    place(t, fresh.remove(0));
                }
            }
        }
    }

    private void place(Track t, DrainPod replacement) {
        if (!replacement.nodeName().isEmpty()) {
            t.node = replacement.nodeName();
            t.reason = t.reason + "; its replacement " + replacement.name() + " runs on " + replacement.nodeName();
            return;
        }
        t.node = "Pending";
        String why = "";
        try {
            why = cluster.recentWarnings(replacement.namespace(), replacement.name()).stream()
                    .filter(ev -> ev.reason().equals("FailedScheduling"))
                    .max(Comparator.comparing(ClusterEvent::lastSeen))
                    .map(ClusterEvent::message).orElse("");
        } catch (ActionException e) {
            // the reason stays unknown
        }
        t.reason = t.reason + "; its replacement " + replacement.name() + " is Pending"
                + (why.isEmpty() ? " (not scheduled yet)" : ": " + why);
    }

    static Map<String, String> selector(DrainPod p) {
        Map<String, String> out = new LinkedHashMap<>(p.labels());
        out.keySet().removeAll(PER_POD_LABELS);
        return out;
    }
}
