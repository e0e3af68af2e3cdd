package io.opsdeck.services.action;

import io.opsdeck.services.model.ClusterEvent;

import java.util.List;
import java.util.Map;

/**
 * The port through which actions read and change a cluster: fresh reads for a plan, the exact
 * requests a run sends, and the access review. The Kubernetes adapter and the sandbox implement it;
 * nothing else sends a change to a cluster.
 */
public interface ClusterOps {

    Identity identity();

    /**
     * Whether the cluster runs requests with {@code dryRun=All}: every API server since 1.13, and the
     * sandbox, which checks a dry run against its world without changing it.
     */
    boolean supportsDryRun();

    /** May this user do it? Cached per context for a few minutes by the adapter. */
    AccessVerdict access(Permission permission);

    /** The scale subresource, read fresh, with what else might own the replica count. */
    ScaleState readScale(WorkloadRef ref) throws ActionException;

    /**
     * PUTs the scale subresource with the resourceVersion read, so a concurrent change is a
     * {@link ActionException.Kind#CONFLICT} instead of being overwritten.
     */
    void writeScale(WorkloadRef ref, int replicas, String resourceVersion, boolean dryRun) throws ActionException;

    /** The workload's status now (replicas, ready, updated). */
    WorkloadStatus readStatus(WorkloadRef ref) throws ActionException;

    /** The node and the pods bound to it, read fresh. */
    NodeState readNode(String node) throws ActionException;

    /** Sets {@code spec.unschedulable} the way kubectl cordon does. */
    void setUnschedulable(String node, boolean unschedulable, boolean dryRun) throws ActionException;

    /**
     * Warning events, read fresh, of the objects in {@code namespace} whose names start with
     * {@code namePrefix} (a workload's pods), newest last; why a rollout stalls.
     */
    List<ClusterEvent> recentWarnings(String namespace, String namePrefix) throws ActionException;

    /**
     * Records a Kubernetes Event on the object acted on, where the user may create Events; fails
     * quietly (returns false) where not.
     */
    boolean recordEvent(String kind, String namespace, String name, String reason, String message);

    // ---- drain (kubectl pkg/drain semantics) ----

    /** Every pod bound to the node now, read fresh, with what a drain decides on. */
    List<DrainPod> podsOnNode(String node) throws ActionException;

    /** The PodDisruptionBudgets of a namespace with their status: policy/v1, else policy/v1beta1. */
    List<Budget> disruptionBudgets(String namespace) throws ActionException;

    /**
     * The Eviction API the server serves, as discovery lists {@code pods/eviction} in the core group:
     * {@code policy/v1} (1.22 and later), else {@code policy/v1beta1}.
     */
    String evictionApi() throws ActionException;

    /**
     * POSTs an Eviction for the pod. A 429 comes back as an answer (with the budget's cause), not
     * as an exception; so do 404 and a UID precondition that no longer holds (both: gone).
     *
     * @param uid                the UID the pod had when planned; empty for no precondition
     * @param gracePeriodSeconds -1 for the pod's own
     * @throws ActionException when the server cannot be reached
     */
    Eviction evict(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun)
            throws ActionException;

    /** The pod now; empty when it is gone (404). */
    java.util.Optional<DrainPod> readPod(String namespace, String name) throws ActionException;

    /**
     * DELETEs the pod with its UID as precondition: the explicit escalation past a budget, never
     * part of a drain.
     */
    void deletePod(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun)
            throws ActionException;

    /** Every node as scheduling sees it (free allocatable after the requests bound to it). */
    List<NodeFit.Node> schedulingNodes() throws ActionException;

    /** The pods of a namespace that carry all these labels (a controller's pods: where replacements went). */
    List<DrainPod> podsLabelled(String namespace, Map<String, String> labels) throws ActionException;

    /**
     * @param replicas        spec.replicas of the scale subresource
     * @param resourceVersion of the scale read, sent back with the PUT
     * @param hpa             a HorizontalPodAutoscaler targeting the workload ({@code namespace/name}, its min–max), empty for none
     * @param ownerWarnings   sentences about other owners of the number: GitOps controllers, operators,
     *                        and reads that failed (an unreadable HPA list is said, not taken as "no HPA")
     */
    record ScaleState(int replicas, String resourceVersion, String hpa, List<String> ownerWarnings,
                      Map<String, String> labels) {
        public ScaleState {
            hpa = hpa == null ? "" : hpa;
            ownerWarnings = List.copyOf(ownerWarnings);
            labels = Map.copyOf(labels);
        }
    }

    /** A workload's status: desired replicas and how many are ready and updated. */
    record WorkloadStatus(int desired, int current, int ready, int updated, long generation, long observedGeneration) {
    }

    /** A node read fresh, with the pods bound to it now. */
    record NodeState(String name, boolean unschedulable, boolean ready, List<DrainPod> pods) {
        public NodeState {
            pods = List.copyOf(pods);
        }
    }
}
