package io.opsdeck.views.topology;

import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;

/**
 * Pan and zoom by mouse, trackpad and keyboard. Drag pans; the mouse wheel, Ctrl+scroll and pinch
 * zoom about the pointer; two-finger scroll pans; arrows pan, + and - zoom, 0 or F fits, Enter
 * zooms to the selection, Esc clears it. A press that does not move is a click (select).
 */
final class TopologyInput {
    /** What the gestures move and select: the canvas ({@link TopologyView}). */
    interface Target {
        void hover(double sx, double sy);

        void clearHover();

        void zoomAt(double factor, double sx, double sy);

        void panBy(double dx, double dy);

        void fit();

        void click(MouseEvent e);

        int selectedNode();

        int selectedPod();

        void select(int node, int pod);

        void centreOnItem(int node, int pod, boolean animate);
    }

    static final double KEY_PAN = 80;
    static final double KEY_ZOOM = 1.25;
    private static final double DRAG_SLOP = 4;

    private final Node node;
    private final Target view;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragging;

    /** @param node where the events arrive and whose size the keys centre on; the target's own node */
    TopologyInput(Node node, Target view) {
        this.node = node;
        this.view = view;
        node.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        node.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        node.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        node.addEventHandler(MouseEvent.MOUSE_MOVED, e -> view.hover(e.getX(), e.getY()));
        node.addEventHandler(MouseEvent.MOUSE_EXITED, e -> view.clearHover());
        node.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        node.addEventHandler(ZoomEvent.ZOOM, e -> {
            view.zoomAt(e.getZoomFactor(), e.getX(), e.getY());
            e.consume();
        });
        node.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    private void pressed(MouseEvent e) {
        node.requestFocus();
        pressX = e.getX();
        pressY = e.getY();
        lastX = pressX;
        lastY = pressY;
        dragging = false;
    }

    private void dragged(MouseEvent e) {
        if (!dragging && Math.hypot(e.getX() - pressX, e.getY() - pressY) < DRAG_SLOP) {
            return;
        }
        dragging = true;
        view.clearHover();
        view.panBy(e.getX() - lastX, e.getY() - lastY);
        lastX = e.getX();
        lastY = e.getY();
    }

    private void released(MouseEvent e) {
        if (!dragging) {
            view.click(e);
        }
        dragging = false;
    }

    private void scrolled(ScrollEvent e) {
        boolean wheel = e.getTouchCount() == 0 && !e.isInertia() && e.getDeltaX() == 0 && !e.isShiftDown();
        if (e.isControlDown() || e.isMetaDown() || wheel) {
            double notches = e.getDeltaY() / (e.getMultiplierY() > 0 ? e.getMultiplierY() : 40);
            view.zoomAt(Math.pow(1.2, notches), e.getX(), e.getY());
        } else {
            double dx = e.isShiftDown() && e.getDeltaX() == 0 ? e.getDeltaY() : e.getDeltaX();
            double dy = e.isShiftDown() && e.getDeltaX() == 0 ? 0 : e.getDeltaY();
            view.panBy(dx, dy);
        }
        e.consume();
    }

    private void key(KeyEvent e) {
        double step = e.isShiftDown() ? KEY_PAN * 5 : KEY_PAN;
        double cx = node.getLayoutBounds().getWidth() / 2;
        double cy = node.getLayoutBounds().getHeight() / 2;
        switch (e.getCode()) {
            case LEFT -> view.panBy(step, 0);
            case RIGHT -> view.panBy(-step, 0);
            case UP -> view.panBy(0, step);
            case DOWN -> view.panBy(0, -step);
            case PLUS, EQUALS, ADD -> view.zoomAt(KEY_ZOOM, cx, cy);
            case MINUS, SUBTRACT -> view.zoomAt(1 / KEY_ZOOM, cx, cy);
            case DIGIT0, NUMPAD0, F, HOME -> view.fit();
            case ENTER -> view.centreOnItem(view.selectedNode(), view.selectedPod(), true);
            case ESCAPE -> {
                if (view.selectedNode() < 0) {
                    return;
                }
                view.select(-1, -1);
            }
            default -> {
                return;
            }
        }
        if (e.getCode() != KeyCode.ESCAPE || view.selectedNode() < 0) {
            e.consume();
        }
    }
}
