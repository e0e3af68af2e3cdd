import javafx.css.Stylesheet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a binary style sheet (.bss) beside every style sheet the console loads at start-up: JavaFX's
 * StyleManager loads {@code X.bss} instead of parsing {@code X.css} when it finds one beside it, and
 * parsing AtlantaFX's 170 KB theme was most of the "scene (CSS)" step before the first frame (issue #16).
 * Run by views/pom.xml after the resources are copied:
 * {@code java -cp CLASSPATH tools/BinaryCss.java target/classes}.
 *
 * <p>Converts every .css under the classes directory, and the AtlantaFX themes the console uses (read
 * from the class path, written under the same resource path in the classes directory).
 */
public final class BinaryCss {
    /** AtlantaFX's theme style sheets that Theme.apply sets (atlantafx.base.theme.PrimerLight/PrimerDark). */
    private static final List<String> THEMES = List.of("atlantafx/base/theme/primer-light.css",
            "atlantafx/base/theme/primer-dark.css");

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path css : files.filter(p -> p.toString().endsWith(".css")).toList()) {
                Stylesheet.convertToBinary(css.toFile(), bss(css).toFile());
            }
        }
        for (String theme : THEMES) {
            Path out = classes.resolve(theme);
            Files.createDirectories(out.getParent());
            Path css = Files.createTempFile("theme", ".css");
            try (InputStream in = BinaryCss.class.getClassLoader().getResourceAsStream(theme)) {
                if (in == null) {
                    throw new IOException(theme + " is not on the class path: was AtlantaFX renamed its themes?");
                }
                Files.copy(in, css, StandardCopyOption.REPLACE_EXISTING);
                Stylesheet.convertToBinary(css.toFile(), bss(out).toFile());
            } finally {
                Files.deleteIfExists(css);
            }
        }
    }

    private static Path bss(Path css) {
        String name = css.getFileName().toString();
        return css.resolveSibling(name.substring(0, name.length() - ".css".length()) + ".bss");
    }
}
