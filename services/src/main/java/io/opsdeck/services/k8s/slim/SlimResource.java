package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Base of the slim resources: classes that fabric8 can inform on ({@code client.resources(SlimPod.class)})
 * but that keep only the fields Opsdeck shows, so that a cache of 30,000 pods costs a few hundred
 * bytes per pod instead of the ~18 KB of fabric8's full model (DESIGN.md, data flow 1).
 *
 * <p>What fabric8 needs from such a class: {@link HasMetadata} with {@code @Version}/{@code @Kind}/
 * {@code @Plural} and {@code @Group} (empty for the core group) on the concrete class, {@link Namespaced}
 * for namespaced kinds, a no-argument constructor, and plain bean deserialization: the
 * {@code @JsonDeserialize(using = None)} below turns off the polymorphic deserializer that
 * {@code KubernetesResource} declares (fabric8's own model classes do the same).
 *
 * <p>Instances are immutable once decoded: nothing in Opsdeck calls a setter on an object taken
 * from an informer's cache.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonDeserialize(using = JsonDeserializer.None.class)
public abstract class SlimResource implements HasMetadata, Namespaced {
    private static final long serialVersionUID = 1L;

    private ObjectMeta metadata;

    @Override
    @JsonIgnore
    public ObjectMeta getMetadata() {
        return metadata;
    }

    /** For fabric8's API only; decoding goes through {@link #readMetadata(SlimMeta)}. */
    @Override
    @JsonIgnore
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    @JsonProperty("metadata")
    @JsonDeserialize(using = SlimMeta.Deserializer.class)
    final void readMetadata(SlimMeta meta) {
        if (meta == null) {
            return;
        }
        this.metadata = meta.toObjectMeta();
        onMetadata(meta);
    }

    /** Lets a subclass keep more of the metadata than name, namespace and resourceVersion. */
    protected void onMetadata(SlimMeta meta) {
    }

    /** apiVersion is fixed by the class's annotations; the value in the JSON is not kept. */
    @Override
    public void setApiVersion(String version) {
    }

    public String name() {
        return metadata == null ? null : metadata.getName();
    }

    public String namespace() {
        return metadata == null ? null : metadata.getNamespace();
    }
}
