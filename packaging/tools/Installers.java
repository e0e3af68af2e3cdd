import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds Opsdeck's runtime image, app-image and installers; run by {@code mvn -Pinstallers package}
 * (packaging/pom.xml) from the packaging directory. The tools' options are in the Maven-filtered
 * argument files (target/args/{common,linux,windows,macos}/*.args); this program only adds where
 * things are and runs the steps in order:
 *
 * <ol>
 * <li>jlink: the runtime image, from the JDK's jmods, the JavaFX jmods (FxJmods.java) and the
 *     launcher module (io.opsdeck.launcher);</li>
 * <li>jpackage --type app-image, then Opsdeck's jars and their order (opsdeck.classpath) into the
 *     app directory. Not through --input: jpackage would put them on the class path, and the class-data
 *     archive must see them loaded by the launcher (see io.opsdeck.launcher.Launcher);</li>
 * <li>a training run of the app-image (the console up to its first frame, under Xvfb on a Linux
 *     without a display) that writes the class-data archive app/opsdeck.jsa, which every launcher's
 *     .cfg then names; a check that the launcher runs with it (-Xshare:on fails when it cannot map it);</li>
 * <li>jpackage --type deb|rpm|msi|dmg --app-image: the installers.</li>
 * </ol>
 *
 * <p>Usage: {@code java Installers.java TARGET_DIR OS TYPES}, e.g. {@code target linux app-image,deb,rpm}.
 */
public final class Installers {
    private static final String ARCHIVE = "opsdeck.jsa";

    private final Path target;
    private final String os;
    private final List<String> types;
    private final Path args;
    private final Path javaHome = Path.of(System.getProperty("java.home"));

    private Installers(Path target, String os, List<String> types) {
        this.target = target.toAbsolutePath();
        this.os = os;
        this.types = types;
        this.args = this.target.resolve("args");
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length != 3 || !List.of("linux", "windows", "macos").contains(argv[1])) {
            System.err.println("usage: java Installers.java TARGET_DIR linux|windows|macos TYPES (e.g. app-image,deb,rpm)");
            System.exit(2);
        }
        List<String> types = Arrays.stream(argv[2].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        new Installers(Path.of(argv[0]), argv[1], types).run();
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        Path runtime = target.resolve("runtime");
        Path out = target.resolve("installers");
        deleteTree(runtime);
        deleteTree(out);

        tool("jlink", List.of("@" + args.resolve("common/jlink.args"),
                "--module-path", String.join(java.io.File.pathSeparator, target.resolve("jmods").toString(),
                        javaHome.resolve("jmods").toString(), target.resolve("classes").toString()),
                "--output", runtime.toString()));

        tool("jpackage", List.of("--type", "app-image",
                "@" + args.resolve("common/app.args"), "@" + args.resolve("common/app-image.args"),
                "@" + args.resolve(os + "/app-image.args"),
                "--runtime-image", runtime.toString(), "--dest", out.toString()));
        deleteTree(runtime); // copied into the app-image
        Path image = onlyChild(out);
        Layout layout = Layout.of(os, image);
        copyJars(layout.appDir());
        if (os.equals("linux")) {
            buildEnvLibrary(layout.appDir());
        }
        train(layout);

        for (String type : types) {
            if (!type.equals("app-image")) {
                tool("jpackage", List.of("--type", type, "--app-image", image.toString(),
                        "@" + args.resolve("common/app.args"), "@" + args.resolve(os + "/package.args"),
                        "@" + args.resolve(os + "/" + type + ".args"), "--dest", out.toString()));
            }
        }
        if (!types.contains("app-image")) {
            deleteTree(image);
        }
        System.out.printf("Installers: done in %d s, in %s:%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), out);
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.sorted().toList()) {
                System.out.printf("  %-50s %6.1f MiB%n", p.getFileName() + (Files.isDirectory(p) ? "/" : ""), size(p) / 1048576.0);
            }
        }
    }

    /** Where jpackage puts things in an app-image, per OS. */
    record Layout(Path image, Path appDir, Path launcher) {
        /** The launcher whose output can be read: Windows' main one has no console (windows/app-image.args). */
        Path cliLauncher() {
            Path cli = image.resolve("opsdeck-cli.exe");
            return Files.isRegularFile(cli) ? cli : launcher;
        }

        static Layout of(String os, Path image) {
            String name = image.getFileName().toString().replaceFirst("\\.app$", "");
            return switch (os) {
                case "linux" -> new Layout(image, image.resolve("lib/app"), image.resolve("bin/" + name));
                case "windows" -> new Layout(image, image.resolve("app"), image.resolve(name + ".exe"));
                default -> new Layout(image, image.resolve("Contents/app"), image.resolve("Contents/MacOS/" + name));
            };
        }
    }

    /**
     * Linux: the launcher's small JNI library (linux/native/opsdeck-env.c: setenv, which Java lacks),
     * with which it keeps GTK from loading OpenGL on machines without a GPU device.
     */
    private void buildEnvLibrary(Path appDir) throws Exception {
        Path source = target.getParent().resolve("linux/native/opsdeck-env.c");
        Path include = javaHome.resolve("include");
        if (!Files.isRegularFile(include.resolve("jni.h"))) {
            throw new IOException(include.resolve("jni.h") + " is missing: build with a full JDK 17 (Debian: openjdk-17-jdk-headless)");
        }
        List<String> cmd = List.of("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-I" + include,
                "-I" + include.resolve("linux"), "-o", appDir.resolve("libopsdeck-env.so").toString(), source.toString());
        System.out.println("Installers: " + String.join(" ", cmd));
        Process p;
        try {
            p = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            throw new IOException("gcc is needed for the Linux launcher's library (Debian: apt-get install gcc libc6-dev): "
                    + e.getMessage(), e);
        }
        if (p.waitFor() != 0) {
            throw new IOException("gcc failed (exit " + p.exitValue() + ") on " + source);
        }
    }

    /** Opsdeck's runtime jars (target/app-classpath.txt, from Maven, JavaFX left out) and their order. */
    private void copyJars(Path appDir) throws IOException {
        String cp = Files.readString(target.resolve("app-classpath.txt")).strip();
        List<String> names = new ArrayList<>();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!Files.isRegularFile(jar)) {
                throw new IOException("not a jar on the runtime class path: " + entry
                        + " (build the whole reactor: mvn -Pinstallers -DskipTests package from the root)");
            }
            // the app jar first, as ./opsdeck has it, then Maven's order
            if (jar.getFileName().toString().startsWith("opsdeck-app-")) {
                names.add(0, jar.getFileName().toString());
            } else {
                names.add(jar.getFileName().toString());
            }
            Files.copy(jar, appDir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Opsdeck's jars in class path order, read by io.opsdeck.launcher.Launcher");
        lines.addAll(names);
        Files.write(appDir.resolve("opsdeck.classpath"), lines);
    }

    /**
     * Runs the app-image once with -XX:ArchiveClassesAtExit, then names the archive in every
     * launcher's .cfg. The archive sits on the JDK's default CDS archive (made by jlink's
     * --generate-cds-archive), which is what lets it move with the app.
     */
    private void train(Layout layout) throws Exception {
        Path archive = layout.appDir().resolve(ARCHIVE);
        Files.deleteIfExists(archive);
        Path home = Files.createTempDirectory(target, "training-home-");
        List<String> cmd = new ArrayList<>();
        boolean window = hasDisplay();
        if (!window && os.equals("linux") && onPath("xvfb-run")) {
            cmd.addAll(List.of("xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -nolisten tcp"));
            window = true;
        }
        cmd.add(layout.launcher().toString());
        if (window) {
            cmd.addAll(List.of("--demo", "--exit-after-first-frame"));
        } else {
            System.out.println("Installers: WARNING no display and no xvfb-run: training headless (snapshot); "
                    + "the archive will not hold the windowing classes");
            cmd.addAll(List.of("snapshot", "--demo", "--view", "topology", "--out", home.resolve("training.png").toString()));
        }
        // the sandbox only: neither the builder's settings nor kubeconfig take part
        run("training run", cmd, Map.of("JAVA_TOOL_OPTIONS", "-XX:ArchiveClassesAtExit=" + archive,
                "OPSDECK_HOME", home.toString(), "KUBECONFIG", home.resolve("no-kubeconfig").toString()),
                home.resolve("training.log"));
        if (!Files.isRegularFile(archive)) {
            throw new IOException("the training run wrote no class-data archive (" + archive + "); see "
                    + home.resolve("training.log"));
        }
        try (Stream<Path> s = Files.list(layout.appDir())) {
            for (Path cfg : s.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                Files.writeString(cfg, "java-options=-XX:SharedArchiveFile=$APPDIR/" + ARCHIVE + System.lineSeparator(),
                        StandardOpenOption.APPEND);
            }
        }
        // -Xshare:on makes the JVM fail when the archive cannot be used, instead of starting slowly
        String version = run("archive check", List.of(layout.cliLauncher().toString(), "--version"),
                Map.of("JAVA_TOOL_OPTIONS", "-Xshare:on", "OPSDECK_HOME", home.toString()), home.resolve("check.log"));
        if (!version.contains("Opsdeck ") || !version.contains("JavaFX 2")) {
            throw new IOException("unexpected --version output with the archive:\n" + version);
        }
        if (os.equals("macos") && onPath("codesign")) {
            // files were added to the bundle after jpackage signed it (ad hoc): sign it again
            run("codesign", List.of("codesign", "--force", "--deep", "--sign", "-", layout.image().toString()),
                    Map.of(), home.resolve("codesign.log"));
        }
        System.out.printf("Installers: class-data archive %s (%.1f MiB); launcher with it:%n%s", archive,
                Files.size(archive) / 1048576.0, version.indent(2));
        deleteTree(home);
    }

    private boolean hasDisplay() {
        if (!os.equals("linux")) {
            return true;
        }
        String x = System.getenv("DISPLAY");
        String w = System.getenv("WAYLAND_DISPLAY");
        return (x != null && !x.isBlank()) || (w != null && !w.isBlank());
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private void tool(String name, List<String> toolArgs) throws Exception {
        String exe = javaHome.resolve("bin").resolve(name + (os.equals("windows") ? ".exe" : "")).toString();
        if (!Files.isExecutable(Path.of(exe))) {
            throw new IOException(exe + " is missing: build with a full JDK 17 (Debian: openjdk-17-jdk-headless)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(exe);
        cmd.addAll(toolArgs);
        System.out.println("Installers: " + String.join(" ", cmd));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(name + " failed (exit " + p.exitValue() + ")");
        }
        System.out.printf("Installers: %s took %d s%n", name, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    /** Runs a program with a time limit; returns its output, which also goes to {@code log}. */
    private static String run(String what, List<String> cmd, Map<String, String> env, Path log) throws Exception {
        System.out.println("Installers: " + what + ": " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException(what + " did not finish within 180 s; see " + log);
        }
        String output = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new IOException(what + " failed (exit " + p.exitValue() + "):\n" + output);
        }
        return output;
    }

    private static Path onlyChild(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> children = s.toList();
            if (children.size() != 1) {
                throw new IOException("expected one app-image in " + dir + ", found " + children);
            }
            return children.get(0);
        }
    }

    private static long size(Path p) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return Files.size(p);
        }
        long[] total = {0};
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }
}
