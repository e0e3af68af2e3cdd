package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.InputStream;
import java.util.List;

/**
 * For the benchmark engineer: decodes a captured pod LIST exactly as the pod informer does (fabric8's
 * {@link KubernetesSerialization} into {@code DefaultKubernetesResourceList<SlimPod>}), and, for
 * comparison, into fabric8's full {@link Pod}. Not a test: it asserts nothing about time or heap.
 *
 * <h2>How to measure</h2>
 * <ol>
 *   <li>Capture what the informer receives: {@code kubectl get --raw '/api/v1/pods?resourceVersion=0' > pods.json}
 *       (the sandbox can be exported at any size for a synthetic one; real pods carry managedFields,
 *       which matter).</li>
 *   <li>Decode time: call {@link #decodePods} and {@link #decodeFullPods} on the same bytes, warmed up
 *       (JMH, or a loop of ~20 runs discarding the first 5), and compare medians. Read the file into a
 *       {@code byte[]} first so that disk time is not measured.</li>
 *   <li>Retained heap: hold the returned list, run with {@code -XX:+UseSerialGC}, force a full GC and
 *       read {@code jcmd <pid> GC.class_histogram} (or {@code MemoryMXBean} heap used before and after,
 *       after a GC each time); divide by the item count. DESIGN.md measured ~18 KB per full {@code Pod};
 *       a {@code SlimPod} keeps its metadata (name, namespace, resourceVersion, labels), owner, node,
 *       phase, readiness, restarts, images, ports, summed requests and IP, with namespaces, node names,
 *       images and label strings de-duplicated: expect well under 1 KB per pod.</li>
 *   <li>The informer's cache adds its key string ({@code namespace/name}) and a map entry per pod;
 *       {@code KubernetesClusterSource} removes fabric8's namespace index, which it does not use. The
 *       {@code PodInfo} records of a snapshot add ~150 B per pod (label maps and lists are shared).</li>
 * </ol>
 */
public final class SlimDecodingCheck {
    private static final TypeReference<DefaultKubernetesResourceList<SlimPod>> SLIM_LIST = new TypeReference<>() {
    };

    private SlimDecodingCheck() {
    }

    /** A pod LIST (JSON) decoded into slim pods, the way the informer decodes it. */
    public static List<SlimPod> decodePods(KubernetesSerialization serialization, InputStream listJson) {
        return serialization.unmarshal(listJson, SLIM_LIST).getItems();
    }

    /** The same LIST decoded into fabric8's full model, for comparison. */
    public static List<Pod> decodeFullPods(KubernetesSerialization serialization, InputStream listJson) {
        return serialization.unmarshal(listJson, PodList.class).getItems();
    }
}
