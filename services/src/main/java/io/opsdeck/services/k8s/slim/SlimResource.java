package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.Map;

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

    // what identifies the object; fabric8's ObjectMeta is made from these only when asked for
    private String name;
    private String namespace;
    private String resourceVersion;
    private volatile ObjectMeta metadata;

    /**
     * The object's metadata as fabric8 wants it (name, namespace, resourceVersion and labels). For
     * objects decoded by Opsdeck's own stream decoders it is made on first use: nothing in Opsdeck
     * asks for it, so 30,000 pods do not carry 30,000 {@code ObjectMeta}s.
     */
    @Override
    @JsonIgnore
    public ObjectMeta getMetadata() {
        ObjectMeta m = metadata;
        if (m == null && name != null) {
            m = new SlimMeta(name, namespace, resourceVersion, metadataLabels(), "", "", null).toObjectMeta();
            metadata = m;
        }
        return m;
    }

    /** For fabric8's API only; decoding goes through {@link #readMetadata(SlimMeta)}. */
    @Override
    @JsonIgnore
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
        this.name = metadata == null ? null : metadata.getName();
        this.namespace = metadata == null ? null : metadata.getNamespace();
        this.resourceVersion = metadata == null ? null : metadata.getResourceVersion();
    }

    @JsonProperty("metadata")
    @JsonDeserialize(using = SlimMeta.Deserializer.class)
    final void readMetadata(SlimMeta meta) {
        if (meta == null) {
            return;
        }
        identify(meta.name(), meta.namespace(), meta.resourceVersion());
        this.metadata = meta.toObjectMeta();
        onMetadata(meta);
    }

    /** Sets what identifies the object; for the stream decoders. */
    final void identify(String name, String namespace, String resourceVersion) {
        this.name = name;
        this.namespace = namespace;
        this.resourceVersion = resourceVersion;
    }

    /** The labels {@link #getMetadata()} reports; none unless a subclass keeps them. */
    protected Map<String, String> metadataLabels() {
        return Map.of();
    }

    /** Lets a subclass keep more of the metadata than name, namespace and resourceVersion. */
    protected void onMetadata(SlimMeta meta) {
    }

    /** apiVersion is fixed by the class's annotations; the value in the JSON is not kept. */
    @Override
    public void setApiVersion(String version) {
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    /** {@code metadata.resourceVersion}. */
    public String resourceVersion() {
        return resourceVersion;
    }
}
