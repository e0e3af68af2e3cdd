package io.opsdeck.services.sandbox;

import io.opsdeck.services.model.WorkloadKind;

import java.util.List;
import java.util.Map;

/** A generated workload, with the Service that fronts it ({@code null} for none). */
record SandboxWorkload(WorkloadKind kind, String namespace, String name, int replicas, Map<String, String> selector,
                       String serviceName, List<Integer> ports) {
}
