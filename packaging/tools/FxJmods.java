import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Turns the JavaFX jars from Maven Central (modular jars with the platform's native libraries at
 * their root) into jmods, so that jlink puts the classes into the runtime image and the native
 * libraries into its lib/ (bin\ on Windows) like Gluon's jmods do, which are not reachable here.
 *
 * <p>Monocle (openjfx-monocle, package com.sun.glass.ui.monocle) is merged into javafx.graphics:
 * javafx.graphics finds its glass platform with Class.forName from inside the module, so with
 * JavaFX on the module path Monocle must be in that module. The alternative, --patch-module at
 * run time, switches class data sharing off for the whole JVM.
 *
 * <p>Usage: {@code java FxJmods.java JARS_DIR OUT_DIR}. JARS_DIR holds javafx-MODULE-VERSION-PLATFORM.jar
 * files and openjfx-monocle-*.jar. Left out: GraalVM's META-INF/substrate configs, the SWT bridge
 * (javafx-swt.jar) and the media module's ffmpeg plugins (libavplugin*, which need the system's
 * libavcodec; Opsdeck plays no media).
 *
 * <p>Windows: javafx-graphics-*-win.jar carries the Microsoft C/C++ runtime (vcruntime140*.dll,
 * msvcp140.dll, ucrtbase.dll, the api-ms-win-*.dll forwarders) beside JavaFX's own DLLs. java.base
 * on Windows ships the same files in bin\, and jlink refuses two modules that put the same file in
 * the image ("PluginException: Duplicate resources", JDK-8207015), so they are left out of the jmod
 * and JavaFX uses the JDK's copies, as with OpenJFX's own jmods before JavaFX 18. msvcp140_1.dll and
 * msvcp140_2.dll stay: java.base does not ship them, and javafx.web's WebKit needs msvcp140_2
 * (JDK-8289952). packaging/smoke-test.sh checks the listing of the jmod made from the win jars.
 */
public final class FxJmods {
    private static final Pattern FX_JAR = Pattern.compile("javafx-([a-z]+)-([0-9][^-]*)-([a-z0-9-]+)\\.jar");

    /**
     * The runtime DLLs that java.base puts into bin\ on Windows (JDK 17's make/modules/java.base/Copy.gmk:
     * MSVCR_DLL, VCRUNTIME_1_DLL, MSVCP_DLL, and every DLL of the Windows SDK's UCRT redistributable).
     */
    private static final Pattern JAVA_BASE_WINDOWS_RUNTIME = Pattern.compile(
            "(vcruntime140|vcruntime140_1|msvcp140|ucrtbase|api-ms-win-.*)\\.dll", Pattern.CASE_INSENSITIVE);

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java FxJmods.java JARS_DIR OUT_DIR");
            System.exit(2);
        }
        Path jars = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path work = out.resolveSibling(out.getFileName() + "-work");
        deleteTree(work);
        deleteTree(out);
        Files.createDirectories(out);

        Path monocle;
        List<Path> fxJars;
        try (Stream<Path> s = Files.list(jars)) {
            List<Path> all = s.sorted().toList();
            monocle = all.stream().filter(p -> p.getFileName().toString().startsWith("openjfx-monocle-")).findFirst()
                    .orElse(null);
            fxJars = all.stream().filter(p -> FX_JAR.matcher(p.getFileName().toString()).matches()).toList();
        }
        if (fxJars.isEmpty()) {
            throw new IllegalStateException("no javafx-MODULE-VERSION-PLATFORM.jar in " + jars);
        }
        ToolProvider jmod = ToolProvider.findFirst("jmod").orElseThrow(() -> new IllegalStateException(
                "the jmod tool is missing: run Maven with a full JDK 17 (Debian: openjdk-17-jdk-headless)"));
        for (Path jar : fxJars) {
            Matcher m = FX_JAR.matcher(jar.getFileName().toString());
            m.matches();
            String module = "javafx." + m.group(1);
            String version = m.group(2);
            boolean windows = m.group(3).startsWith("win");
            Path classes = work.resolve(module).resolve("classes");
            Path libs = work.resolve(module).resolve("libs");
            Files.createDirectories(classes);
            Files.createDirectories(libs);
            List<String> left = new ArrayList<>();
            unpack(jar, classes, libs, windows, left);
            if (module.equals("javafx.graphics") && monocle != null) {
                unpack(monocle, classes, libs, windows, left);
            }
            if (!left.isEmpty()) {
                System.out.println("FxJmods: " + module + ": left out " + left.size()
                        + " runtime DLLs that java.base ships on Windows: " + String.join(" ", left));
            }
            List<String> cmd = new ArrayList<>(List.of("create", "--class-path", classes.toString(),
                    "--module-version", version));
            try (Stream<Path> l = Files.list(libs)) {
                if (l.findAny().isPresent()) {
                    cmd.addAll(List.of("--libs", libs.toString()));
                }
            }
            cmd.add(out.resolve(module + ".jmod").toString());
            int rc = jmod.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                    cmd.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("jmod " + String.join(" ", cmd) + " failed: " + rc);
            }
            System.out.println("FxJmods: " + out.resolve(module + ".jmod")
                    + (module.equals("javafx.graphics") && monocle != null ? " (with Monocle)" : ""));
        }
        deleteTree(work);
    }

    private static void unpack(Path jar, Path classes, Path libs, boolean windows, List<String> left) throws IOException {
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (e.isDirectory() || skipped(name)) {
                    continue;
                }
                if (windows && isNative(name) && JAVA_BASE_WINDOWS_RUNTIME.matcher(name).matches()) {
                    left.add(name);
                    continue;
                }
                Path target = (isNative(name) ? libs : classes).resolve(name).normalize();
                if (!target.startsWith(classes) && !target.startsWith(libs)) {
                    throw new IOException("entry outside the jar's root: " + name);
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static boolean skipped(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("META-INF/substrate/") || name.equals("META-INF/MANIFEST.MF")
                || base.equals("javafx-swt.jar") || base.startsWith("libavplugin") || base.startsWith("avplugin");
    }

    private static boolean isNative(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !n.contains("/") && (n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
