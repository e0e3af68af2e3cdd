package io.opsdeck.views.topology;

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
    static final double KEY_PAN = 80;
    static final double KEY_ZOOM = 1.25;
    private static final double DRAG_SLOP = 4;

    private final TopologyView view;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragging;

    TopologyInput(TopologyView view) {
        this.view = view;
        view.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        view.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        view.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        view.addEventHandler(MouseEvent.MOUSE_MOVED, e -> view.hover(e.getX(), e.getY()));
        view.addEventHandler(MouseEvent.MOUSE_EXITED, e -> view.clearHover());
        view.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        view.addEventHandler(ZoomEvent.ZOOM, e -> {
            view.zoomAt(e.getZoomFactor(), e.getX(), e.getY());
            e.consume();
        });
        view.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    private void pressed(MouseEvent e) {
        view.requestFocus();
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
        double cx = view.getWidth() / 2;
        double cy = view.getHeight() / 2;
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
