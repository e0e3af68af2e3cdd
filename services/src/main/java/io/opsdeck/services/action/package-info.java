/**
 * The action pipeline: every change Opsdeck makes to a cluster or a cache goes plan → check →
 * confirm → run → record → undo through {@link io.opsdeck.services.action.ActionPipeline}.
 * This package knows no protocol: it talks to clusters through the {@link
 * io.opsdeck.services.action.ClusterOps} port, which the Kubernetes adapter and the sandbox implement.
 */
package io.opsdeck.services.action;
