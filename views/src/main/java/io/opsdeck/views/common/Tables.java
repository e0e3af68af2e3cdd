package io.opsdeck.views.common;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

import java.util.Comparator;
import java.util.function.Function;

/** Column builders that keep sorting by the value while showing formatted text. */
public final class Tables {
    private Tables() {
    }

    public static <S> TableColumn<S, String> text(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /**
     * A numeric column: sorts by the number (unknown last), shows {@code format(number)}, and adds
     * {@code styleClass.apply(number)} to the cell when it is not null.
     */
    public static <S> TableColumn<S, Number> number(String title, Function<S, Number> value,
                                                    Function<Number, String> format,
                                                    Function<Number, String> styleClass, double width) {
        TableColumn<S, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setComparator(Comparator.comparingDouble(n -> n == null || Double.isNaN(n.doubleValue())
                ? Double.NEGATIVE_INFINITY : n.doubleValue()));
        c.setPrefWidth(width);
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        c.setCellFactory(col -> new TableCell<>() {
            private String applied;

            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                if (applied != null) {
                    getStyleClass().remove(applied);
                    applied = null;
                }
                if (empty) {
                    setText(null);
                    return;
                }
                if (item == null) {
                    setText(Format.UNKNOWN);
                    return;
                }
                setText(format.apply(item));
                if (styleClass != null) {
                    applied = styleClass.apply(item);
                    if (applied != null) {
                        getStyleClass().add(applied);
                    }
                }
            }
        });
        return c;
    }
}
