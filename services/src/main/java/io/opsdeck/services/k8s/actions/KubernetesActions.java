package io.opsdeck.services.k8s.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsdeck.services.action.AccessVerdict;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.ActionException.Kind;
import io.opsdeck.services.action.Budget;
import io.opsdeck.services.action.ClusterOps;
import io.opsdeck.services.action.DrainPod;
import io.opsdeck.services.action.Eviction;
import io.opsdeck.services.action.Identity;
import io.opsdeck.services.action.NodeFit;
import io.opsdeck.services.action.Permission;
import io.opsdeck.services.action.WorkloadRef;
import io.opsdeck.services.model.ClusterEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClusterOps} against a real API server, for one context. Access reviews are cached for
 * {@link #ACCESS_TTL}; a review that could not be made is not cached.
 */
public final class KubernetesActions implements ClusterOps {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesActions.class);
    static final Duration ACCESS_TTL = Duration.ofMinutes(3);
    /** The most Warning events {@link #recentWarnings} reads of one namespace: 10 pages. */
    static final int MAX_WARNINGS_READ = 5_000;
    static final String ARGO_INSTANCE = "argocd.argoproj.io/instance";
    static final String ARGO_TRACKING = "argocd.argoproj.io/tracking-id";

    private final KubeRest rest;
    private final Identity identity;
    private final Clock clock;
    private final Map<Permission, Cached> access = new ConcurrentHashMap<>();
    private final KubeDrain drain;

    private record Cached(AccessVerdict verdict, Instant until) {
    }

    public KubernetesActions(KubeRest rest, Identity identity, Clock clock) {
        this.rest = rest;
        this.identity = identity;
        this.clock = clock;
        this.drain = new KubeDrain(rest);
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public AccessVerdict access(Permission p) {
        Cached c = access.get(p);
        Instant now = clock.instant();
        if (c != null && c.until().isAfter(now)) {
            return c.verdict();
        }
        ObjectNode attrs = KubeRest.JSON.createObjectNode()
                .put("verb", p.verb()).put("group", p.group()).put("resource", p.resource());
        if (!p.subresource().isEmpty()) {
            attrs.put("subresource", p.subresource());
        }
        if (!p.namespace().isEmpty()) {
            attrs.put("namespace", p.namespace());
        }
        if (!p.name().isEmpty()) {
            attrs.put("name", p.name());
        }
        ObjectNode review = KubeRest.JSON.createObjectNode()
                .put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectAccessReview");
        review.putObject("spec").set("resourceAttributes", attrs);
        AccessVerdict verdict;
        try {
            KubeRest.Answer a = rest.send("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                    "application/json", review);
            if (!a.ok()) {
                return AccessVerdict.unknown(p, KubeRest.failure(a, "access review").getMessage());
            }
            JsonNode status = a.body().path("status");
            verdict = status.path("allowed").asBoolean(false)
                    ? AccessVerdict.allowed(p)
                    : AccessVerdict.denied(p, status.path("reason").asText(""));
        } catch (ActionException e) {
            return AccessVerdict.unknown(p, e.getMessage());
        }
        access.put(p, new Cached(verdict, now.plus(ACCESS_TTL)));
        return verdict;
    }

    @Override
    public ScaleState readScale(WorkloadRef ref) throws ActionException {
        String what = ref.kind().kubernetesName().toLowerCase(java.util.Locale.ROOT) + " " + ref.namespace() + "/" + ref.name()
                + " in context " + identity.context();
        JsonNode scale = rest.expectOk(rest.get(workloadPath(ref) + "/scale"), what);
        JsonNode workload = rest.expectOk(rest.get(workloadPath(ref)), what);
        List<String> warnings = new ArrayList<>();
        JsonNode meta = workload.path("metadata");
        Map<String, String> labels = strings(meta.path("labels"));
        Map<String, String> annotations = strings(meta.path("annotations"));
        if (labels.containsKey(ARGO_INSTANCE) || annotations.containsKey(ARGO_TRACKING)) {
            String app = labels.getOrDefault(ARGO_INSTANCE, annotations.getOrDefault(ARGO_TRACKING, ""));
            warnings.add("Argo CD manages this workload (application " + app.split(":")[0] + ") and will put the replicas"
                    + " back at its next sync unless the application ignores them; change them in Git for a lasting change.");
        }
        for (String key : labels.keySet()) {
            if (key.startsWith("kustomize.toolkit.fluxcd.io/") || key.startsWith("helm.toolkit.fluxcd.io/")) {
                warnings.add("Flux manages this workload (" + key + "=" + labels.get(key) + ") and will put the replicas"
                        + " back at its next reconciliation; change them in Git, or suspend the Flux object first.");
                break;
            }
        }
        for (JsonNode owner : meta.path("ownerReferences")) {
            warnings.add("It is owned by " + owner.path("kind").asText() + " " + owner.path("name").asText()
                    + (owner.path("controller").asBoolean(false) ? " (its controller)" : "")
                    + ", which may set the replicas back: an operator usually wants the change made on its own resource.");
        }
        return new ScaleState(scale.path("spec").path("replicas").asInt(0),
                scale.path("metadata").path("resourceVersion").asText(""), hpaFor(ref, warnings), warnings, labels);
    }

    /** The autoscaler that targets the workload, autoscaling/v2 else v1; an unreadable list is said, not taken as none. */
    private String hpaFor(WorkloadRef ref, List<String> warnings) {
        for (String version : List.of("v2", "v1")) {
            KubeRest.Answer a;
            try {
                a = rest.get("/apis/autoscaling/" + version + "/namespaces/" + ref.namespace() + "/horizontalpodautoscalers");
            } catch (ActionException e) {
                warnings.add("Could not read the HorizontalPodAutoscalers of " + ref.namespace() + " (" + e.getMessage()
                        + "): one may set the replicas back.");
                return "";
            }
            if (a.code() == 404) {
                continue;
            }
            if (!a.ok()) {
                warnings.add("Could not read the HorizontalPodAutoscalers of " + ref.namespace() + " ("
                        + KubeRest.failure(a, "autoscalers").getMessage() + "): one may set the replicas back.");
                return "";
            }
            for (JsonNode hpa : a.body().path("items")) {
                JsonNode target = hpa.path("spec").path("scaleTargetRef");
                if (target.path("kind").asText().equals(ref.kind().kubernetesName()) && target.path("name").asText().equals(ref.name())) {
                    JsonNode spec = hpa.path("spec");
                    return ref.namespace() + "/" + hpa.path("metadata").path("name").asText() + " (min "
                            + spec.path("minReplicas").asInt(1) + ", max " + spec.path("maxReplicas").asInt() + ")";
                }
            }
            return "";
        }
        return "";
    }

    @Override
    public void writeScale(WorkloadRef ref, int replicas, String resourceVersion, boolean dryRun) throws ActionException {
        ObjectNode body = KubeRest.JSON.createObjectNode().put("apiVersion", "autoscaling/v1").put("kind", "Scale");
        ObjectNode meta = body.putObject("metadata").put("name", ref.name()).put("namespace", ref.namespace());
        if (resourceVersion != null && !resourceVersion.isEmpty()) {
            meta.put("resourceVersion", resourceVersion);
        }
        body.putObject("spec").put("replicas", replicas);
        String path = workloadPath(ref) + "/scale" + (dryRun ? "?dryRun=All" : "");
        rest.expectOk(rest.send("PUT", path, "application/json", body), ref.toString());
    }

    @Override
    public WorkloadStatus readStatus(WorkloadRef ref) throws ActionException {
        JsonNode w = rest.expectOk(rest.get(workloadPath(ref)), ref.toString());
        JsonNode status = w.path("status");
        return new WorkloadStatus(w.path("spec").path("replicas").asInt(1), status.path("replicas").asInt(0),
                status.path("readyReplicas").asInt(0), status.path("updatedReplicas").asInt(0),
                w.path("metadata").path("generation").asLong(0), status.path("observedGeneration").asLong(0));
    }

    @Override
    public NodeState readNode(String node) throws ActionException {
        JsonNode n = rest.expectOk(rest.get("/api/v1/nodes/" + enc(node)), "node " + node + " in context " + identity.context());
        boolean ready = false;
        for (JsonNode c : n.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                ready = c.path("status").asText().equals("True");
            }
        }
        return new NodeState(node, n.path("spec").path("unschedulable").asBoolean(false), ready, drain.podsOnNode(node));
    }

    @Override
    public void setUnschedulable(String node, boolean unschedulable, boolean dryRun) throws ActionException {
        ObjectNode patch = KubeRest.JSON.createObjectNode();
        patch.putObject("spec").put("unschedulable", unschedulable);
        rest.expectOk(rest.send("PATCH", "/api/v1/nodes/" + enc(node) + (dryRun ? "?dryRun=All" : ""),
                "application/merge-patch+json", patch), "node " + node);
    }

    @Override
    public List<ClusterEvent> recentWarnings(String namespace, String namePrefix) throws ActionException {
        // no field selector matches a prefix: the namespace's Warning events are read page by page (a busy
        // namespace has thousands), up to a bound; the API server lists them by name, which starts with
        // the object's, so a workload's come together
        List<ClusterEvent> out = new ArrayList<>();
        boolean all = rest.pages("/api/v1/namespaces/" + enc(namespace) + "/events?fieldSelector=" + enc("type=Warning"),
                "Warning events in " + namespace, MAX_WARNINGS_READ, e -> {
                    if (matches(e, namePrefix)) {
                        out.add(warning(namespace, e));
                    }
                });
        if (!all) {
            LOG.debug("Read the first {} Warning events of {} only", MAX_WARNINGS_READ, namespace);
        }
        out.sort(Comparator.comparing(ClusterEvent::lastSeen));
        return out;
    }

    private static boolean matches(JsonNode e, String namePrefix) {
        return "Warning".equals(e.path("type").asText()) && e.path("involvedObject").path("name").asText().startsWith(namePrefix);
    }

    private static ClusterEvent warning(String namespace, JsonNode e) {
        JsonNode obj = e.path("involvedObject");
        String last = e.path("lastTimestamp").asText(e.path("eventTime").asText(""));
        Instant at;
        try {
            at = last.isEmpty() ? Instant.EPOCH : Instant.parse(last);
        } catch (RuntimeException ex) {
            at = Instant.EPOCH;
        }
        return new ClusterEvent(namespace, "Warning", e.path("reason").asText(), obj.path("kind").asText(),
                obj.path("name").asText(), e.path("message").asText(), e.path("count").asInt(1), at);
    }

    @Override
    public boolean recordEvent(String kind, String namespace, String name, String reason, String message) {
        String ns = namespace == null || namespace.isEmpty() ? "default" : namespace;
        String now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        ObjectNode ev = KubeRest.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
        ev.putObject("metadata").put("generateName", name + ".opsdeck-").put("namespace", ns);
        ObjectNode involved = ev.putObject("involvedObject").put("kind", kind).put("name", name)
                .put("apiVersion", apiVersionOf(kind));
        if (namespace != null && !namespace.isEmpty()) {
            involved.put("namespace", namespace);
        }
        ev.put("reason", reason).put("message", message).put("type", "Normal")
                .put("firstTimestamp", now).put("lastTimestamp", now).put("count", 1);
        ev.putObject("source").put("component", "opsdeck");
        try {
            KubeRest.Answer a = rest.send("POST", "/api/v1/namespaces/" + enc(ns) + "/events", "application/json", ev);
            if (!a.ok()) {
                LOG.debug("No Event recorded on {} {} ({}): the user may not create events there", kind, name, a.code());
            }
            return a.ok();
        } catch (ActionException e) {
            LOG.debug("No Event recorded on {} {}: {}", kind, name, e.getMessage());
            return false;
        }
    }

    @Override
    public List<DrainPod> podsOnNode(String node) throws ActionException {
        return drain.podsOnNode(node);
    }

    @Override
    public List<Budget> disruptionBudgets(String namespace) throws ActionException {
        return drain.budgets(namespace);
    }

    @Override
    public String evictionApi() throws ActionException {
        return drain.evictionApi();
    }

    @Override
    public Eviction evict(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun)
            throws ActionException {
        return drain.evict(namespace, name, uid, gracePeriodSeconds, dryRun);
    }

    @Override
    public Optional<DrainPod> readPod(String namespace, String name) throws ActionException {
        return drain.readPod(namespace, name);
    }

    @Override
    public void deletePod(String namespace, String name, String uid, long gracePeriodSeconds, boolean dryRun)
            throws ActionException {
        drain.deletePod(namespace, name, uid, gracePeriodSeconds, dryRun);
    }

    @Override
    public List<NodeFit.Node> schedulingNodes() throws ActionException {
        return drain.schedulingNodes();
    }

    @Override
    public List<DrainPod> podsLabelled(String namespace, Map<String, String> labels) throws ActionException {
        return drain.podsLabelled(namespace, labels);
    }

    private static String apiVersionOf(String kind) {
        return switch (kind) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" -> "apps/v1";
            default -> "v1";
        };
    }

    static String workloadPath(WorkloadRef ref) {
        return "/apis/apps/v1/namespaces/" + enc(ref.namespace()) + "/" + ref.resource() + "/" + enc(ref.name());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> strings(JsonNode obj) {
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
