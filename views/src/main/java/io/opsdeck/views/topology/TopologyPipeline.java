package io.opsdeck.views.topology;

import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.Overview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Turns overviews, filters and viewport shapes into {@link TopologyFrame}s on one background
 * thread. Requests coalesce: however many arrive while a frame is being built, the next build uses
 * only the newest of each. Everything but the request fields is confined to the worker thread.
 */
final class TopologyPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyPipeline.class);
    static final double DEFAULT_WIDTH = 1200;
    static final double DEFAULT_HEIGHT = 700;
    /** Height in pixels a zone heading needs when the whole picture is fitted. */
    static final double LABEL_PX = 22;

    private final Executor worker;
    private final Consumer<TopologyFrame> publish;
    private final AtomicReference<Overview> overview = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean relayout = new AtomicBoolean();
    private volatile TopologyFilter filter = TopologyFilter.NONE;
    private volatile double viewWidth = DEFAULT_WIDTH;
    private volatile double viewHeight = DEFAULT_HEIGHT;

    // worker-confined
    private TopologyIndex index;
    private TopologyCaches caches = TopologyCaches.EMPTY;
    private List<CacheNodeStatus> cachesFrom = List.of();
    private TopologyLayout layout;
    private TopologyFilter laidOutFor;
    private int cols;
    private float band = 1;
    private int podRows;
    private int widestZone;
    private long generation;

    /**
     * @param publish receives each frame on the worker thread; it hands it on to the FX thread
     */
    TopologyPipeline(Executor worker, Consumer<TopologyFrame> publish) {
        this.worker = worker;
        this.publish = publish;
    }

    void submit(Overview next) {
        overview.set(Objects.requireNonNull(next));
        schedule();
    }

    void filter(TopologyFilter next) {
        filter = Objects.requireNonNull(next);
        schedule();
    }

    /** Lays the picture out again for a viewport of this size (nodes may move). */
    void relayout(double width, double height) {
        if (width > 0 && height > 0) {
            viewWidth = width;
            viewHeight = height;
            relayout.set(true);
            schedule();
        }
    }

    /** Finds nodes and pods by name on the worker thread. */
    CompletableFuture<List<TopologySearch.Hit>> search(TopologyFrame frame, String query) {
        return CompletableFuture.supplyAsync(() -> TopologySearch.find(frame, query), worker);
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            worker.execute(this::run);
        }
    }

    private void run() {
        scheduled.set(false);
        try {
            TopologyFrame frame = build();
            if (frame != null) {
                publish.accept(frame);
            }
        } catch (RuntimeException e) {
            LOG.error("Building the topology failed", e);
        }
    }

    private TopologyFrame build() {
        Overview o = overview.get();
        if (o == null) {
            return null;
        }
        TopologyFilter f = filter;
        boolean reshape = relayout.getAndSet(false);
        long t0 = System.nanoTime();
        boolean newContext = index == null || !Objects.equals(index.cluster.context(), o.cluster().context());
        TopologyIndex previous = index;
        if (newContext) {
            index = TopologyIndex.build(o.cluster());
            podRows = 0;
            cols = 0;
        } else if (o.cluster() != index.cluster) {
            TopologyIndex updated = index.update(o.cluster());
            index = updated != null ? updated : TopologyIndex.build(o.cluster());
        }
        boolean samePods = previous != null && previous.podByKey == index.podByKey;
        if (!samePods || !o.caches().equals(cachesFrom)) {
            caches = TopologyCaches.build(index, o.caches());
            cachesFrom = o.caches();
        }
        long t1 = System.nanoTime();

        boolean[] shownMask = nodeMask(index, f.nodeState());
        int rows = Math.max(podRows, TopologyLayout.podRowsFor(index.maxPodsPerNode));
        int widest = widestZone(index, shownMask);
        boolean sameNodes = previous != null && previous.nodeByName == index.nodeByName && !newContext;
        boolean sameShape = sameNodes && laidOutFor != null && laidOutFor.nodeState() == f.nodeState();
        if (cols == 0 || reshape || laidOutFor == null || laidOutFor.nodeState() != f.nodeState()
                || widest < widestZone * 0.8 || widest > widestZone * 1.25) {
            // nodes being added or removed one by one keep the columns, so the others stay put
            double w = viewWidth;
            double h = viewHeight;
            TopologyLayout.Shape shape = TopologyLayout.chooseShape(index, shownMask, rows, w, h, LABEL_PX,
                    TopologyView.MAX_FIT_SCALE);
            cols = shape.cols();
            band = shape.band();
            widestZone = widest;
            layout = null;
        }
        boolean reuse = layout != null && sameShape && !reshape && rows == podRows && layout.cols == cols
                && sameNodeStates(previous, index, f) && previous.podCount(previous.unplaced())
                == index.podCount(index.unplaced());
        if (!reuse) {
            layout = TopologyLayout.compute(index, shownMask, cols, rows, band);
        }
        podRows = rows;
        laidOutFor = f;
        long t2 = System.nanoTime();

        byte[] dim = null;
        int[] matched = null;
        int matching = index.pods.length;
        if (f.filtersPods()) {
            dim = new byte[index.pods.length];
            matched = new int[(index.nodes.length + 1) * PodClass.COUNT];
            matching = 0;
            for (int p = 0; p < index.pods.length; p++) {
                byte c = index.podClass[p];
                if (f.matches(index.pods[p], c)) {
                    matched[index.podNode[p] * PodClass.COUNT + c]++;
                    matching++;
                } else {
                    dim[p] = 1;
                }
            }
        }
        long t3 = System.nanoTime();
        return new TopologyFrame(++generation, o, index, caches, f, layout, dim, matched, matching,
                t1 - t0, t2 - t1, t3 - t2);
    }

    /** With a node-state filter, the shown nodes depend on node states: compare them. */
    private static boolean sameNodeStates(TopologyIndex a, TopologyIndex b, TopologyFilter f) {
        if (f.nodeState() == TopologyFilter.NodeState.ANY || a.nodes == b.nodes) {
            return true;
        }
        for (int n = 0; n < a.nodes.length; n++) {
            if (f.nodeState().matches(a.nodes[n]) != f.nodeState().matches(b.nodes[n])) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] nodeMask(TopologyIndex index, TopologyFilter.NodeState state) {
        if (state == TopologyFilter.NodeState.ANY) {
            return null;
        }
        boolean[] mask = new boolean[index.nodes.length];
        for (int n = 0; n < mask.length; n++) {
            mask[n] = state.matches(index.nodes[n]);
        }
        return mask;
    }

    private static int widestZone(TopologyIndex index, boolean[] mask) {
        int widest = 0;
        for (int z = 0; z < index.zoneNames.length; z++) {
            int n = 0;
            for (int i = index.zoneFirstNode[z]; i < index.zoneFirstNode[z] + index.zoneNodeCount[z]; i++) {
                n += mask == null || mask[i] ? 1 : 0;
            }
            widest = Math.max(widest, n);
        }
        return widest;
    }
}
