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
 * <li>a training run of the app-image (train-cds --console: the Kubernetes client up to its first
 *     request, then the console up to its first frame, under Xvfb on a Linux without a display) that writes the class-data archive app/opsdeck.jsa, which every launcher's
 *     .cfg then names; a check that the launcher runs with it (-Xshare:on fails when it cannot map it);</li>
 * <li>the installers: jpackage --type deb|rpm|msi --app-image; on macOS the .dmg is made with
 *     hdiutil directly (see {@link #dmg}).</li>
 * </ol>
 *
 * <p>Before any of that, the argument files of every OS are checked against the JDK 17 jpackage rules
 * that do not need that OS ({@link ArgsCheck}), so a mistake in the macOS or Windows files fails the
 * Linux build too.
 *
 * <p>Usage: {@code java Installers.java TARGET_DIR OS TYPES VERSION}, e.g.
 * {@code target linux app-image,deb,rpm 0.1.0}; {@code java Installers.java TARGET_DIR check} only
 * checks the argument files (packaging/smoke-test.sh).
 */
public final class Installers {
    private static final String ARCHIVE = "opsdeck.jsa";

    /** The installer types jpackage makes per OS, from an app-image; macOS' .dmg is made by {@link #dmg}. */
    static final Map<String, List<String>> JPACKAGE_TYPES = Map.of(
            "linux", List.of("deb", "rpm"), "windows", List.of("msi"), "macos", List.of());

    private final Path target;
    private final String os;
    private final List<String> types;
    private final String version;
    private final Path args;
    private final Path javaHome = Path.of(System.getProperty("java.home"));

    private Installers(Path target, String os, List<String> types, String version) {
        this.target = target.toAbsolutePath();
        this.os = os;
        this.types = types;
        this.version = version;
        this.args = this.target.resolve("args");
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 2 && argv[1].equals("check")) {
            System.exit(ArgsCheck.report(Path.of(argv[0]).toAbsolutePath()) ? 0 : 1);
        }
        if (argv.length != 4 || !JPACKAGE_TYPES.containsKey(argv[1])) {
            System.err.println("usage: java Installers.java TARGET_DIR linux|windows|macos TYPES VERSION (e.g. target linux app-image,deb,rpm 0.1.0)\n"
                    + "       java Installers.java TARGET_DIR check");
            System.exit(2);
        }
        List<String> types = Arrays.stream(argv[2].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String type : types) {
            if (!type.equals("app-image") && !JPACKAGE_TYPES.get(argv[1]).contains(type)
                    && !(argv[1].equals("macos") && type.equals("dmg"))) {
                System.err.println("Installers: " + argv[1] + " cannot make '" + type + "'; it makes app-image, "
                        + String.join(", ", JPACKAGE_TYPES.get(argv[1])) + (argv[1].equals("macos") ? "dmg" : ""));
                System.exit(2);
            }
        }
        new Installers(Path.of(argv[0]), argv[1], types, argv[3]).run();
    }

    /** One jpackage run: its --type and the argument files it reads, in order (Installers adds only paths). */
    record Step(String type, List<String> files) {
        static List<Step> of(String os) {
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("app-image", List.of("common/app.args", os + "/app.args", "common/app-image.args",
                    os + "/app-image.args")));
            for (String type : JPACKAGE_TYPES.get(os)) {
                steps.add(new Step(type, List.of("common/app.args", os + "/app.args", os + "/package.args",
                        os + "/" + type + ".args")));
            }
            return steps;
        }

        List<String> argFiles(Path args) {
            return files.stream().map(f -> "@" + args.resolve(f)).toList();
        }
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        Path runtime = target.resolve("runtime");
        Path out = target.resolve("installers");
        deleteTree(runtime);
        deleteTree(out);
        if (!ArgsCheck.report(target)) {
            throw new IOException("the argument files break jpackage's rules (above); nothing was built");
        }
        List<Step> steps = Step.of(os);

        tool("jlink", List.of("@" + args.resolve("common/jlink.args"),
                "--module-path", String.join(java.io.File.pathSeparator, target.resolve("jmods").toString(),
                        javaHome.resolve("jmods").toString(), target.resolve("classes").toString()),
                "--output", runtime.toString()));

        List<String> appImage = new ArrayList<>(List.of("--type", "app-image"));
        appImage.addAll(steps.get(0).argFiles(args));
        appImage.addAll(List.of("--runtime-image", runtime.toString(), "--dest", out.toString()));
        tool("jpackage", appImage);
        deleteTree(runtime); // copied into the app-image
        Path image = onlyChild(out);
        Layout layout = Layout.of(os, image);
        copyJars(layout.appDir());
        if (os.equals("linux")) {
            buildEnvLibrary(layout.appDir());
        }
        if (os.equals("macos")) {
            shownVersion(layout.image());
        }
        jvmOptions(layout);
        train(layout);

        for (Step step : steps.subList(1, steps.size())) {
            if (types.contains(step.type())) {
                List<String> installer = new ArrayList<>(List.of("--type", step.type(), "--app-image", image.toString()));
                installer.addAll(step.argFiles(args));
                installer.addAll(List.of("--dest", out.toString()));
                tool("jpackage", installer);
            }
        }
        if (os.equals("macos") && types.contains("dmg")) {
            dmg(image, out);
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
     * The JVM options Opsdeck runs with everywhere (app/jvm.options, copied to args/ by the pom), added to
     * every launcher's .cfg as ./opsdeck gives them to its JVM, before the training run.
     */
    private void jvmOptions(Layout layout) throws IOException {
        List<String> options = Files.readAllLines(args.resolve("jvm.options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        StringBuilder lines = new StringBuilder();
        for (String option : options) {
            lines.append("java-options=").append(option).append(System.lineSeparator());
        }
        appendToEveryCfg(layout, lines.toString());
    }

    private static void appendToEveryCfg(Layout layout, String lines) throws IOException {
        try (Stream<Path> s = Files.list(layout.appDir())) {
            for (Path cfg : s.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                Files.writeString(cfg, lines, StandardOpenOption.APPEND);
            }
        }
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
        // train-cds: the Kubernetes client up to its first request (a context on a loopback port nothing listens
        // on), then the console up to its first frame, every page built. Without the client's classes a live
        // context's pod LIST left ~0.2 s later (every pod on screen 4.76-4.90 s against 4.58-4.66 s, idle memory
        // +8 MiB: 213-222 -> 224-229 MiB; README "Installers")
        Path scratch = home.resolve("training");
        Files.createDirectories(scratch);
        // the classes the run loaded, which train-cds links before the archive is written (see TrainCommand)
        Path classLog = home.resolve("classes.log");
        cmd.add("train-cds");
        if (window) {
            cmd.add("--console");
        } else {
            System.out.println("Installers: WARNING no display and no xvfb-run: training headless (snapshot); "
                    + "the archive will not hold the windowing classes");
        }
        cmd.addAll(List.of("--link-classes-from", classLog.toString(), scratch.toString()));
        // the sandbox only: neither the builder's settings nor kubeconfig take part. The archive is named
        // relative to the working directory (the app directory): the JVM splits JAVA_TOOL_OPTIONS at
        // unquoted spaces, and a checkout under "C:\Users\Jane Doe\…" cut the absolute path in two.
        run("training run", cmd, Map.of("JAVA_TOOL_OPTIONS", "-XX:ArchiveClassesAtExit=" + ARCHIVE
                        + " -Xlog:class+load=info:file=" + relativeTo(layout.appDir(), classLog),
                "OPSDECK_HOME", home.toString(), "KUBECONFIG", home.resolve("no-kubeconfig").toString()),
                home.resolve("training.log"), layout.appDir());
        if (!Files.isRegularFile(archive)) {
            throw new IOException("the training run wrote no class-data archive (" + archive + "); see "
                    + home.resolve("training.log"));
        }
        appendToEveryCfg(layout, "java-options=-XX:SharedArchiveFile=$APPDIR/" + ARCHIVE + System.lineSeparator());
        // -Xshare:on makes the JVM fail when the archive cannot be used, instead of starting slowly
        String shown = run("archive check", List.of(layout.cliLauncher().toString(), "--version"),
                Map.of("JAVA_TOOL_OPTIONS", "-Xshare:on", "OPSDECK_HOME", home.toString()), home.resolve("check.log"), null);
        if (!shown.contains("Opsdeck ") || !shown.contains("JavaFX 2")) {
            throw new IOException("unexpected --version output with the archive:\n" + shown);
        }
        if (os.equals("macos") && onPath("codesign")) {
            // files were added to the bundle after jpackage signed it (ad hoc): sign it again
            run("codesign", List.of("codesign", "--force", "--deep", "--sign", "-", layout.image().toString()),
                    Map.of(), home.resolve("codesign.log"), null);
        }
        System.out.printf("Installers: class-data archive %s (%.1f MiB); launcher with it:%n%s", archive,
                Files.size(archive) / 1048576.0, shown.indent(2));
        deleteTree(home);
    }

    /**
     * macOS: jpackage wrote the bundle version (installer.mac.version, whose first number is never 0)
     * into both CFBundleVersion and CFBundleShortVersionString. The short version is what Finder's Get
     * Info and the About panel show, so it gets the pom's version back; CFBundleVersion, the build
     * number macOS compares, keeps the mapped one. The bundle is signed again after this (train).
     */
    private void shownVersion(Path app) throws Exception {
        Path plist = app.resolve("Contents/Info.plist");
        run("Info.plist", List.of("plutil", "-replace", "CFBundleShortVersionString", "-string", version, plist.toString()),
                Map.of(), target.resolve("plutil.log"), null);
    }

    /**
     * macOS: the .dmg, made with hdiutil from a folder holding the app and a link to /Applications.
     * Not with jpackage --type dmg: JDK 17's dmg step has Finder lay the window out through AppleScript,
     * which times out on GitHub's arm64 runners ("Finder got an error: AppleEvent timed out", no
     * Applications link, no background), and hdiutil create fails there now and then with "Resource
     * busy" while macOS scans the new image (actions/runner-images#7522), so it is tried up to 5 times.
     * Named with the pom's version, like the other installers, and the processor it runs on
     * (Opsdeck-0.1.0-arm64.dmg from Apple silicon, Opsdeck-0.1.0-x64.dmg from an Intel Mac): the
     * runtime inside is the build machine's.
     */
    private void dmg(Path app, Path out) throws Exception {
        Path stage = Files.createTempDirectory(target, "dmg-");
        run("ditto", List.of("ditto", app.toString(), stage.resolve(app.getFileName()).toString()), Map.of(),
                target.resolve("ditto.log"), null);
        Files.createSymbolicLink(stage.resolve("Applications"), Path.of("/Applications"));
        String name = app.getFileName().toString().replaceFirst("\\.app$", "");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "x64";
        Path dmg = out.resolve(name + "-" + version + "-" + arch + ".dmg");
        List<String> cmd = List.of("hdiutil", "create", "-volname", name, "-srcfolder", stage.toString(),
                "-fs", "HFS+", "-format", "UDZO", "-ov", dmg.toString());
        for (int attempt = 1; ; attempt++) {
            try {
                run("hdiutil (attempt " + attempt + ")", cmd, Map.of(), target.resolve("hdiutil.log"), null);
                break;
            } catch (IOException e) {
                if (attempt == 5) {
                    throw e;
                }
                System.out.println("Installers: hdiutil failed, again in " + 10 * attempt + " s: " + e.getMessage().strip());
                Thread.sleep(10_000L * attempt);
            }
        }
        run("hdiutil verify", List.of("hdiutil", "verify", dmg.toString()), Map.of(), target.resolve("hdiutil-verify.log"), null);
        Files.delete(stage.resolve("Applications"));
        deleteTree(stage);
    }

    private boolean hasDisplay() {
        if (!os.equals("linux")) {
            return true;
        }
        String x = System.getenv("DISPLAY");
        String w = System.getenv("WAYLAND_DISPLAY");
        return (x != null && !x.isBlank()) || (w != null && !w.isBlank());
    }

    /** {@code file} relative to {@code dir}: JAVA_TOOL_OPTIONS is split at spaces, and -Xlog reads a ':' as its own. */
    private static String relativeTo(Path dir, Path file) {
        return dir.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
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

    /** Runs a program with a time limit (in {@code dir}, if given); returns its output, which also goes to {@code log}. */
    private static String run(String what, List<String> cmd, Map<String, String> env, Path log, Path dir) throws Exception {
        System.out.println("Installers: " + what + ": " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (dir != null) {
            pb.directory(dir.toFile());
        }
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

    /**
     * The JDK 17 jpackage rules that can be checked without the OS they are for, applied to the
     * filtered argument files of every OS in the order {@link Step} passes them:
     * <ul>
     * <li>option names, and where each is allowed: JDK 17's jdk.jpackage.internal.ValidOptions. An
     *     option of another OS is "not supported on this platform"; an installer option in the
     *     app-image step, or a launcher option in an installer step made from --app-image, is "not
     *     valid with type" (Arguments.validateArguments);</li>
     * <li>--app-version: numbers and dots (DottedVersion); on macOS one to three numbers, the first at
     *     least 1 (CFBundleVersion, MacAppBundler); on Windows at most three, up to 255.255.65535
     *     (MsiVersion);</li>
     * <li>--mac-app-category: one of Apple's LSApplicationCategoryType names without the
     *     "public.app-category." prefix, which jpackage 17 prepends (MacAppImageBuilder);</li>
     * <li>the bundle identifier's characters, --win-upgrade-uuid's form, the icon's format per OS,
     *     files named by --icon, --resource-dir and --add-launcher exist, each single option given once,
     *     no ${...} left unfiltered.</li>
     * </ul>
     */
    static final class ArgsCheck {
        enum Use { ALL, LAUNCHER, INSTALL }

        private static final Map<String, Use> COMMON = Map.ofEntries(
                Map.entry("name", Use.ALL), Map.entry("app-version", Use.ALL), Map.entry("dest", Use.ALL),
                Map.entry("temp", Use.ALL), Map.entry("verbose", Use.ALL), Map.entry("runtime-image", Use.ALL),
                Map.entry("resource-dir", Use.ALL), Map.entry("description", Use.ALL), Map.entry("vendor", Use.ALL),
                Map.entry("copyright", Use.ALL), Map.entry("type", Use.ALL), Map.entry("icon", Use.ALL),
                Map.entry("input", Use.LAUNCHER), Map.entry("module", Use.LAUNCHER), Map.entry("module-path", Use.LAUNCHER),
                Map.entry("add-modules", Use.LAUNCHER), Map.entry("main-jar", Use.LAUNCHER), Map.entry("main-class", Use.LAUNCHER),
                Map.entry("arguments", Use.LAUNCHER), Map.entry("java-options", Use.LAUNCHER),
                Map.entry("add-launcher", Use.LAUNCHER), Map.entry("jlink-options", Use.LAUNCHER),
                Map.entry("license-file", Use.INSTALL), Map.entry("install-dir", Use.INSTALL),
                Map.entry("app-image", Use.INSTALL), Map.entry("about-url", Use.INSTALL));
        private static final Map<String, Map<String, Use>> PER_OS = Map.of(
                "windows", Map.of("file-associations", Use.INSTALL, "win-console", Use.LAUNCHER,
                        "win-help-url", Use.INSTALL, "win-update-url", Use.INSTALL, "win-menu", Use.INSTALL,
                        "win-menu-group", Use.INSTALL, "win-shortcut", Use.INSTALL, "win-shortcut-prompt", Use.INSTALL,
                        "win-dir-chooser", Use.INSTALL, "win-upgrade-uuid", Use.INSTALL),
                "macos", Map.of("file-associations", Use.ALL, "mac-sign", Use.ALL, "mac-package-name", Use.ALL,
                        "mac-package-identifier", Use.ALL, "mac-package-signing-prefix", Use.ALL,
                        "mac-signing-key-user-name", Use.ALL, "mac-signing-keychain", Use.ALL, "mac-app-store", Use.ALL,
                        "mac-app-category", Use.ALL, "mac-entitlements", Use.ALL),
                "linux", Map.of("file-associations", Use.INSTALL, "linux-package-name", Use.INSTALL,
                        "linux-deb-maintainer", Use.INSTALL, "linux-app-category", Use.INSTALL,
                        "linux-rpm-license-type", Use.INSTALL, "linux-package-deps", Use.INSTALL,
                        "linux-menu-group", Use.INSTALL, "linux-app-release", Use.INSTALL, "linux-shortcut", Use.INSTALL));
        /** Options that take no value. */
        private static final List<String> FLAGS = List.of("verbose", "win-console", "win-menu", "win-shortcut",
                "win-shortcut-prompt", "win-dir-chooser", "win-per-user-install", "mac-sign", "mac-app-store", "linux-shortcut");
        /** Options that may be given more than once. */
        private static final List<String> REPEATABLE = List.of("java-options", "arguments", "add-launcher", "add-modules",
                "module-path", "jlink-options", "file-associations");
        /** Apple's LSApplicationCategoryType values, without "public.app-category.". */
        private static final List<String> MAC_CATEGORIES = List.of("business", "developer-tools", "education",
                "entertainment", "finance", "games", "graphics-design", "healthcare-fitness", "lifestyle", "medical",
                "music", "news", "photography", "productivity", "reference", "social-networking", "sports", "travel",
                "utilities", "video", "weather", "action-games", "adventure-games", "arcade-games", "board-games",
                "card-games", "casino-games", "dice-games", "educational-games", "family-games", "kids-games",
                "music-games", "puzzle-games", "racing-games", "role-playing-games", "simulation-games", "sports-games",
                "strategy-games", "trivia-games", "word-games");
        private static final Map<String, String> ICON = Map.of("linux", ".png", "windows", ".ico", "macos", ".icns");

        /** Checks every OS; prints one line per problem; true when there is none. */
        static boolean report(Path target) throws IOException {
            List<String> problems = new ArrayList<>();
            int options = 0;
            for (String os : List.of("linux", "windows", "macos")) {
                for (Step step : Step.of(os)) {
                    options += check(target.resolve("args"), target.getParent(), os, step, problems);
                }
            }
            for (String p : problems) {
                System.out.println("Installers: argument files: " + p);
            }
            System.out.printf("Installers: argument files of linux, windows, macos: %d options checked against JDK 17's jpackage rules, %d problems%n",
                    options, problems.size());
            return problems.isEmpty();
        }

        static Use use(String os, String option) {
            // (Map.of takes at most 10 pairs: Windows' tenth installer option is here)
            if (os.equals("windows") && option.equals("win-per-user-install")) {
                return Use.INSTALL;
            }
            Use u = PER_OS.get(os).get(option);
            return u != null ? u : COMMON.get(option);
        }

        private static int check(Path args, Path base, String os, Step step, List<String> problems) throws IOException {
            List<String[]> options = new ArrayList<>(); // {file, name, value or null}
            for (String file : step.files()) {
                Path f = args.resolve(file);
                if (!Files.isRegularFile(f)) {
                    problems.add(os + " " + step.type() + ": " + file + " is missing (run process-resources with -Pinstallers)");
                    continue;
                }
                List<String> tokens = tokens(Files.readString(f));
                for (int i = 0; i < tokens.size(); i++) {
                    String t = tokens.get(i);
                    String where = os + " " + step.type() + ", " + file + ": ";
                    if (!t.startsWith("--")) {
                        problems.add(where + "'" + t + "' is not an option (values follow their option)");
                        continue;
                    }
                    String name = t.substring(2);
                    String value = null;
                    if (!FLAGS.contains(name)) {
                        if (i + 1 >= tokens.size()) {
                            problems.add(where + t + " has no value");
                            continue;
                        }
                        value = tokens.get(++i);
                    }
                    options.add(new String[] {file, name, value});
                }
            }
            List<String> seen = new ArrayList<>();
            for (String[] o : options) {
                String where = os + " " + step.type() + ", " + o[0] + ": --" + o[1];
                String name = o[1];
                String value = o[2];
                Use use = use(os, name);
                if (use == null) {
                    boolean elsewhere = List.of("linux", "windows", "macos").stream().anyMatch(x -> use(x, name) != null);
                    problems.add(where + (elsewhere ? " is not supported on " + os : " is not a jpackage 17 option"));
                    continue;
                }
                if (step.type().equals("app-image") ? use == Use.INSTALL : use == Use.LAUNCHER) {
                    problems.add(where + " is not valid with --type " + step.type()
                            + (use == Use.LAUNCHER ? " made from --app-image" : ""));
                }
                if (!REPEATABLE.contains(name) && seen.contains(name)) {
                    problems.add(where + " is given twice in this step");
                }
                seen.add(name);
                if (value != null && value.contains("${")) {
                    problems.add(where + " " + value + " was not filtered by Maven");
                    continue;
                }
                switch (name) {
                    case "app-version" -> version(os, value).ifPresent(p -> problems.add(where + " " + value + ": " + p));
                    case "mac-app-category" -> {
                        if (value.startsWith("public.app-category.")) {
                            problems.add(where + " " + value + ": jpackage 17 prepends public.app-category. itself; give '"
                                    + value.substring("public.app-category.".length()) + "'");
                        } else if (!MAC_CATEGORIES.contains(value)) {
                            problems.add(where + " " + value + " is not one of Apple's LSApplicationCategoryType names");
                        }
                    }
                    case "mac-package-identifier" -> {
                        if (!value.matches("[A-Za-z0-9.-]+")) {
                            problems.add(where + " " + value + ": a bundle identifier has letters, digits, '-' and '.' only");
                        }
                    }
                    case "mac-package-name" -> {
                        if (value.length() > 16) {
                            problems.add(where + " " + value + ": longer than 16 characters (CFBundleName)");
                        }
                    }
                    case "win-upgrade-uuid" -> {
                        if (!value.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                            problems.add(where + " " + value + " is not a UUID");
                        }
                    }
                    case "icon" -> {
                        if (!value.endsWith(ICON.get(os))) {
                            problems.add(where + " " + value + ": the " + os + " icon is a " + ICON.get(os) + " file");
                        }
                        exists(base, value, where, problems);
                    }
                    case "resource-dir", "license-file" -> exists(base, value, where, problems);
                    case "add-launcher" -> exists(base, value.substring(value.indexOf('=') + 1), where, problems);
                    default -> { }
                }
            }
            for (String required : List.of("name", "app-version")) {
                if (!seen.contains(required)) {
                    problems.add(os + " " + step.type() + ": no --" + required);
                }
            }
            return options.size();
        }

        /** What is wrong with an --app-version on an OS, if anything. */
        static java.util.Optional<String> version(String os, String v) {
            if (!v.matches("[0-9]+(\\.[0-9]+)*")) {
                return java.util.Optional.of("only numbers separated by dots");
            }
            String[] n = v.split("\\.");
            if (os.equals("macos")) {
                if (n.length > 3) {
                    return java.util.Optional.of("macOS takes one to three numbers (CFBundleVersion)");
                }
                if (new java.math.BigInteger(n[0]).signum() == 0) {
                    return java.util.Optional.of("macOS refuses a first number of 0 (CFBundleVersion); see installer.mac.version in packaging/pom.xml");
                }
            }
            if (os.equals("windows")) {
                long[] max = {255, 255, 65535};
                if (n.length > 3) {
                    return java.util.Optional.of("an MSI version has at most three numbers");
                }
                for (int i = 0; i < n.length; i++) {
                    if (new java.math.BigInteger(n[i]).compareTo(java.math.BigInteger.valueOf(max[i])) > 0) {
                        return java.util.Optional.of("an MSI version is at most 255.255.65535");
                    }
                }
            }
            return java.util.Optional.empty();
        }

        private static void exists(Path base, String file, String where, List<String> problems) {
            if (!Files.exists(base.resolve(file))) {
                problems.add(where + " " + file + " does not exist (relative to packaging/)");
            }
        }

        /** An argument file's words: '#' starts a comment line; "…" and '…' group words, as jpackage reads them. */
        static List<String> tokens(String text) {
            List<String> out = new ArrayList<>();
            for (String line : text.split("\\R")) {
                if (line.strip().startsWith("#")) {
                    continue;
                }
                StringBuilder word = null;
                char quote = 0;
                for (char c : line.toCharArray()) {
                    if (quote != 0) {
                        if (c == quote) {
                            quote = 0;
                        } else {
                            word.append(c);
                        }
                    } else if (c == '"' || c == '\'') {
                        quote = c;
                        word = word == null ? new StringBuilder() : word;
                    } else if (Character.isWhitespace(c)) {
                        if (word != null) {
                            out.add(word.toString());
                            word = null;
                        }
                    } else {
                        word = word == null ? new StringBuilder() : word;
                        word.append(c);
                    }
                }
                if (word != null) {
                    out.add(word.toString());
                }
            }
            return out;
        }
    }
}
