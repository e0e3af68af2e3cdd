package io.opsdeck.services.sandbox;

import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.PdbInfo;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.ServiceInfo;
import io.opsdeck.services.model.Taint;
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
    private final List<Integer> crashLooping; // indices into pods, kept right when pods are removed
    private final Instant start;
    private long tick;
    /** Pods the sandbox's own controllers made after generation: the tick each was created. */
    private final Map<String, Long> born = new HashMap<>();
    /** resourceVersion of each workload's scale, bumped at each change. */
    private final Map<String, Long> versions = new HashMap<>();
    private int nextPlacement;
    /** Workloads scaled by an action whose pods have not caught up yet: the only ones reconciled. */
    private final java.util.Set<String> scaling = new java.util.HashSet<>();
    private long nameCounter;
    /** Pod UIDs, given on first sight; a pod made again under the same name gets a new one. */
    private final Map<String, String> uids = new HashMap<>();
    private long uidCounter;
    /** The pod an evicted workload's replacement is made from, when none of its pods is left. */
    private final Map<String, PodInfo> templates = new HashMap<>();
    /** Workloads whose pods mount emptyDir volumes (Grafana's chart keeps its storage there by default). */
    static final Map<String, List<String>> EMPTY_DIRS = Map.of("monitoring/grafana", List.of("storage"));
    /** A StatefulSet's new pod (a Redis replica loading its data) becomes Ready this many ticks after it runs. */
    static final int STATEFUL_WARMUP_TICKS = 15;

    SandboxWorld(SandboxSpec spec, List<NodeInfo> nodes, List<PodInfo> pods, List<SandboxWorkload> workloads,
                 List<ClusterEvent> events, List<Integer> crashLooping, Instant start) {
        this.spec = spec;
        this.nodes = new ArrayList<>(nodes);
        this.pods = new ArrayList<>(pods);
        this.workloads = new ArrayList<>(workloads);
        this.events = new ArrayList<>(events);
        this.crashLooping = new ArrayList<>(crashLooping);
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
        reconcile();
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

    // ---- what the sandbox's actions change (its stand-in for the API server and the controllers) ----

    /** The workload {@code namespace/name} of a scalable kind, or null. */
    SandboxWorkload workload(String namespace, String name) {
        for (SandboxWorkload w : workloads) {
            if (w.namespace().equals(namespace) && w.name().equals(name) && w.kind() != WorkloadKind.DAEMONSET) {
                return w;
            }
        }
        return null;
    }

    /** The scale's resourceVersion: changes whenever the replica count is set. */
    String scaleVersion(String namespace, String name) {
        return String.valueOf(versions.getOrDefault(namespace + "/" + name, 1L));
    }

    /** Sets the desired replicas; the pods follow over the next ticks. */
    void scale(String namespace, String name, int replicas) {
        for (int i = 0; i < workloads.size(); i++) {
            SandboxWorkload w = workloads.get(i);
            if (w.namespace().equals(namespace) && w.name().equals(name) && w.kind() != WorkloadKind.DAEMONSET) {
                workloads.set(i, new SandboxWorkload(w.kind(), w.namespace(), w.name(), replicas, w.selector(),
                        w.serviceName(), w.ports()));
                versions.merge(namespace + "/" + name, 2L, Long::sum);
                scaling.add(namespace + "/" + name);
                // removal is at once (a terminating pod leaves the endpoints at once); new pods start Pending
                reconcileRemovals(workloads.get(i));
                return;
            }
        }
    }

    /** The pods of a workload that count towards its replicas (not finished). */
    List<PodInfo> podsOf(SandboxWorkload w) {
        List<PodInfo> out = new ArrayList<>();
        for (PodInfo p : pods) {
            if (p.namespace().equals(w.namespace()) && p.owner().name().equals(w.name())
                    && p.owner().kind().equals(w.kind().kubernetesName()) && !p.phase().terminal()) {
                out.add(p);
            }
        }
        return out;
    }

    NodeInfo node(String name) {
        for (NodeInfo n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    List<PodInfo> podsOn(String node) {
        return pods.stream().filter(p -> node.equals(p.nodeName())).toList();
    }

    List<ClusterEvent> events() {
        return List.copyOf(events);
    }

    /** Cordons or uncordons a node, with the taint the node controller adds. */
    void setUnschedulable(String name, boolean value) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeInfo n = nodes.get(i);
            if (n.name().equals(name)) {
                List<Taint> taints = new ArrayList<>(n.taints());
                taints.removeIf(t -> t.key().equals("node.kubernetes.io/unschedulable"));
                if (value) {
                    taints.add(new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule"));
                }
                nodes.set(i, new NodeInfo(n.name(), n.region(), n.zone(), n.role(), n.ready(), value, n.pressures(),
                        taints, n.cpuAllocatableMilli(), n.memoryAllocatableBytes(), n.kubeletVersion(), n.labels()));
                return;
            }
        }
    }

    /** The sandbox's controllers and scheduler: missing pods are made Pending, then scheduled, then Ready. */
    private void reconcile() {
        if (born.isEmpty() && scaling.isEmpty()) {
            return; // nothing scaled: keep a 150,000-pod sandbox's tick cheap
        }
        for (int i = 0; born.size() > 0 && i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            Long at = born.get(p.namespace() + "/" + p.name());
            if (at == null) {
                continue;
            }
            if (p.phase() == PodPhase.PENDING && tick - at >= 1) {
                String node = schedulableNode();
                if (node != null) {
                    pods.set(i, new PodInfo(p.namespace(), p.name(), node, PodPhase.RUNNING, false, 0, p.owner(),
                            p.labels(), p.images(), p.ports(), p.cpuRequestMilli(), p.memoryRequestBytes(),
                            "10.99." + (nameCounter % 250) + "." + (1 + i % 250)));
                }
            } else if (p.phase() == PodPhase.RUNNING && !p.ready()
                    && tick - at >= 2 + (p.owner().kind().equals("StatefulSet") ? STATEFUL_WARMUP_TICKS : 0)) {
                pods.set(i, new PodInfo(p.namespace(), p.name(), p.nodeName(), PodPhase.RUNNING, true, 0, p.owner(),
                        p.labels(), p.images(), p.ports(), p.cpuRequestMilli(), p.memoryRequestBytes(), p.podIp()));
                born.remove(p.namespace() + "/" + p.name());
            }
        }
        for (String key : List.copyOf(scaling)) {
            SandboxWorkload w = workload(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1));
            List<PodInfo> mine = w == null ? List.of() : podsOf(w);
            PodInfo template = mine.isEmpty() ? templates.get(key) : mine.get(0);
            if (w == null || template == null || mine.size() >= w.replicas()) {
                scaling.remove(key); // caught up, or a workload the generator left without pods (size budget)
                continue;
            }
            for (int r = mine.size(); r < w.replicas(); r++) {
                String name = w.kind() == WorkloadKind.STATEFULSET ? w.name() + "-" + nextOrdinal(w)
                        : w.name() + "-" + template.labels().getOrDefault("pod-template-hash", "sandbox") + "-x" + (++nameCounter);
                pods.add(new PodInfo(w.namespace(), name, "", PodPhase.PENDING, false, 0, template.owner(),
                        template.labels(), template.images(), template.ports(), template.cpuRequestMilli(),
                        template.memoryRequestBytes(), ""));
                born.put(w.namespace() + "/" + name, tick);
            }
        }
    }

    private void reconcileRemovals(SandboxWorkload w) {
        List<PodInfo> mine = podsOf(w);
        int extra = mine.size() - w.replicas();
        for (int k = mine.size() - 1; k >= 0 && extra > 0; k--, extra--) {
            PodInfo gone = mine.get(k);
            // kept, so a scale back up from 0 (an undo) has a template to make pods from
            templates.putIfAbsent(w.namespace() + "/" + w.name(), gone);
            removePod(pods.indexOf(gone));
            born.remove(gone.namespace() + "/" + gone.name());
        }
    }

    /** Removes the pod at {@code idx}, keeping the crash-looping indices pointing at the same pods. */
    void removePod(int idx) {
        if (idx < 0) {
            return;
        }
        pods.remove(idx);
        crashLooping.removeIf(i -> i == idx);
        crashLooping.replaceAll(i -> i > idx ? i - 1 : i);
    }

    /** The lowest ordinal none of the StatefulSet's pods has: an evicted redis-1 comes back as redis-1. */
    private int nextOrdinal(SandboxWorkload w) {
        Set<Integer> taken = new java.util.HashSet<>();
        for (PodInfo p : podsOf(w)) {
            String suffix = p.name().substring(p.name().lastIndexOf('-') + 1);
            try {
                taken.add(Integer.parseInt(suffix));
            } catch (NumberFormatException e) {
                // not an ordinal
            }
        }
        int n = 0;
        while (taken.contains(n)) {
            n++;
        }
        return n;
    }

    // ---- what a drain reads and changes (SandboxEvictions is the sandbox's Eviction API) ----

    List<PodInfo> pods() {
        return java.util.Collections.unmodifiableList(pods);
    }

    List<NodeInfo> nodes() {
        return java.util.Collections.unmodifiableList(nodes);
    }

    List<SandboxWorkload> workloads() {
        return java.util.Collections.unmodifiableList(workloads);
    }

    PodInfo pod(String namespace, String name) {
        for (PodInfo p : pods) {
            if (p.namespace().equals(namespace) && p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    String uid(PodInfo p) {
        return uids.computeIfAbsent(p.namespace() + "/" + p.name(), k -> "sandbox-" + (++uidCounter));
    }

    /**
     * Takes the pod away as an eviction (or a deletion) does once its grace period is over; its
     * workload's controller makes a replacement over the next ticks.
     */
    void evictPod(String namespace, String name) {
        PodInfo p = pod(namespace, name);
        if (p == null) {
            return;
        }
        String key = namespace + "/" + name;
        removePod(pods.indexOf(p));
        uids.remove(key);
        born.remove(key);
        SandboxWorkload w = workload(namespace, p.owner().name());
        if (w != null && w.kind().kubernetesName().equals(p.owner().kind())) {
            templates.put(namespace + "/" + w.name(), p);
            scaling.add(namespace + "/" + w.name());
        }
    }

    private String schedulableNode() {
        for (int k = 0; k < nodes.size(); k++) {
            NodeInfo n = nodes.get((nextPlacement + k) % nodes.size());
            if (n.ready() && !n.unschedulable() && n.pressures().isEmpty()) {
                nextPlacement = (nextPlacement + k + 1) % nodes.size();
                return n.name();
            }
        }
        return null;
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
