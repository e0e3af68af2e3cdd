package io.opsdeck.services.action;

import io.opsdeck.services.model.ClusterEvent;
import io.opsdeck.services.model.PodInfo;

import java.util.List;
import java.util.Map;

/**
 * The port through which actions read and change a cluster: fresh reads for a plan, the exact
 * requests a run sends, and the access review. The Kubernetes adapter and the sandbox implement it;
 * nothing else sends a change to a cluster.
 */
public interface ClusterOps {

    Identity identity();

    /** Whether the server runs requests with {@code dryRun=All} (every server since 1.13; not the sandbox). */
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
    record NodeState(String name, boolean unschedulable, boolean ready, List<PodInfo> pods) {
        public NodeState {
            pods = List.copyOf(pods);
        }
    }
}
