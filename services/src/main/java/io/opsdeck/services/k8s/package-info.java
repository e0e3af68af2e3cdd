/**
 * A live Kubernetes cluster behind the {@link io.opsdeck.services.source.ClusterSource} port:
 * {@link io.opsdeck.services.k8s.KubernetesClusterSource} runs fabric8 shared informers and one
 * snapshot builder. It takes a ready {@code KubernetesClient} (kubeconfig loading lives in
 * {@code k8s.config}) and never closes it. The big collections are informed as the slim classes of
 * {@link io.opsdeck.services.k8s.slim}.
 */
package io.opsdeck.services.k8s;
