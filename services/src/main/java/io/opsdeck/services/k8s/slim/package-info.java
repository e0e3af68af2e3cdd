/**
 * Classes for the collections that grow with the cluster — pods, events, ReplicaSets and endpoints
 * (DESIGN.md, data flow 1) — keeping only what Opsdeck shows. Each can be decoded by Jackson, as
 * fabric8's informers do (ReplicaSets, endpoints); pods and events are also read straight from JSON
 * text by {@link io.opsdeck.services.k8s.slim.SlimPodReader} and
 * {@link io.opsdeck.services.k8s.slim.SlimEventReader}, which Opsdeck's streaming informer uses and
 * which keep the same fields by the same rules (tests compare the two on the same input).
 * {@link io.opsdeck.services.k8s.slim.SlimDecodingCheck} describes how to measure them.
 */
package io.opsdeck.services.k8s.slim;
