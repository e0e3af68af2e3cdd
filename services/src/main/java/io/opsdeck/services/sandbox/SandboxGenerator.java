package io.opsdeck.services.sandbox;

import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.NodeCondition;
import io.opsdeck.services.model.NodeInfo;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;
import io.opsdeck.services.model.PodPhase;
import io.opsdeck.services.model.Taint;
import io.opsdeck.services.model.WorkloadKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates a plausible cluster from a {@link SandboxSpec}: the same spec always gives the same
 * cluster. The default size has 3 zones and 12 nodes (one cordoned, one under memory pressure),
 * a Redis StatefulSet of 3, a Memcached Deployment of 4, and a shop whose checkout is degraded
 * and whose payments service is down.
 */
final class SandboxGenerator {
    static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "us-west-2"};
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private final SandboxSpec spec;
    private final SplittableRandom rng;
    private final Instant now;
    private final List<NodeInfo> nodes = new ArrayList<>();
    private final List<PodInfo> pods = new ArrayList<>();
    private final List<SandboxWorkload> workloads = new ArrayList<>();
    private final List<ClusterEvent> events = new ArrayList<>();
    private final List<Integer> crashLooping = new ArrayList<>();
    private final Set<String> podNames = new HashSet<>();
    private int nextNode;

    SandboxGenerator(SandboxSpec spec, Instant now) {
        this.spec = spec;
        this.rng = new SplittableRandom(spec.seed());
        this.now = now;
    }

    SandboxWorld generate() {
        generateNodes();
        generateCore();
        generateDaemonSets();
        generateFiller();
        return new SandboxWorld(spec, nodes, pods, workloads, events, crashLooping, now);
    }

    private void generateNodes() {
        int zonesPerRegion = 3;
        int regions = spec.nodes() <= 100 ? 1 : Math.min(REGIONS.length, 2 + spec.nodes() / 2500);
        int zones = Math.min(spec.nodes(), regions * zonesPerRegion);
        int cordoned = spec.nodes() * 5 / 12;
        int pressure = spec.nodes() * 9 / 12;
        int width = Math.max(2, String.valueOf(spec.nodes()).length());
        for (int i = 0; i < spec.nodes(); i++) {
            int zone = (int) ((long) i * zones / spec.nodes());
            String region = REGIONS[zone / zonesPerRegion];
            String zoneName = region + (char) ('a' + zone % zonesPerRegion);
            int firstInZone = (int) Math.ceil((double) zone * spec.nodes() / zones);
            String name = String.format(Locale.ROOT, "node-%s-%0" + width + "d",
                    zoneName.substring(zoneName.length() - 1) + (regions > 1 ? zone / zonesPerRegion + 1 : ""),
                    i - firstInZone + 1);
            boolean isCordoned = i == cordoned && spec.nodes() > 1;
            boolean big = spec.nodes() >= 100;
            Set<NodeCondition> pressures = EnumSet.noneOf(NodeCondition.class);
            if (i == pressure && spec.nodes() > 2) {
                pressures.add(NodeCondition.MEMORY_PRESSURE);
            } else if (big && rng.nextInt(400) == 0) {
                pressures.add(rng.nextBoolean() ? NodeCondition.DISK_PRESSURE : NodeCondition.PID_PRESSURE);
            }
            boolean ready = !(big && rng.nextInt(500) == 0);
            isCordoned |= big && rng.nextInt(300) == 0;
            List<Taint> taints = new ArrayList<>();
            if (isCordoned) {
                taints.add(new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule"));
            }
            if (pressures.contains(NodeCondition.MEMORY_PRESSURE)) {
                taints.add(new Taint("node.kubernetes.io/memory-pressure", "", "NoSchedule"));
            }
            if (!ready) {
                taints.add(new Taint("node.kubernetes.io/not-ready", "", "NoExecute"));
            }
            boolean large = i % 4 == 3;
            nodes.add(new NodeInfo(name, region, zoneName, "worker", ready, isCordoned, pressures, taints,
                    large ? 15_890 : 7_910, (large ? 61 : 30) * GIB, "v1.30.4",
                    Map.of("topology.kubernetes.io/region", region, "topology.kubernetes.io/zone", zoneName,
                            "kubernetes.io/hostname", name, "node.kubernetes.io/instance-type",
                            large ? "m6i.4xlarge" : "m6i.2xlarge", "node-role.kubernetes.io/worker", "")));
            if (isCordoned && i == cordoned) {
                events.add(new ClusterEvent("default", "Normal", "NodeNotSchedulable", "Node", name,
                        "Node " + name + " status is now: NodeNotSchedulable", 1, now.minusSeconds(1800)));
            }
            if (pressures.contains(NodeCondition.MEMORY_PRESSURE)) {
                events.add(new ClusterEvent("default", "Warning", "EvictionThresholdMet", "Node", name,
                        "Attempting to reclaim memory", 6, now.minusSeconds(120)));
            }
            if (!ready) {
                events.add(new ClusterEvent("default", "Warning", "NodeNotReady", "Node", name,
                        "Node " + name + " status is now: NodeNotReady", 1, now.minusSeconds(300)));
            }
        }
    }

    /** The named workloads every sandbox has, whatever its size. */
    private void generateCore() {
        workload("kube-system", "coredns", WorkloadKind.DEPLOYMENT, 2, "registry.k8s.io/coredns/coredns:v1.11.1",
                List.of(53), "kube-dns", Health.OK);
        workload("kube-system", "metrics-server", WorkloadKind.DEPLOYMENT, 1,
                "registry.k8s.io/metrics-server/metrics-server:v0.7.1", List.of(10250), null, Health.OK);
        workload("monitoring", "prometheus-k8s", WorkloadKind.STATEFULSET, 1, "quay.io/prometheus/prometheus:v2.53.0",
                List.of(9090), "prometheus-k8s", Health.OK);
        workload("monitoring", "alertmanager-main", WorkloadKind.STATEFULSET, 1,
                "quay.io/prometheus/alertmanager:v0.27.0", List.of(9093), "alertmanager-main", Health.OK);
        workload("monitoring", "grafana", WorkloadKind.DEPLOYMENT, 1, "grafana/grafana:11.1.0", List.of(3000),
                "grafana", Health.OK);
        workload("ingress-nginx", "ingress-nginx-controller", WorkloadKind.DEPLOYMENT, 2,
                "registry.k8s.io/ingress-nginx/controller:v1.11.1", List.of(80, 443), "ingress-nginx-controller",
                Health.OK);
        workload("cache", "redis", WorkloadKind.STATEFULSET, 3, "redis:7.2.5", List.of(6379, 9121), "redis",
                Health.OK, "oliver006/redis_exporter:v1.62.0");
        workload("cache", "memcached", WorkloadKind.DEPLOYMENT, 4, "memcached:1.6.29", List.of(11211, 9150),
                "memcached", Health.OK, "prom/memcached-exporter:v0.14.4");
        workload("shop", "frontend", WorkloadKind.DEPLOYMENT, 6, "ghcr.io/acme/shop-frontend:4.12.0",
                List.of(8080), "frontend", Health.OK);
        workload("shop", "cart", WorkloadKind.DEPLOYMENT, 4, "ghcr.io/acme/cart:2.3.1", List.of(8080), "cart",
                Health.OK);
        workload("shop", "catalog", WorkloadKind.DEPLOYMENT, 4, "ghcr.io/acme/catalog:3.0.7", List.of(8080),
                "catalog", Health.OK);
        workload("shop", "checkout", WorkloadKind.DEPLOYMENT, 3, "ghcr.io/acme/checkout:5.1.0", List.of(8080),
                "checkout", Health.ONE_CRASHLOOPING);
        workload("shop", "payments", WorkloadKind.DEPLOYMENT, 2, "ghcr.io/acme/payments:1.9.2", List.of(8443),
                "payments", Health.ALL_CRASHLOOPING);
        workload("shop", "search", WorkloadKind.DEPLOYMENT, 3, "ghcr.io/acme/search:0.18.3", List.of(8080),
                "search", Health.OK);
        workload("shop", "orders", WorkloadKind.DEPLOYMENT, 3, "ghcr.io/acme/orders:2.0.0", List.of(8080),
                "orders", Health.OK);
    }

    private void generateDaemonSets() {
        if (spec.pods() - pods.size() < 2 * spec.nodes()) {
            return;
        }
        daemonSet("kube-system", "kube-proxy", "registry.k8s.io/kube-proxy:v1.30.4");
        daemonSet("monitoring", "node-exporter", "quay.io/prometheus/node-exporter:v1.8.1");
    }

    private void generateFiller() {
        String[] teams = {"payments-team", "search-team", "data", "platform", "growth", "identity", "media", "batch"};
        String[] apps = {"api", "worker", "gateway", "indexer", "scheduler", "notifier", "ingest", "renderer",
            "exporter", "sync", "ledger", "auth", "feed", "billing", "mailer", "thumbnails"};
        int maxSize = spec.pods() > 10_000 ? 60 : 12;
        int n = 0;
        while (pods.size() < spec.pods()) {
            String ns = teams[n % teams.length];
            String app = apps[(n / teams.length) % apps.length] + (n >= teams.length * apps.length
                    ? "-" + (n / (teams.length * apps.length)) : "");
            int size = Math.min(spec.pods() - pods.size(), 2 + rng.nextInt(maxSize - 1));
            Health health = n % 97 == 5 ? Health.ONE_PENDING : Health.OK;
            if ("batch".equals(ns)) {
                job(ns, app, size);
            } else {
                workload(ns, app, WorkloadKind.DEPLOYMENT, size, "ghcr.io/acme/" + ns + "-" + app + ":1." + n % 10 + ".0",
                        List.of(8080), app, health);
            }
            n++;
        }
    }

    enum Health { OK, ONE_CRASHLOOPING, ALL_CRASHLOOPING, ONE_PENDING }

    private void workload(String ns, String name, WorkloadKind kind, int replicas, String image, List<Integer> ports,
                          String serviceName, Health health, String... sidecars) {
        int size = Math.min(replicas, spec.pods() - pods.size());
        if (size <= 0) {
            return;
        }
        List<String> images = new ArrayList<>();
        images.add(image);
        images.addAll(List.of(sidecars));
        Map<String, String> selector = Map.of("app.kubernetes.io/name", name);
        String hash = randomName(10);
        Map<String, String> labels = kind == WorkloadKind.DEPLOYMENT
                ? Map.of("app.kubernetes.io/name", name, "pod-template-hash", hash)
                : Map.of("app.kubernetes.io/name", name);
        workloads.add(new SandboxWorkload(kind, ns, name, replicas, selector, serviceName, ports));
        long cpu = 100L + rng.nextInt(8) * 50L;
        long mem = (128L + rng.nextInt(8) * 64L) * MIB;
        for (int r = 0; r < size; r++) {
            String podName = kind == WorkloadKind.STATEFULSET ? name + "-" + r
                    : uniquePodName(ns, name + "-" + hash + "-");
            boolean crash = health == Health.ALL_CRASHLOOPING || (health == Health.ONE_CRASHLOOPING && r == size - 1);
            boolean pending = health == Health.ONE_PENDING && r == size - 1;
            Map<String, String> podLabels = kind == WorkloadKind.STATEFULSET && "redis".equals(name)
                    ? Map.of("app.kubernetes.io/name", name, "role", r == 0 ? "primary" : "replica")
                    : labels;
            String node = pending ? "" : nodes.get(placement(r, size)).name();
            int restarts = crash ? 12 + rng.nextInt(30) : (rng.nextInt(20) == 0 ? 1 + rng.nextInt(3) : 0);
            if (crash) {
                crashLooping.add(pods.size());
                events.add(new ClusterEvent(ns, "Warning", "BackOff", "Pod", podName,
                        "Back-off restarting failed container " + name + " in pod " + podName, restarts,
                        now.minusSeconds(20 + rng.nextInt(60))));
            }
            if (pending) {
                events.add(new ClusterEvent(ns, "Warning", "FailedScheduling", "Pod", podName,
                        "0/" + spec.nodes() + " nodes are available: " + Math.max(1, spec.nodes() / 3)
                                + " Insufficient memory, 1 node(s) were unschedulable.", 9,
                        now.minusSeconds(30)));
            }
            pods.add(new PodInfo(ns, podName, node, pending ? PodPhase.PENDING : PodPhase.RUNNING,
                    !crash && !pending, restarts, new OwnerRef(kind.kubernetesName(), name), podLabels, images,
                    ports, cpu, mem, pending ? "" : podIp()));
        }
    }

    private void daemonSet(String ns, String name, String image) {
        Map<String, String> selector = Map.of("app.kubernetes.io/name", name);
        workloads.add(new SandboxWorkload(WorkloadKind.DAEMONSET, ns, name, spec.nodes(), selector, null, List.of()));
        for (NodeInfo node : nodes) {
            String podName = uniquePodName(ns, name + "-");
            pods.add(new PodInfo(ns, podName, node.name(), PodPhase.RUNNING, true, 0,
                    new OwnerRef("DaemonSet", name), selector, List.of(image), List.of(), 100, 64 * MIB, podIp()));
        }
    }

    private void job(String ns, String name, int size) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", name, "job-name", name);
        for (int r = 0; r < size; r++) {
            boolean failed = r == 0 && rng.nextInt(3) == 0;
            pods.add(new PodInfo(ns, uniquePodName(ns, name + "-"), nodes.get(placement(r, size)).name(),
                    failed ? PodPhase.FAILED : PodPhase.SUCCEEDED, false, 0, new OwnerRef("Job", name), labels,
                    List.of("ghcr.io/acme/" + name + ":latest"), List.of(), 500, 512 * MIB, ""));
            if (failed) {
                events.add(new ClusterEvent(ns, "Warning", "BackoffLimitExceeded", "Job", name,
                        "Job has reached the specified backoff limit", 1, now.minusSeconds(900)));
            }
        }
    }

    /** Spreads replicas across nodes (and so zones), skipping the node picked last. */
    private int placement(int replica, int size) {
        int stride = Math.max(1, spec.nodes() / Math.max(1, Math.min(size, 3)));
        int idx = (nextNode + replica * stride) % spec.nodes();
        if (replica == size - 1) {
            nextNode = (nextNode + 1 + rng.nextInt(Math.max(1, Math.min(7, spec.nodes())))) % spec.nodes();
        }
        return idx;
    }

    private String podIp() {
        return "10." + (64 + rng.nextInt(64)) + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
    }

    /**
     * {@code prefix} and a random 5-letter suffix, drawn again if that pod name is taken in {@code ns}
     * (the API server refuses a second pod of the same name; at 5,000 nodes a DaemonSet's suffixes collide).
     */
    private String uniquePodName(String ns, String prefix) {
        String name;
        do {
            name = prefix + randomName(5);
        } while (!podNames.add(ns + "/" + name));
        return name;
    }

    private String randomName(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = NAME_ALPHABET.charAt(rng.nextInt(NAME_ALPHABET.length()));
        }
        return new String(c);
    }
}
