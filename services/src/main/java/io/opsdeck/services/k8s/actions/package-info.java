/**
 * The Kubernetes adapter of the action pipeline: the exact requests actions send (the scale
 * subresource with its resourceVersion, the node's {@code spec.unschedulable}, Events, and
 * SelfSubjectAccessReviews), made through the fabric8 client's own HTTP client so the kubeconfig's
 * authentication applies, with a size cap and a timeout on every answer.
 */
package io.opsdeck.services.k8s.actions;
