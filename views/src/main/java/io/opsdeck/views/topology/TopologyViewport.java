package io.opsdeck.views.topology;

/**
 * Where the world sits on screen: screen = world × {@link #scale} + ({@link #tx}, {@link #ty}).
 * Zoom keeps the point under the pointer still; a glide moves the scale in log space and the
 * centre in a straight line, eased. Plain arithmetic; the view owns it on the FX thread.
 */
final class TopologyViewport {
    static final double MAX_SCALE = 6.4;
    static final double MAX_FIT_SCALE = 1.5;
    static final long GLIDE_NANOS = 280_000_000L;

    double scale = 1;
    double tx;
    double ty;
    /** True until the user pans or zooms: the picture is refitted when the view or the layout changes. */
    boolean autoFit = true;
    private Glide glide;

    private record Glide(long startNanos, double s0, double cx0, double cy0, double s1, double cx1, double cy1) {
    }

    double sx(double wx) {
        return wx * scale + tx;
    }

    double sy(double wy) {
        return wy * scale + ty;
    }

    double wx(double sx) {
        return (sx - tx) / scale;
    }

    double wy(double sy) {
        return (sy - ty) / scale;
    }

    static double fitScale(TopologyLayout l, double w, double h) {
        return l == null || w <= 0 || h <= 0 ? 1 : l.fitScale(w, h, MAX_FIT_SCALE);
    }

    /** The whole world in view, centred across and at the top. */
    void fit(TopologyLayout l, double w, double h) {
        if (l == null) {
            return;
        }
        glide = null;
        scale = Math.max(1e-4, fitScale(l, w, h));
        tx = (w - l.worldW * scale) / 2;
        ty = 12;
    }

    double clamp(double s, TopologyLayout l, double w, double h) {
        double min = Math.max(1e-4, Math.min(0.5 * fitScale(l, w, h), 0.05));
        return Math.max(min, Math.min(MAX_SCALE, s));
    }

    /** Zooms by {@code factor} keeping the screen point ({@code sx}, {@code sy}) still. */
    void zoomAt(double factor, double sx, double sy, TopologyLayout l, double w, double h) {
        double next = clamp(scale * factor, l, w, h);
        tx = sx - (sx - tx) * (next / scale);
        ty = sy - (sy - ty) * (next / scale);
        scale = next;
        userMoved();
    }

    void panBy(double dx, double dy) {
        tx += dx;
        ty += dy;
        userMoved();
    }

    private void userMoved() {
        autoFit = false;
        glide = null;
    }

    /** Puts the world point at the centre of a view {@code w} × {@code h} at scale {@code s}. */
    void place(double s, double wx, double wy, double w, double h) {
        scale = s;
        tx = w / 2 - wx * s;
        ty = h / 2 - wy * s;
    }

    /** Starts gliding from where the view is to the world point at scale {@code s1}. */
    void glideTo(double wx, double wy, double s1, double w, double h, long now) {
        autoFit = false;
        glide = new Glide(now, scale, wx(w / 2), wy(h / 2), s1, wx, wy);
    }

    boolean gliding() {
        return glide != null;
    }

    void stopGlide() {
        glide = null;
    }

    /** Moves the glide on to {@code now}; false when there is none. */
    boolean step(long now, double w, double h) {
        Glide g = glide;
        if (g == null) {
            return false;
        }
        double t = Math.min(1, (now - g.startNanos()) / (double) GLIDE_NANOS);
        double e = t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
        double s = Math.exp(Math.log(g.s0()) + (Math.log(g.s1()) - Math.log(g.s0())) * e);
        place(s, g.cx0() + (g.cx1() - g.cx0()) * e, g.cy0() + (g.cy1() - g.cy0()) * e, w, h);
        if (t >= 1) {
            glide = null;
        }
        return true;
    }
}
