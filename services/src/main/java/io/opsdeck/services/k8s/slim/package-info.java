/**
 * Classes that fabric8 informers can decode Kubernetes objects into, keeping only what Opsdeck
 * shows: pods, events, ReplicaSets and endpoints, the collections that grow with the cluster
 * (DESIGN.md, data flow 1). {@link io.opsdeck.services.k8s.slim.SlimDecodingCheck} describes how to
 * measure them against fabric8's full models.
 */
package io.opsdeck.services.k8s.slim;
