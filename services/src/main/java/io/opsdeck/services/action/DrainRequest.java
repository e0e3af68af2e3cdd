package io.opsdeck.services.action;

import io.opsdeck.services.model.ClusterSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Drain a node as {@code kubectl drain} does, only clearer: cordon it, then evict its pods through
 * the Eviction API so every PodDisruptionBudget holds, and wait until they are gone. The plan lists
 * every pod on the node with what will happen to it and why, the budgets in the way, and the pods
 * whose replacements no other node fits. Never a DELETE: a pod a budget holds is only deleted by
 * an explicit {@link DeletePodRequest}.
 *
 * @param pace how often a blocked eviction is asked again, how often a terminating pod is read, and
 *             how many requests are in flight at once
 */
public record DrainRequest(String node, DrainOptions options, Pace pace) implements ActionRequest {

    /** kubectl's pace: a 429 is retried every 5 s, a terminating pod read every second. */
    public record Pace(Duration retry, Duration poll, int parallel) {
        public static final Pace KUBECTL = new Pace(Duration.ofSeconds(5), Duration.ofSeconds(1), 8);

        public Pace {
            if (parallel < 1) {
                throw new IllegalArgumentException("parallel must be at least 1");
            }
        }
    }

    public DrainRequest {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("Name the node to drain");
        }
        options = options == null ? DrainOptions.DEFAULTS : options;
        pace = pace == null ? Pace.KUBECTL : pace;
    }

    public DrainRequest(String node, DrainOptions options) {
        this(node, options, Pace.KUBECTL);
    }

    @Override
    public String action() {
        return "drain";
    }

    @Override
    public String target() {
        return node;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("timeout", Durations.format(options.timeout()));
        if (options.gracePeriodSeconds() >= 0) {
            p.put("gracePeriodSeconds", options.gracePeriodSeconds());
        }
        p.put("deleteEmptyDirData", options.deleteEmptyDirData());
        p.put("force", options.force());
        return p;
    }

    @Override
    public String itemsKey() {
        return "pods";
    }

    @Override
    public String commandLine() {
        StringBuilder b = new StringBuilder("drain ").append(node);
        if (!options.timeout().equals(DrainOptions.DEFAULT_TIMEOUT)) {
            b.append(" --timeout ").append(Durations.format(options.timeout()));
        }
        if (options.gracePeriodSeconds() >= 0) {
            b.append(" --grace-period ").append(options.gracePeriodSeconds());
        }
        if (options.deleteEmptyDirData()) {
            b.append(" --delete-emptydir-data");
        }
        if (options.force()) {
            b.append(" --force");
        }
        return b.toString();
    }

    @Override
    public ActionPlan plan(PlanContext context) throws ActionException {
        ClusterOps cluster = context.cluster();
        ClusterOps.NodeState state = cluster.readNode(node);
        List<DrainPod> pods = cluster.podsOnNode(node);
        List<String> warnings = new ArrayList<>();
        Set<String> namespaces = new TreeSet<>();
        for (DrainPod p : pods) {
            if (DrainPlanner.classify(p, options).state().equals(DrainPlanner.EVICT)) {
                namespaces.add(p.namespace());
            }
        }
        List<Budget> budgets = new ArrayList<>();
        Map<String, String> unreadable = new TreeMap<>();
        for (String ns : namespaces) {
            try {
                budgets.addAll(cluster.disruptionBudgets(ns));
            } catch (ActionException e) {
                String why = e.kind() == ActionException.Kind.FORBIDDEN
                        ? "this user may not list poddisruptionbudgets (policy) in namespace " + ns
                        : "the PodDisruptionBudgets of namespace " + ns + " could not be read: " + e.getMessage();
                unreadable.put(ns, why);
                warnings.add("Could not read the PodDisruptionBudgets of namespace " + ns + " (" + e.getMessage()
                        + "): which of its pods a budget holds is unknown; the API server still enforces them.");
            }
        }
        List<DrainPlanner.Row> rows = DrainPlanner.plan(pods, budgets, unreadable, options);
        Map<String, String> pending = Map.of();
        try {
            pending = DrainPlanner.staysPending(rows, schedulingNodes(context), node);
        } catch (ActionException e) {
            warnings.add("Could not read the nodes to tell where replacements can go (" + e.getMessage() + ").");
        }
        String api = cluster.evictionApi();
        DryRunTally tally = cluster.supportsDryRun() ? confirmByDryRun(cluster, rows) : null;
        return DrainPlans.build(this, state, rows, pending, api, tally, warnings);
    }

    /**
     * The nodes with their free allocatable: from the snapshot the views show when it could read every
     * node and pod (best effort, as the issue asks; no LIST of every pod of a big cluster per plan), else read.
     */
    private static List<NodeFit.Node> schedulingNodes(PlanContext context) throws ActionException {
        ClusterSnapshot s = context.snapshot() == null ? null : context.snapshot().get();
        if (s != null && !s.nodes().isEmpty() && s.nodesScope().everywhere() && s.podsScope().everywhere()) {
            return NodeFit.of(s.nodes(), s.pods());
        }
        return context.cluster().schedulingNodes();
    }

    /** What the API server's dry-run evictions said, pod by pod. */
    record DryRunTally(int accepted, int refusedByBudget, int other, String note) {
    }

    /**
     * Asks the API server, pod by pod, whether it would evict it now ({@code dryRun=All}); a 429
     * turns an "evict" into "blocked" with the server's budget, an accepted one turns a budget's
     * "blocked" (allows no disruption now) back into "evict". Each dry run is judged alone: the
     * planner's count of pods per budget stays.
     */
    private DryRunTally confirmByDryRun(ClusterOps cluster, List<DrainPlanner.Row> rows) {
        int accepted = 0;
        int refused = 0;
        int other = 0;
        Set<String> notes = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            DrainPlanner.Row r = rows.get(i);
            if (!r.state().equals(DrainPlanner.EVICT) && !r.state().equals(DrainPlanner.BLOCKED)) {
                continue;
            }
            DrainPod p = r.pod();
            Eviction e;
            try {
                e = cluster.evict(p.namespace(), p.name(), p.uid(), options.gracePeriodSeconds(), true);
            } catch (ActionException ex) {
                notes.add("the dry run could not be made (" + ex.getMessage() + ")");
                other++;
                continue;
            }
            switch (e.kind()) {
                case ACCEPTED -> {
                    accepted++;
                    boolean countOnly = r.state().equals(DrainPlanner.BLOCKED) && r.reason().contains("this node holds");
                    if (r.state().equals(DrainPlanner.BLOCKED) && !countOnly && !r.reason().startsWith("More than one")) {
                        rows.set(i, r.with(DrainPlanner.EVICT, "The API server's dry run accepts its eviction now. "
                                + r.reason(), r.pdb()));
                    }
                }
                case BUDGET -> {
                    refused++;
                    String pdb = e.budget().isEmpty() ? r.pdb() : p.namespace() + "/" + e.budget();
                    rows.set(i, r.with(DrainPlanner.BLOCKED, "The API server's dry run: " + e.waitingFor(p.namespace())
                            + "." + (r.reason().isEmpty() ? "" : " " + r.reason()), pdb));
                }
                case RETRY -> {
                    other++;
                    notes.add("the API server asked to retry the dry run of " + p.key() + " later (" + e.code() + ")");
                }
                case GONE -> {
                    other++;
                    rows.set(i, r.with(DrainPlanner.SKIP, "Gone already (the dry run found no such pod)", r.pdb()));
                }
                default -> {
                    other++;
                    if (e.code() == 403) {
                        notes.add("the dry run of evictions in namespace " + p.namespace() + " was refused (403)");
                        rows.set(i, r.with(r.state(), (r.reason().isEmpty() ? "" : r.reason() + " ")
                                + "This user may not evict pods in namespace " + p.namespace() + ".", r.pdb()));
                    } else {
                        rows.set(i, r.with(DrainPlanner.BLOCKED, "The API server's dry run refuses its eviction ("
                                + e.code() + "): " + e.message(), r.pdb()));
                    }
                }
            }
        }
        return new DryRunTally(accepted, refused, other, String.join("; ", notes));
    }
}
