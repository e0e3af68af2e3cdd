package io.opsdeck.views.common;

import javafx.scene.control.TableView;

import java.util.Objects;
import java.util.function.Function;

/**
 * Keeps a table's selected row across a refresh that replaces every row (each new snapshot does),
 * by a key that outlives the records: the selection is what actions act on, so it must not vanish
 * every two seconds.
 */
public final class KeptSelection {
    private KeptSelection() {
    }

    /** Runs {@code replaceRows}, then selects again the row whose key the selected row had. */
    public static <S> void around(TableView<S> table, Function<S, ?> key, Runnable replaceRows) {
        S before = table.getSelectionModel().getSelectedItem();
        Object wanted = before == null ? null : key.apply(before);
        replaceRows.run();
        if (wanted == null) {
            return;
        }
        for (int i = 0; i < table.getItems().size(); i++) {
            if (Objects.equals(wanted, key.apply(table.getItems().get(i)))) {
                table.getSelectionModel().select(i);
                return;
            }
        }
    }
}
