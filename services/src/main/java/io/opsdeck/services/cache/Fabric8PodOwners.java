package io.opsdeck.services.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.opsdeck.services.model.PodKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a pod and its controllers from the API server (GET each: the informers' slim pods carry no
 * UIDs, and their owner resolution guesses a Deployment from a ReplicaSet's name when the ReplicaSet
 * cannot be read). Each controller reference must name an object that exists with that very UID;
 * apps/v1 kinds are read with their typed clients, anything else (an operator's custom resource) as a
 * generic resource, which needs API discovery. Read on demand, for pods a password would go to.
 */
public final class Fabric8PodOwners implements PodOwners {
    /** More controllers than any real chain has (pod → ReplicaSet → Deployment → an operator's CR …). */
    private static final int MAX_DEPTH = 6;

    private final KubernetesClient client;

    public Fabric8PodOwners(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public OwnerChain chain(PodKey pod) {
        HasMetadata current;
        try {
            current = client.pods().inNamespace(pod.namespace()).withName(pod.name()).get();
        } catch (KubernetesClientException e) {
            return new OwnerChain(List.of(), OwnerChain.End.UNREADABLE, "", why(e, "pods", pod.namespace()));
        } catch (RuntimeException e) {
            return new OwnerChain(List.of(), OwnerChain.End.UNREADABLE, "", "reading the pod failed: " + e.getMessage());
        }
        if (current == null) {
            return new OwnerChain(List.of(), OwnerChain.End.UNREADABLE, "", "the pod " + pod + " is not there (any more)");
        }
        List<OwnerChain.Link> owners = new ArrayList<>();
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            OwnerReference ref = controller(current.getMetadata());
            if (ref == null) {
                return new OwnerChain(owners, OwnerChain.End.COMPLETE, "", "");
            }
            String claimed = ref.getKind() + " " + ref.getName();
            HasMetadata owner;
            try {
                owner = read(pod.namespace(), ref);
            } catch (KubernetesClientException e) {
                return new OwnerChain(owners, OwnerChain.End.UNREADABLE, claimed, why(e, plural(ref), pod.namespace()));
            } catch (RuntimeException e) {
                return new OwnerChain(owners, OwnerChain.End.UNREADABLE, claimed, "reading " + claimed + " failed: "
                        + e.getMessage());
            }
            if (owner == null) {
                return new OwnerChain(owners, OwnerChain.End.MISSING, claimed, "");
            }
            String uid = owner.getMetadata() == null ? null : owner.getMetadata().getUid();
            if (uid == null || !uid.equals(ref.getUid())) {
                return new OwnerChain(owners, OwnerChain.End.FORGED, claimed, "");
            }
            owners.add(new OwnerChain.Link(ref.getKind(), ref.getName()));
            current = owner;
        }
        return new OwnerChain(owners, OwnerChain.End.UNREADABLE, "", "its chain of owners is longer than "
                + MAX_DEPTH);
    }

    private HasMetadata read(String namespace, OwnerReference ref) {
        String api = ref.getApiVersion() == null ? "" : ref.getApiVersion();
        String group = api.contains("/") ? api.substring(0, api.indexOf('/')) : "";
        if ("apps".equals(group)) {
            switch (ref.getKind()) {
                case "StatefulSet":
                    return client.apps().statefulSets().inNamespace(namespace).withName(ref.getName()).get();
                case "ReplicaSet":
                    return client.apps().replicaSets().inNamespace(namespace).withName(ref.getName()).get();
                case "Deployment":
                    return client.apps().deployments().inNamespace(namespace).withName(ref.getName()).get();
                case "DaemonSet":
                    return client.apps().daemonSets().inNamespace(namespace).withName(ref.getName()).get();
                default:
                    break;
            }
        }
        return client.genericKubernetesResources(api, ref.getKind()).inNamespace(namespace).withName(ref.getName()).get();
    }

    private static OwnerReference controller(ObjectMeta meta) {
        if (meta == null || meta.getOwnerReferences() == null) {
            return null;
        }
        return meta.getOwnerReferences().stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .orElse(null);
    }

    private static String plural(OwnerReference ref) {
        String k = ref.getKind() == null ? "" : ref.getKind().toLowerCase(Locale.ROOT);
        return k.endsWith("s") ? k + "es" : k + "s";
    }

    private static String why(KubernetesClientException e, String resource, String namespace) {
        return switch (e.getCode()) {
            case 403 -> "this user may not get " + resource + " in " + namespace + " (403 Forbidden)";
            case 0 -> "the API server did not answer when " + resource + " in " + namespace + " were read";
            default -> "reading " + resource + " in " + namespace + " failed (HTTP " + e.getCode() + ")";
        };
    }
}
