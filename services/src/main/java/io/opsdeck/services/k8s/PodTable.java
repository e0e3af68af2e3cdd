package io.opsdeck.services.k8s;

import io.opsdeck.services.k8s.slim.SlimPod;
import io.opsdeck.services.model.OwnerRef;
import io.opsdeck.services.model.PodInfo;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the informer's slim pods into {@link PodInfo} records. The informer replaces an object
 * whenever the pod changes, so a pod object seen in the previous build and still resolving to the
 * same owner keeps its previous record: a build of 30,000 pods of which a few changed makes a few
 * records. New records share label maps and image and port lists with identical ones.
 */
final class PodTable {
    private final Owners owners;
    private final Interner<Map<String, String>> labels = new Interner<>();
    private final Interner<List<String>> images = new Interner<>();
    private final Interner<List<Integer>> ports = new Interner<>();
    private IdentityHashMap<SlimPod, PodInfo> previous = new IdentityHashMap<>();

    PodTable(Owners owners) {
        this.owners = owners;
    }

    List<PodInfo> build(List<SlimPod> pods) {
        IdentityHashMap<SlimPod, PodInfo> next = new IdentityHashMap<>(pods.size());
        PodInfo[] out = new PodInfo[pods.size()];
        int n = 0;
        for (SlimPod p : pods) {
            OwnerRef owner = owners.resolve(p);
            PodInfo info = previous.get(p);
            if (info == null || !info.owner().equals(owner)) {
                info = new PodInfo(p.namespace(), p.name(), p.nodeName(), p.phase(), p.ready(), p.restarts(), owner,
                        labels.intern(p.labels()), images.intern(p.images()), ports.intern(p.ports()),
                        p.cpuRequestMilli(), p.memoryRequestBytes(), p.podIp());
            }
            next.put(p, info);
            out[n++] = info;
        }
        previous = next;
        labels.trim(n);
        images.trim(n);
        ports.trim(n);
        owners.trim(n);
        return List.of(out);
    }
}
