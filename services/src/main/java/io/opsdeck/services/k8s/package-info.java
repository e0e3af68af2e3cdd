/**
 * A live Kubernetes cluster behind the {@link io.opsdeck.services.source.ClusterSource} port:
 * {@link io.opsdeck.services.k8s.KubernetesClusterSource} runs informers and one snapshot builder. It
 * takes a ready {@code KubernetesClient} (kubeconfig loading lives in {@code k8s.config}) and never
 * closes it. The big collections (pods, Warning events) are informed by Opsdeck's own streaming
 * informer, which decodes LIST and WATCH answers into the slim classes of
 * {@link io.opsdeck.services.k8s.slim} as they arrive; the others by fabric8's shared informers.
 */
package io.opsdeck.services.k8s;
