package io.opsdeck.services.sandbox;

import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PdbInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.WorkloadInfo;
import io.opsdeck.services.model.WorkloadKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The sandbox's simulated cluster: generated once from a {@link SandboxSpec}, then changed a
 * little on every {@link #tick()} (crash-looping containers restart, now and then another container
 * restarts). Ticks are deterministic: tick N of a seed is always the same change.
 * Not thread-safe; the sandbox source confines it to one thread.
 */
public final class SandboxWorld {
    private final SandboxSpec spec;
    private final List<NodeInfo> nodes;
    private final List<PodInfo> pods;
    private final List<SandboxWorkload> workloads;
    private final List<ClusterEvent> events;
    private final List<Integer> crashLooping;
    private final Instant start;
    private long tick;

    SandboxWorld(SandboxSpec spec, List<NodeInfo> nodes, List<PodInfo> pods, List<SandboxWorkload> workloads,
                 List<ClusterEvent> events, List<Integer> crashLooping, Instant start) {
        this.spec = spec;
        this.nodes = new ArrayList<>(nodes);
        this.pods = new ArrayList<>(pods);
        this.workloads = new ArrayList<>(workloads);
        this.events = new ArrayList<>(events);
        this.crashLooping = List.copyOf(crashLooping);
        this.start = start;
    }

    /** Generates the world for {@code spec}, with event times relative to {@code now}. */
    public static SandboxWorld generate(SandboxSpec spec, Instant now) {
        return new SandboxGenerator(spec, now).generate();
    }

    public SandboxSpec spec() {
        return spec;
    }

    public long tickCount() {
        return tick;
    }

    /** Advances the simulation by one step. */
    public void tick() {
        tick++;
        SplittableRandom rng = new SplittableRandom(spec.seed() * 31 + tick);
        // a crash-looping container restarts about every third tick
        for (int idx : crashLooping) {
            if (rng.nextInt(3) == 0) {
                PodInfo p = pods.get(idx);
                pods.set(idx, withRestarts(p, p.restarts() + 1));
                bumpEvent(p.name(), "BackOff");
            }
        }
        // now and then a healthy pod's container restarts
        if (!pods.isEmpty() && tick % 5 == 0) {
            int idx = rng.nextInt(pods.size());
            PodInfo p = pods.get(idx);
            if (p.phase() == PodPhase.RUNNING && p.ready() && !crashLooping.contains(idx)) {
                pods.set(idx, withRestarts(p, p.restarts() + 1));
            }
        }
    }

    /** Workloads that carry a PodDisruptionBudget of maxUnavailable 1, as a careful team would set. */
    static final Set<String> PDB_WORKLOADS = Set.of("redis", "memcached", "coredns", "frontend", "checkout", "payments",
            "ingress-nginx-controller");

    private static List<PdbInfo> pdbs(List<WorkloadInfo> workloads) {
        List<PdbInfo> out = new ArrayList<>();
        for (WorkloadInfo w : workloads) {
            if (PDB_WORKLOADS.contains(w.name()) && w.kind() != WorkloadKind.DAEMONSET) {
                int desiredHealthy = Math.max(0, w.desired() - 1);
                out.add(new PdbInfo(w.namespace(), w.name(), w.selector(), "", "1", w.ready(), desiredHealthy,
                        Math.max(0, w.ready() - desiredHealthy)));
            }
        }
        return out;
    }

    private static PodInfo withRestarts(PodInfo p, int restarts) {
        return new PodInfo(p.namespace(), p.name(), p.nodeName(), p.phase(), p.ready(), restarts, p.owner(),
                p.labels(), p.images(), p.ports(), p.cpuRequestMilli(), p.memoryRequestBytes(), p.podIp());
    }

    private void bumpEvent(String objectName, String reason) {
        Instant at = start.plusSeconds(tick * 2);
        for (int i = 0; i < events.size(); i++) {
            ClusterEvent e = events.get(i);
            if (e.objectName().equals(objectName) && e.reason().equals(reason)) {
                events.set(i, new ClusterEvent(e.namespace(), e.type(), e.reason(), e.objectKind(), e.objectName(),
                        e.message(), e.count() + 1, at.isAfter(e.lastSeen()) ? at : e.lastSeen()));
                return;
            }
        }
    }

    /** An immutable snapshot of the world as it is now. */
    public ClusterSnapshot snapshot(String context, Instant takenAt) {
        // one pass over the pods gives every workload's and every Service's counts
        Map<String, int[]> byOwner = new HashMap<>();
        for (PodInfo p : pods) {
            int[] c = byOwner.computeIfAbsent(p.namespace() + "/" + p.owner().name(), k -> new int[3]);
            if (p.phase() == PodPhase.RUNNING) {
                c[0]++;
                if (p.ready()) {
                    c[1]++;
                }
            } else if (p.phase() == PodPhase.PENDING) {
                c[2]++;
            }
        }
        List<WorkloadInfo> workloadInfos = new ArrayList<>(workloads.size());
        List<ServiceInfo> services = new ArrayList<>();
        TreeSet<String> namespaces = new TreeSet<>();
        namespaces.add("default");
        for (SandboxWorkload w : workloads) {
            int[] c = byOwner.getOrDefault(w.namespace() + "/" + w.name(), new int[3]);
            int desired = w.kind() == WorkloadKind.DAEMONSET ? nodes.size() : w.replicas();
            workloadInfos.add(new WorkloadInfo(w.kind(), w.namespace(), w.name(), desired, c[1], c[1],
                    c[0] + c[2], w.selector()));
            namespaces.add(w.namespace());
            if (w.serviceName() != null) {
                // every running pod has an endpoint; pending pods have no IP yet
                services.add(new ServiceInfo(w.namespace(), w.serviceName(), "ClusterIP", w.selector(), w.ports(),
                        c[1], c[0]));
            }
        }
        for (PodInfo p : pods) {
            namespaces.add(p.namespace());
        }
        return new ClusterSnapshot(context, takenAt, "v1.30.4 (sandbox)", nodes, pods, workloadInfos, services,
                pdbs(workloadInfos), events, List.copyOf(namespaces), List.of());
    }
}
