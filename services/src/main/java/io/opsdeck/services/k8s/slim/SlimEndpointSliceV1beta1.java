package io.opsdeck.services.k8s.slim;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** The same slice from discovery.k8s.io/v1beta1 (API servers 1.17–1.20), whose endpoints have the same shape. */
@Group("discovery.k8s.io")
@Version("v1beta1")
@Kind("EndpointSlice")
@Plural("endpointslices")
public final class SlimEndpointSliceV1beta1 extends SlimEndpointSlice {
    private static final long serialVersionUID = 1L;
}
