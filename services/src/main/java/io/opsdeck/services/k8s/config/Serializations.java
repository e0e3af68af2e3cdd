package io.opsdeck.services.k8s.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * fabric8's JSON/YAML serialization without its class-path scan. fabric8's default one
 * ({@code new KubernetesSerialization()}, and the static {@code Serialization} behind
 * {@code KubeConfigUtils.parseConfig}) lists every {@code KubernetesResource} on the class path through
 * {@link java.util.ServiceLoader}, which loads and instantiates ~550 model classes (Gateway API,
 * admission registration, flow control… kinds Opsdeck never reads): a third of a second of one core
 * on the way to the first LIST, twice (kubeconfig, then the client), and their metadata for the rest of
 * the session. The scan only serves decoding a resource whose class is not named by the caller (a
 * {@code KubernetesList}, {@code client.load}); every read of Opsdeck's names its type, and fabric8's
 * informers decode watch events as the informer's type either way ({@code SerializationsTest}).
 */
public final class Serializations {
    private Serializations() {
    }

    /** A new serialization with fabric8's settings (its mapper, modules and YAML), minus the scan. */
    public static KubernetesSerialization withoutScan() {
        return new KubernetesSerialization(new ObjectMapper(), false);
    }
}
