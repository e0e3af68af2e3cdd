package io.opsdeck.views.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.opsdeck.views.action.ActionLayer;
import javafx.css.CssParser;
import javafx.css.Stylesheet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JavaFX loads {@code X.bss} instead of parsing {@code X.css} when it finds one beside it (the build writes
 * them, views/tools/BinaryCss.java): each must be there and say what its style sheet says.
 */
class BinaryCssTest {
    static List<String> styleSheets() {
        return List.of(Theme.STYLESHEET, ActionLayer.STYLESHEET,
                resource(new PrimerLight().getUserAgentStylesheet()), resource(new PrimerDark().getUserAgentStylesheet()));
    }

    private static String resource(String path) {
        URL url = BinaryCssTest.class.getClassLoader().getResource(path.startsWith("/") ? path.substring(1) : path);
        assertThat(url).as(path).isNotNull();
        return url.toExternalForm();
    }

    @ParameterizedTest
    @MethodSource("styleSheets")
    void aBinaryStyleSheetBesideEachHoldsTheSameRules(String css) throws Exception {
        URL bss = new URL(css.substring(0, css.length() - ".css".length()) + ".bss");
        Stylesheet binary = Stylesheet.loadBinary(bss);
        assertThat(binary).as(bss.toString()).isNotNull();
        Stylesheet parsed = new CssParser().parse(new URL(css));
        assertThat(binary.getRules()).hasSameSizeAs(parsed.getRules()).isNotEmpty();
        assertThat(rules(binary)).containsExactlyElementsOf(rules(parsed));
    }

    /**
     * Each rule's selectors and the properties it sets (values print with identity hashes and the source's
     * address, so they cannot be compared as text).
     */
    private static List<String> rules(Stylesheet sheet) {
        return sheet.getRules().stream().map(r -> r.getSelectors() + " " + r.getDeclarations().stream()
                .map(d -> d.getProperty() + (d.isImportant() ? "!" : "")).toList()).toList();
    }
}
