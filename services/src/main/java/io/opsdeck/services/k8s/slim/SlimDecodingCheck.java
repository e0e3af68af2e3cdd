package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.opsdeck.services.k8s.json.Decoding;
import io.opsdeck.services.k8s.json.JsonSyntaxException;
import io.opsdeck.services.k8s.json.ListDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * For the benchmark engineer: decodes a captured pod LIST the way the pod informer does (Opsdeck's
 * stream decoder, {@link SlimPodReader}, fed in pieces as the network would), and, for comparison,
 * with Jackson into {@code DefaultKubernetesResourceList<SlimPod>} (how fabric8's informer decoded
 * slim pods) and into fabric8's full {@link Pod}. Not a test: it asserts nothing about time or heap.
 *
 * <h2>How to measure</h2>
 * <ol>
 *   <li>Capture what the informer receives: {@code kubectl get --raw '/api/v1/pods?resourceVersion=0' > pods.json}
 *       (the sandbox can be exported at any size for a synthetic one; real pods carry managedFields,
 *       which matter).</li>
 *   <li>Decode time: call {@link #streamPods}, {@link #decodePods} and {@link #decodeFullPods} on the same
 *       bytes, warmed up (JMH, or a loop of ~20 runs discarding the first 5), and compare medians. Read the
 *       file into a {@code byte[]} first so that disk time is not measured. Measured on the benchmark's
 *       30,000 generated pods (170 MB): ~150 ms streamed, ~550 ms with Jackson into slim pods.</li>
 *   <li>Retained heap: hold the returned list, run with {@code -XX:+UseSerialGC}, force a full GC and
 *       read {@code jcmd <pid> GC.class_histogram} (or {@code MemoryMXBean} heap used before and after,
 *       after a GC each time); divide by the item count. DESIGN.md measured ~18 KB per full {@code Pod};
 *       a {@code SlimPod} keeps name, namespace, resourceVersion, labels, owner, node, phase, readiness,
 *       restarts, images, ports, summed requests and IP, with namespaces, node names, images, label sets
 *       and label strings shared: a few hundred bytes. Streamed pods carry no fabric8 {@code ObjectMeta}
 *       (it is made only if asked for).</li>
 *   <li>The informer's cache adds its key string ({@code namespace/name}) and a map entry per pod. The
 *       {@code PodInfo} records of a snapshot add ~100 B per pod (label maps and lists are shared).</li>
 * </ol>
 */
public final class SlimDecodingCheck {
    private static final TypeReference<DefaultKubernetesResourceList<SlimPod>> SLIM_LIST = new TypeReference<>() {
    };

    private SlimDecodingCheck() {
    }

    /**
     * A pod LIST (JSON) read the way the streaming pod informer reads it: in pieces of
     * {@code pieceBytes} as they would arrive, decoded in batches of 256 KiB.
     */
    public static List<SlimPod> streamPods(InputStream listJson, int pieceBytes) throws IOException {
        List<SlimPod> out = new ArrayList<>();
        ListDecoder<SlimPod> decoder = new ListDecoder<>(new SlimPodReader(new Decoding()), new ListDecoder.Sink<>() {
            @Override
            public void item(SlimPod item) {
                out.add(item);
            }

            @Override
            public void listMeta(String resourceVersion, String continueToken) {
            }
        });
        byte[] window = new byte[1 << 20];
        int start = 0;
        int end = 0;
        byte[] piece = new byte[Math.max(1, pieceBytes)];
        try {
            for (int n = listJson.read(piece); n >= 0; n = listJson.read(piece)) {
                if (end + n > window.length) {
                    System.arraycopy(window, start, window, 0, end - start);
                    end -= start;
                    start = 0;
                    if (end + n > window.length) {
                        window = Arrays.copyOf(window, Math.max(2 * window.length, end + n));
                    }
                }
                System.arraycopy(piece, 0, window, end, n);
                end += n;
                if (end - start >= 256 << 10) {
                    start = decoder.decode(window, start, end);
                }
            }
            start = decoder.decode(window, start, end);
        } catch (JsonSyntaxException e) {
            throw new IOException("not a pod list: " + e.getMessage(), e);
        }
        if (!decoder.done()) {
            throw new IOException("the list ends before its closing bracket");
        }
        return out;
    }

    /** A pod LIST (JSON) decoded into slim pods with Jackson, as fabric8's informer did. */
    public static List<SlimPod> decodePods(KubernetesSerialization serialization, InputStream listJson) {
        return serialization.unmarshal(listJson, SLIM_LIST).getItems();
    }

    /** The same LIST decoded into fabric8's full model, for comparison. */
    public static List<Pod> decodeFullPods(KubernetesSerialization serialization, InputStream listJson) {
        return serialization.unmarshal(listJson, PodList.class).getItems();
    }
}
