package io.opsdeck.views.topology;

import io.opsdeck.services.model.CacheNodeStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods are cache servers and their hit ratios, by pod index, so that a frame reads a byte
 * and a float per pod. Rebuilt when metrics arrive, without touching the cluster index.
 */
final class TopologyCaches {
    static final byte NONE = 0;
    /** A cache pod with no figures yet (metrics not there, or an error). */
    static final byte NO_FIGURES = 1;
    /** A cache pod whose figures say it served no reads ("no traffic", never 0%). */
    static final byte NO_TRAFFIC = 2;
    static final byte RATIO = 3;

    static final TopologyCaches EMPTY = new TopologyCaches(new byte[0], new float[0], Map.of());

    private final byte[] kind;
    private final float[] hitRatio;
    private final Map<Integer, CacheNodeStatus> byPod;

    private TopologyCaches(byte[] kind, float[] hitRatio, Map<Integer, CacheNodeStatus> byPod) {
        this.kind = kind;
        this.hitRatio = hitRatio;
        this.byPod = byPod;
    }

    static TopologyCaches build(TopologyIndex index, List<CacheNodeStatus> caches) {
        if (caches.isEmpty()) {
            return EMPTY;
        }
        byte[] kind = new byte[index.pods.length];
        float[] ratio = new float[index.pods.length];
        Map<Integer, CacheNodeStatus> byPod = new HashMap<>();
        for (CacheNodeStatus c : caches) {
            Integer p = index.podByKey.get(c.node().pod());
            if (p == null) {
                continue;
            }
            byPod.put(p, c);
            if (c.stats().hasError() || Double.isNaN(c.stats().opsPerSec()) && !c.stats().hasTraffic()) {
                kind[p] = NO_FIGURES;
            } else if (!c.stats().hasTraffic()) {
                kind[p] = NO_TRAFFIC;
            } else {
                kind[p] = RATIO;
                ratio[p] = (float) c.stats().hitRatio();
            }
        }
        return new TopologyCaches(kind, ratio, byPod);
    }

    byte kind(int pod) {
        return pod < kind.length ? kind[pod] : NONE;
    }

    float hitRatio(int pod) {
        return pod < hitRatio.length ? hitRatio[pod] : Float.NaN;
    }

    CacheNodeStatus status(int pod) {
        return byPod.get(pod);
    }

    boolean isEmpty() {
        return byPod.isEmpty();
    }
}
