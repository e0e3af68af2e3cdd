package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.opsdeck.services.model.PodPhase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A core/v1 Pod decoded into only what {@link io.opsdeck.services.model.PodInfo} needs: labels, the
 * controlling owner, node, phase, readiness, restarts, images, ports, summed requests and the IP.
 * Everything else in the pod's JSON is skipped while decoding. Decoded either by Jackson (the
 * annotations below) or, in Opsdeck's streaming informer, by {@link SlimPodReader}, which follows
 * the same rules.
 */
@Group("") // the core group; fabric8 wants @Group whenever @Version is given
@Version("v1")
@Kind("Pod")
@Plural("pods")
public final class SlimPod extends SlimResource {
    private static final long serialVersionUID = 1L;

    private Map<String, String> labels = Map.of();
    private String ownerKind = "";
    private String ownerName = "";
    private String nodeName = "";
    private PodPhase phase = PodPhase.UNKNOWN;
    private String podIp = "";
    private boolean ready;
    private int restarts;
    private List<String> images = List.of();
    private List<Integer> ports = List.of();
    private long cpuRequestMilli;
    private long memoryRequestBytes;

    /** For Jackson (fabric8's informers and tests). */
    public SlimPod() {
    }

    /** Sets what {@link SlimPodReader} read; the lists are immutable (and may be shared). */
    void fromStream(Map<String, String> labels, String ownerKind, String ownerName, String nodeName, PodPhase phase,
                    String podIp, boolean ready, int restarts, List<String> images, List<Integer> ports,
                    long cpuRequestMilli, long memoryRequestBytes) {
        this.labels = labels;
        this.ownerKind = ownerKind;
        this.ownerName = ownerName;
        this.nodeName = nodeName;
        this.phase = phase;
        this.podIp = podIp;
        this.ready = ready;
        this.restarts = restarts;
        this.images = images;
        this.ports = ports;
        this.cpuRequestMilli = cpuRequestMilli;
        this.memoryRequestBytes = memoryRequestBytes;
    }

    @Override
    protected Map<String, String> metadataLabels() {
        return labels;
    }

    @Override
    protected void onMetadata(SlimMeta meta) {
        labels = meta.labels();
        ownerKind = meta.controllerKind();
        ownerName = meta.controllerName();
    }

    @JsonProperty("spec")
    void readSpec(Spec spec) {
        if (spec == null) {
            return;
        }
        nodeName = spec.nodeName == null ? "" : Strings.dedup(spec.nodeName);
        if (spec.containers == null || spec.containers.isEmpty()) {
            return;
        }
        List<String> imgs = new ArrayList<>(spec.containers.size());
        List<Integer> prts = null;
        long cpu = 0;
        long mem = 0;
        for (Container c : spec.containers) {
            imgs.add(c.image == null ? "" : Strings.dedup(c.image));
            if (c.ports != null) {
                for (Port p : c.ports) {
                    if (p.containerPort != null) {
                        if (prts == null) {
                            prts = new ArrayList<>(2);
                        }
                        prts.add(p.containerPort);
                    }
                }
            }
            if (c.resources != null && c.resources.requests != null) {
                cpu += Quantities.milli(c.resources.requests.get("cpu"));
                mem += Quantities.units(c.resources.requests.get("memory"));
            }
        }
        images = List.copyOf(imgs);
        ports = prts == null ? List.of() : List.copyOf(prts);
        cpuRequestMilli = cpu;
        memoryRequestBytes = mem;
    }

    @JsonProperty("status")
    void readStatus(Status status) {
        if (status == null) {
            return;
        }
        phase = PodPhase.parse(status.phase);
        podIp = status.podIP == null ? "" : status.podIP;
        if (status.conditions != null) {
            for (Condition c : status.conditions) {
                if ("Ready".equals(c.type)) {
                    ready = "True".equals(c.status);
                }
            }
        }
        if (status.containerStatuses != null) {
            int sum = 0;
            for (ContainerStatus cs : status.containerStatuses) {
                sum += cs.restartCount;
            }
            restarts = sum;
        }
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** Kind of the controlling owner reference ({@code ReplicaSet}, {@code StatefulSet}, …); empty when none. */
    public String ownerKind() {
        return ownerKind;
    }

    public String ownerName() {
        return ownerName;
    }

    /** The node the pod is bound to; empty while unscheduled. */
    public String nodeName() {
        return nodeName;
    }

    public PodPhase phase() {
        return phase;
    }

    /** The pod's Ready condition is True. */
    public boolean ready() {
        return ready;
    }

    /** Restarts of the pod's containers, summed (init containers not counted). */
    public int restarts() {
        return restarts;
    }

    public List<String> images() {
        return images;
    }

    public List<Integer> ports() {
        return ports;
    }

    /** CPU requests of the pod's containers, summed, in millicores. */
    public long cpuRequestMilli() {
        return cpuRequestMilli;
    }

    /** Memory requests of the pod's containers, summed, in bytes. */
    public long memoryRequestBytes() {
        return memoryRequestBytes;
    }

    /** {@code status.podIP}; empty until the pod has one. */
    public String podIp() {
        return podIp;
    }

    // Shapes of the JSON being read; they live only while one pod is decoded.

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Spec {
        public String nodeName;
        public List<Container> containers;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Container {
        public String image;
        public List<Port> ports;
        public Resources resources;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Port {
        public Integer containerPort;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Resources {
        public Map<String, String> requests;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Status {
        public String phase;
        public String podIP;
        public List<Condition> conditions;
        public List<ContainerStatus> containerStatuses;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Condition {
        public String type;
        public String status;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ContainerStatus {
        public int restartCount;
    }
}
