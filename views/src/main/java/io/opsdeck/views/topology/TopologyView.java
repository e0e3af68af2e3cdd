package io.opsdeck.views.topology;

import io.opsdeck.services.model.ClusterSnapshot;
import io.opsdeck.views.caches.HitRatioThresholds;
import io.opsdeck.views.common.Fx;
import io.opsdeck.views.theme.Theme;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Window;

import java.nio.IntBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The topology canvas: one {@link PixelBuffer}-backed image holding tiles, pod cells, text and
 * outlines (two buffers drawn in turn, so the renderer never writes into the one being shown),
 * plus one hover card. No scene-graph node per node or pod: hit-testing is arithmetic on the
 * frame's layout. It draws at most once per pulse and only when something changed. FX thread only.
 */
public final class TopologyView extends Region implements TopologyInput.Target {
    static final double MAX_FIT_SCALE = TopologyViewport.MAX_FIT_SCALE;
    /**
     * A background that paints nothing (its insets leave it no area), for while the picture covers
     * the view: see {@link #updateBackground()}.
     */
    private static final Background UNDER_PICTURE = new Background(
            new BackgroundFill(Color.TRANSPARENT, CornerRadii.EMPTY, new Insets(0, 0, 0, Double.MAX_VALUE)));

    /** What the benchmark and tests learn about each drawn picture. */
    public record DrawnFrame(long generation, ClusterSnapshot cluster, long drawNanos, long indexNanos,
                             long layoutNanos, long filterNanos, long pixelsNanos, long labelsNanos) {
    }

    private final ImageView image = new ImageView();
    private final Label hoverCard = new Label();
    private final TopologyLabels labels = new TopologyLabels();
    private final Buffer[] buffers = new Buffer[2];
    private final List<Consumer<DrawnFrame>> drawListeners = new CopyOnWriteArrayList<>();
    private final ReadOnlyObjectWrapper<TopologySelection> selection = new ReadOnlyObjectWrapper<>();
    /** Moves a glide on each pulse; stops when there is none. */
    private final AnimationTimer glider = new AnimationTimer() {
        @Override
        public void handle(long now) {
            glide();
        }
    };
    private final Runnable afterLayout = this::afterLayout;
    /** The view's background while there is no picture yet: an opaque fill in the picture's background colour. */
    private Background emptyBackground;
    private TopologyColours colours;
    private TopologyFrame frame;
    private int front;
    private long drawnGeneration = -1;
    private double bufferScale = 1;
    private double laidOutW;
    private double laidOutH;
    private final TopologyViewport vp = new TopologyViewport();
    private boolean dirty;
    private boolean gliding;
    /** The buffer the last pulse handed to the renderer, which may still be reading it. */
    private int synced;
    private int selectedNode = -1;
    private int selectedPod = -1;
    private int hoverNode = -1;
    private int hoverPod = -1;
    private boolean hovering;
    private double hoverX;
    private double hoverY;

    private record Buffer(int width, int height, int[] pixels, PixelBuffer<IntBuffer> buffer, WritableImage image) {
        static Buffer of(int width, int height) {
            IntBuffer ints = IntBuffer.allocate(width * height);
            PixelBuffer<IntBuffer> pb = new PixelBuffer<>(width, height, ints, PixelFormat.getIntArgbPreInstance());
            return new Buffer(width, height, ints.array(), pb, new WritableImage(pb));
        }
    }

    public TopologyView(Theme theme) {
        getStyleClass().add("topology-view");
        setId("topology-view");
        setFocusTraversable(true);
        // the whole square takes the pointer, whatever its background paints (see updateBackground)
        setPickOnBounds(true);
        setMinSize(0, 0);
        setPrefSize(600, 400);
        image.setSmooth(false);
        image.setMouseTransparent(true);
        // a new image every frame must not ask the whole window for a layout pass
        image.setManaged(false);
        hoverCard.getStyleClass().add("topology-hover");
        hoverCard.setId("topology-hover");
        hoverCard.setManaged(false);
        hoverCard.setVisible(false);
        hoverCard.setMouseTransparent(true);
        getChildren().addAll(image, hoverCard);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setColours(new TopologyColours(theme));
        new TopologyInput(this, this);
        sceneProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(afterLayout);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
                requestDraw();
                // moved to a screen of another density: draw again at its resolution
                now.windowProperty().addListener((o, was, window) -> {
                    if (window != null) {
                        window.renderScaleXProperty().addListener(x -> requestDraw());
                    }
                });
            }
        });
    }

    // ---- State the page drives (FX thread only)

    /** Shows a new frame; the selection and hover follow their pods and nodes by name. */
    void setFrame(TopologyFrame next) {
        Fx.assertFxThread();
        boolean newContext = frame == null
                || !Objects.equals(frame.index.cluster.context(), next.index.cluster.context());
        frame = next;
        TopologySelection sel = selection.get();
        selectedNode = sel == null ? -1 : sel.nodeIn(next);
        selectedPod = sel == null ? -1 : sel.podIn(next);
        if (sel != null && selectedNode < 0) {
            selection.set(null);
        }
        // the pointer has not moved: what is under it may have changed
        hoverNode = -1;
        hoverPod = -1;
        if (hovering) {
            hover(hoverX, hoverY);
        }
        if (newContext) {
            vp.autoFit = true;
        }
        if (vp.autoFit) {
            vp.fit(next.layout, getWidth(), getHeight());
        }
        // at once, not at the next pulse: a picture taken now (a snapshot) shows the new data
        dirty = false;
        draw();
    }

    /**
     * Rasterises the label fonts now (a few tens of milliseconds, once) instead of in the first
     * picture; the page calls it while the first frame is being built off the FX thread.
     */
    void prepareText() {
        Fx.assertFxThread();
        labels.prepare();
    }

    TopologyFrame frame() {
        return frame;
    }

    void setTheme(Theme theme) {
        Fx.assertFxThread();
        setColours(new TopologyColours(theme, colours.thresholds));
        requestDraw();
    }

    /** Judges cache pods' hit ratio bands by {@code thresholds} from now on. FX thread. */
    void setThresholds(HitRatioThresholds thresholds) {
        Fx.assertFxThread();
        setColours(new TopologyColours(colours.theme, thresholds));
        requestDraw();
    }

    private void setColours(TopologyColours c) {
        colours = c;
        Color opaque = Color.rgb(c.background >> 16 & 0xff, c.background >> 8 & 0xff, c.background & 0xff);
        emptyBackground = new Background(new BackgroundFill(opaque, CornerRadii.EMPTY, Insets.EMPTY));
        updateBackground();
    }

    /**
     * Tells the renderer that this square is opaque, so that it starts each frame's painting here,
     * not at the page's rounded canvas behind it (whose anti-aliased corners and border, hidden by
     * the picture anyway, cost more per frame than the picture itself in the software pipeline).
     * Before the first picture that is an opaque fill in the picture's background colour. Once a
     * picture covers the view, its pixels are all opaque (every colour of {@link TopologyColours}
     * is, and text is blended onto them), so the view only declares its whole area opaque
     * ({@link #setOpaqueInsets}) and paints no fill of its own: a fill under the picture was one more
     * pass over every pixel of the view, about an eighth of the software renderer's time a frame. A
     * Region honours opaque insets only with a non-empty background, hence {@link #UNDER_PICTURE},
     * which paints nothing. (Prism still clears the repainted area with the scene's fill, which is the
     * window's background: the console's root paints none, see {@code Theme#windowBackground}.)
     */
    private void updateBackground() {
        boolean picture = image.getImage() != null;
        setBackground(picture ? UNDER_PICTURE : emptyBackground);
        setOpaqueInsets(picture ? Insets.EMPTY : null);
    }

    ReadOnlyObjectProperty<TopologySelection> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    /** Selects a node ({@code pod} -1), a pod, or nothing ({@code node} -1). */
    @Override
    public void select(int node, int pod) {
        Fx.assertFxThread();
        if (frame == null || node < 0 && pod < 0) {
            selectedNode = -1;
            selectedPod = -1;
            selection.set(null);
        } else {
            selectedPod = pod;
            selectedNode = pod >= 0 ? frame.index.podNode[pod] : node;
            selection.set(TopologySelection.of(frame, selectedNode, pod));
            // the details pane is about to narrow the view: keep the picture where it is
            vp.autoFit = false;
        }
        requestDraw();
    }

    @Override
    public int selectedNode() {
        return selectedNode;
    }

    @Override
    public int selectedPod() {
        return selectedPod;
    }

    public void addDrawListener(Consumer<DrawnFrame> listener) {
        drawListeners.add(listener);
    }

    // ---- Viewport

    public double scale() {
        return vp.scale;
    }

    /** Screen position (view pixels) of a world point. */
    public Point2D toScreen(double wx, double wy) {
        return new Point2D(vp.sx(wx), vp.sy(wy));
    }

    /** World position of a view pixel. */
    public Point2D toWorld(double sx, double sy) {
        return new Point2D(vp.wx(sx), vp.wy(sy));
    }

    /** Fits the whole world into view, and keeps it fitted while the view resizes until the user moves it. */
    @Override
    public void fit() {
        Fx.assertFxThread();
        vp.autoFit = true;
        vp.fit(worldLayout(), getWidth(), getHeight());
        requestDraw();
    }

    /** Zooms by {@code factor} keeping the screen point ({@code sx}, {@code sy}) still. */
    @Override
    public void zoomAt(double factor, double sx, double sy) {
        Fx.assertFxThread();
        vp.zoomAt(factor, sx, sy, worldLayout(), getWidth(), getHeight());
        requestDraw();
    }

    @Override
    public void panBy(double dx, double dy) {
        Fx.assertFxThread();
        vp.panBy(dx, dy);
        requestDraw();
    }

    /** Puts the world point at the centre of the view at {@code newScale}, gliding there when asked. */
    public void centreOn(double wx, double wy, double newScale, boolean animate) {
        Fx.assertFxThread();
        double s1 = vp.clamp(newScale, worldLayout(), getWidth(), getHeight());
        vp.autoFit = false;
        if (animate) {
            vp.glideTo(wx, wy, s1, getWidth(), getHeight(), System.nanoTime());
            if (!gliding) {
                gliding = true;
                glider.start();
            }
        } else {
            vp.stopGlide();
            vp.place(s1, wx, wy, getWidth(), getHeight());
        }
        requestDraw();
    }

    /** Centres on a node's tile or a pod's cell, zoomed in far enough to read it. */
    @Override
    public void centreOnItem(int node, int pod, boolean animate) {
        if (frame == null || node < 0 || !frame.layout.isShown(node)) {
            return;
        }
        TopologyLayout l = frame.layout;
        double scale = vp.scale;
        if (pod >= 0) {
            int i = pod - frame.index.podStart[node];
            centreOn(l.cellX(frame.index, node, i) + TopologyLayout.CELL_SIZE / 2.0,
                    l.cellY(frame.index, node, i) + TopologyLayout.CELL_SIZE / 2.0, Math.max(scale, 1.6), animate);
        } else {
            double fits = (getHeight() - 40) / Math.max(1, l.tileH(frame.index, node));
            centreOn(l.tileX[node] + l.tileW(frame.index, node) / 2, l.tileY[node] + l.tileH(frame.index, node) / 2,
                    Math.max(Math.min(Math.max(scale, 1.0), fits), Math.min(scale, 1.0)), animate);
        }
    }

    boolean animating() {
        return vp.gliding();
    }

    boolean autoFit() {
        return vp.autoFit;
    }

    private TopologyLayout worldLayout() {
        return frame == null ? null : frame.layout;
    }

    // ---- Hover and hit-testing

    /** The node (index 0) and pod (index 1, or -1) under a screen point; -1 when nothing. */
    int[] hit(double sx, double sy) {
        if (frame == null) {
            return new int[] {-1, -1};
        }
        Point2D w = toWorld(sx, sy);
        int node = frame.layout.nodeAt(frame.index, w.getX(), w.getY());
        int pod = node < 0 ? -1 : frame.layout.podAt(frame.index, node, w.getX(), w.getY());
        return new int[] {node, pod};
    }

    @Override
    public void hover(double sx, double sy) {
        hovering = true;
        hoverX = sx;
        hoverY = sy;
        int[] h = hit(sx, sy);
        if (h[0] != hoverNode || h[1] != hoverPod) {
            hoverNode = h[0];
            hoverPod = h[1];
            if (hoverNode >= 0) {
                hoverCard.setText(TopologyText.hover(frame, hoverNode, hoverPod));
            }
            requestDraw();
        }
        hoverCard.setVisible(hoverNode >= 0);
        if (hoverNode >= 0) {
            hoverCard.autosize();
            double x = sx + 16;
            double y = sy + 16;
            if (x + hoverCard.getWidth() > getWidth()) {
                x = Math.max(0, sx - hoverCard.getWidth() - 8);
            }
            if (y + hoverCard.getHeight() > getHeight()) {
                y = Math.max(0, sy - hoverCard.getHeight() - 8);
            }
            hoverCard.relocate(x, y);
        }
    }

    @Override
    public void clearHover() {
        hovering = false;
        if (hoverNode >= 0) {
            hoverNode = -1;
            hoverPod = -1;
            requestDraw();
        }
        hoverCard.setVisible(false);
    }

    String hoverText() {
        return hoverCard.isVisible() ? hoverCard.getText() : "";
    }

    @Override
    public void click(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        int[] h = hit(e.getX(), e.getY());
        select(h[0], h[1]);
        if (e.getClickCount() == 2 && h[0] >= 0) {
            centreOnItem(h[0], h[1], true);
        }
    }

    // ---- Drawing

    /** Draws at the next pulse. */
    void requestDraw() {
        dirty = true;
        Platform.requestNextPulse();
    }

    /**
     * Runs in every pulse after layout, just before the scene is handed to the renderer: the one
     * place that draws, so the picture changes at most once a pulse.
     */
    private void afterLayout() {
        if (dirty) {
            dirty = false;
            draw();
        }
        // this pulse hands the front buffer to the renderer
        synced = front;
    }

    private void glide() {
        if (!vp.step(System.nanoTime(), getWidth(), getHeight())) {
            glider.stop();
            gliding = false;
            return;
        }
        requestDraw();
    }

    private void draw() {
        // one buffer pixel per device pixel: crisp on a HiDPI screen
        double r = renderScale();
        int w = (int) Math.ceil(getWidth() * r);
        int h = (int) Math.ceil(getHeight() * r);
        if (w <= 0 || h <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        if (buffers[0] == null || buffers[0].width() != w || buffers[0].height() != h) {
            buffers[0] = Buffer.of(w, h);
            buffers[1] = Buffer.of(w, h);
            bufferScale = r;
        }
        // never the buffer the renderer may be reading
        int target = 1 - synced;
        Buffer back = buffers[target];
        TopologyFrame f = frame;
        double s = vp.scale * r;
        double x = vp.tx * r;
        double y = vp.ty * r;
        TopologyColours c = colours;
        TopologyLabels.Marks marks = new TopologyLabels.Marks(selectedNode, selectedPod, hoverNode, hoverPod);
        long[] split = new long[1];
        back.buffer().updateBuffer(b -> {
            TopologyPixels pixels = new TopologyPixels(back.pixels(), w, h);
            TopologyRenderer.draw(pixels, f, s, x, y, c, r);
            split[0] = System.nanoTime();
            labels.draw(pixels, f, s, x, y, c, marks, r);
            return null;
        });
        long labelsEnd = System.nanoTime();
        boolean first = image.getImage() == null;
        image.setImage(back.image());
        image.setFitWidth(w / r);
        image.setFitHeight(h / r);
        if (first) {
            updateBackground();
        }
        front = target;
        long nanos = System.nanoTime() - t0;
        drawnGeneration = f == null ? -1 : f.generation;
        if (f != null && !drawListeners.isEmpty()) {
            DrawnFrame d = new DrawnFrame(f.generation, f.index.cluster, nanos, f.indexNanos, f.layoutNanos,
                    f.filterNanos, split[0] - t0, labelsEnd - split[0]);
            drawListeners.forEach(l -> l.accept(d));
        }
    }

    private double renderScale() {
        Window window = getScene() == null ? null : getScene().getWindow();
        double r = window == null ? 1 : window.getRenderScaleX();
        return r > 0 && Double.isFinite(r) ? r : 1;
    }

    /** True when the current frame is on screen and nothing moves: for tests. */
    boolean settled() {
        return frame != null && !dirty && !vp.gliding() && drawnGeneration == frame.generation;
    }

    TopologyColours colours() {
        return colours;
    }

    /** The colour last drawn at a view pixel, as ARGB; for tests. */
    int pixel(int x, int y) {
        Buffer b = buffers[front];
        int dx = (int) Math.floor(x * bufferScale);
        int dy = (int) Math.floor(y * bufferScale);
        return b == null || dx < 0 || dy < 0 || dx >= b.width() || dy >= b.height() ? 0 : b.pixels()[dy * b.width() + dx];
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (w != laidOutW || h != laidOutH) {
            laidOutW = w;
            laidOutH = h;
            if (vp.autoFit) {
                vp.fit(worldLayout(), w, h);
            }
            requestDraw();
        }
        image.relocate(0, 0);
    }
}
