package io.opsdeck.services.k8s.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import io.opsdeck.services.k8s.config.ClusterAccessException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a kubeconfig user's exec credential plugin ({@code users[].user.exec}) the way client-go
 * does: the command directly (no shell), relative paths against the kubeconfig's directory,
 * {@code env} added to Opsdeck's environment, {@code KUBERNETES_EXEC_INFO} set, stdin closed
 * (Opsdeck has no terminal), stdout parsed as an {@code ExecCredential}.
 *
 * <p>Opsdeck runs the plugin itself rather than leaving it to fabric8 because fabric8 7.5.2 runs
 * it through {@code sh -c}, logs its combined output at WARN and, when it is missing or fails,
 * carries on without credentials, so the user sees only a puzzling 401 or 403. Here a failure
 * becomes a sentence naming the plugin, its exit code and the first line of its stderr. Its stdout
 * carries the credential and is never logged or quoted.
 */
final class ExecCredentialPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(ExecCredentialPlugin.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STDOUT = 1 << 20;
    private static final int MAX_STDERR_LINE = 200;

    /** A credential from the plugin. {@code toString} does not show it. */
    record Credential(String token, String clientCertificateData, String clientKeyData, Instant expiresAt) {
        boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }

        @Override
        public String toString() {
            return "Credential[" + (token != null ? "token" : "client certificate")
                    + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final String userName;
    private final ExecConfig exec;
    private final Path kubeconfigFile;
    private final ObjectNode clusterInfo;
    private final Duration timeout;

    /**
     * @param userName       the kubeconfig user, for sentences
     * @param exec           its exec settings
     * @param kubeconfigFile the file that defines the user; relative commands resolve against it
     * @param clusterInfo    the cluster as client-go passes it when {@code provideClusterInfo} is
     *                       set ({@code server}, {@code certificate-authority-data}, …), or null
     * @param timeout        how long the plugin may run
     */
    ExecCredentialPlugin(String userName, ExecConfig exec, Path kubeconfigFile, ObjectNode clusterInfo,
                         Duration timeout) {
        this.userName = userName;
        this.exec = exec;
        this.kubeconfigFile = kubeconfigFile;
        this.clusterInfo = clusterInfo;
        this.timeout = timeout;
    }

    /** What the kubeconfig says to run, as written there: the name people recognise. */
    String commandAsWritten() {
        return exec.getCommand() == null ? "" : exec.getCommand();
    }

    Credential run() {
        String command = commandAsWritten();
        if (command.isBlank()) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, "The kubeconfig's user '" + userName
                    + "' has an exec section without a command; fix the exec command in " + kubeconfigFile);
        }
        String apiVersion = exec.getApiVersion();
        if (apiVersion == null || apiVersion.isBlank()) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, "The kubeconfig's user '" + userName + "' runs '" + command
                    + "' but its exec section sets no apiVersion; add apiVersion: client.authentication.k8s.io/v1beta1"
                    + " (or the version the plugin documents) in " + kubeconfigFile);
        }
        if ("Always".equals(exec.getInteractiveMode())) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, "The kubeconfig's user '" + userName + "' runs '" + command
                    + "' with interactiveMode: Always, which needs a terminal that Opsdeck does not have; run it once"
                    + " in a terminal (e.g. kubectl get ns) so that it caches a login, or set interactiveMode: IfAvailable");
        }
        List<String> argv = new ArrayList<>();
        argv.add(resolveCommand(command));
        if (exec.getArgs() != null) {
            argv.addAll(exec.getArgs());
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        if (exec.getEnv() != null) {
            for (ExecEnvVar v : exec.getEnv()) {
                if (v != null && v.getName() != null) {
                    env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
                }
            }
        }
        env.put("KUBERNETES_EXEC_INFO", execInfo(apiVersion));
        // stderr goes to a file: reading both pipes on one thread could deadlock, and stderr
        // (unlike stdout) holds no credential
        Path stderrFile;
        try {
            stderrFile = Files.createTempFile("opsdeck-exec-", ".stderr");
        } catch (IOException e) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, "The kubeconfig's user '" + userName + "' runs '" + command
                    + "' to get a token, but Opsdeck could not create a temporary file to run it ("
                    + e.getClass().getSimpleName() + "); check the temporary directory");
        }
        try {
            pb.redirectError(stderrFile.toFile());
            return runProcess(pb, command, apiVersion, stderrFile);
        } catch (IOException e) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, "The kubeconfig's user '" + userName + "' runs '" + command
                    + "' to get a token, but reading its output failed (" + e.getClass().getSimpleName()
                    + "); run it in a terminal to check it");
        } finally {
            try {
                Files.deleteIfExists(stderrFile);
            } catch (IOException e) {
                LOG.debug("Could not delete {}", stderrFile, e);
            }
        }
    }

    private Credential runProcess(ProcessBuilder pb, String command, String apiVersion, Path stderrFile)
            throws IOException {
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw startFailure(command, e);
        }
        LOG.debug("Running exec credential plugin '{}' for user '{}'", command, userName);
        process.getOutputStream().close();
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Boolean> finished = new CompletableFuture<>();
        finished.completeOnTimeout(Boolean.FALSE, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenAccept(done -> {
                    if (!done && process.isAlive()) {
                        timedOut.set(true);
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                        process.destroyForcibly();
                    }
                });
        byte[] stdout;
        int exit;
        try (InputStream in = process.getInputStream()) {
            stdout = in.readNBytes(MAX_STDOUT);
            exit = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw failure(Reason.EXEC_PLUGIN_FAILED, "Running '" + command + "' for the kubeconfig's user '"
                    + userName + "' was interrupted");
        } finally {
            finished.complete(Boolean.TRUE);
        }
        if (timedOut.get()) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, "The kubeconfig's user '" + userName + "' runs '" + command
                    + "' to get a token, but it did not finish within " + timeout.toSeconds()
                    + " s; run it in a terminal to see whether it waits for input, then retry");
        }
        if (exit != 0) {
            String line = firstStderrLine(stderrFile);
            throw failure(Reason.EXEC_PLUGIN_FAILED, "The kubeconfig's user '" + userName + "' runs '" + command
                    + "' to get a token, but it failed with exit code " + exit
                    + (line.isEmpty() ? " and printed nothing on stderr" : ": " + line)
                    + "; fix what it reports (often: log in again) and retry");
        }
        return parse(stdout, command, apiVersion);
    }

    private ExecPluginException startFailure(String command, IOException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        boolean hasPath = command.indexOf('/') >= 0 || command.indexOf(File.separatorChar) >= 0;
        if (msg.contains("error=2,") || msg.contains("No such file")) {
            String where = hasPath
                    ? "but " + resolveCommand(command) + " does not exist"
                    : "but it is not installed or not on the PATH";
            return failure(Reason.EXEC_PLUGIN_MISSING, "The kubeconfig's user '" + userName + "' runs '" + command
                    + "' to get a token, " + where + "; install it or fix the exec command" + installHint());
        }
        if (msg.contains("error=13,") || msg.contains("Permission denied")) {
            return failure(Reason.EXEC_PLUGIN_MISSING, "The kubeconfig's user '" + userName + "' runs '" + command
                    + "' to get a token, but it is not executable; make it executable (chmod +x) or fix the exec command");
        }
        return failure(Reason.EXEC_PLUGIN_FAILED, "The kubeconfig's user '" + userName + "' runs '" + command
                + "' to get a token, but it could not be started (" + e.getClass().getSimpleName()
                + "); check that it is a program for this system");
    }

    private String installHint() {
        String hint = exec.getInstallHint();
        if (hint == null || hint.isBlank()) {
            return "";
        }
        String oneLine = hint.strip().replaceAll("\\s+", " ");
        return " (the kubeconfig's install hint: "
                + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine) + ")";
    }

    private Credential parse(byte[] stdout, String command, String apiVersion) {
        String prefix = "The kubeconfig's user '" + userName + "' runs '" + command + "' to get a token, but ";
        JsonNode root;
        try {
            root = JSON.readTree(stdout);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, prefix
                    + "it did not print an ExecCredential (JSON) on stdout; check that it is a kubectl credential plugin");
        }
        String returned = root.path("apiVersion").asText("");
        if (!apiVersion.equals(returned)) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, prefix + "it answered with apiVersion '" + returned
                    + "' while the kubeconfig asks for '" + apiVersion + "'; set the exec apiVersion to what the plugin speaks");
        }
        JsonNode status = root.path("status");
        String token = text(status, "token");
        String cert = text(status, "clientCertificateData");
        String key = text(status, "clientKeyData");
        Instant expiresAt = null;
        String expiry = text(status, "expirationTimestamp");
        if (expiry != null) {
            try {
                expiresAt = Instant.parse(expiry);
            } catch (DateTimeParseException e) {
                LOG.warn("The exec credential plugin '{}' returned an unreadable expirationTimestamp; "
                        + "the credential is used until the server refuses it", command);
            }
        }
        if (token == null && (cert == null || key == null)) {
            throw failure(Reason.EXEC_PLUGIN_FAILED, prefix
                    + "it returned neither a token nor a client certificate and key; run it in a terminal to see why");
        }
        return new Credential(token, token == null ? cert : null, token == null ? key : null, expiresAt);
    }

    /** What client-go passes a plugin with {@code provideClusterInfo: true}. */
    static ObjectNode clusterInfo(Cluster cluster, Path clusterFile) {
        ObjectNode info = JSON.createObjectNode();
        info.put("server", cluster.getServer());
        if (isSet(cluster.getTlsServerName())) {
            info.put("tls-server-name", cluster.getTlsServerName());
        }
        if (Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify())) {
            info.put("insecure-skip-tls-verify", true);
        }
        if (isSet(cluster.getCertificateAuthorityData())) {
            info.put("certificate-authority-data", cluster.getCertificateAuthorityData());
        } else if (isSet(cluster.getCertificateAuthority())) {
            try {
                byte[] ca = Files.readAllBytes(
                        KubeconfigReader.resolveAgainst(clusterFile, cluster.getCertificateAuthority()));
                info.put("certificate-authority-data", Base64.getEncoder().encodeToString(ca));
            } catch (IOException e) {
                LOG.debug("Could not read the certificate authority for the exec plugin's cluster info", e);
            }
        }
        if (isSet(cluster.getProxyUrl())) {
            info.put("proxy-url", cluster.getProxyUrl());
        }
        return info;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private String execInfo(String apiVersion) {
        ObjectNode info = JSON.createObjectNode();
        info.put("apiVersion", apiVersion);
        info.put("kind", "ExecCredential");
        ObjectNode spec = info.putObject("spec");
        spec.put("interactive", false);
        if (Boolean.TRUE.equals(exec.getProvideClusterInfo()) && clusterInfo != null) {
            spec.set("cluster", clusterInfo);
        }
        return info.toString();
    }

    /** Relative paths with a separator resolve against the kubeconfig; bare names go to the PATH. */
    private String resolveCommand(String command) {
        boolean hasSeparator = command.indexOf('/') >= 0 || command.indexOf(File.separatorChar) >= 0;
        Path p = Path.of(command);
        if (hasSeparator && !p.isAbsolute() && kubeconfigFile != null && kubeconfigFile.getParent() != null) {
            return kubeconfigFile.getParent().resolve(p).normalize().toString();
        }
        return command;
    }

    private static String firstStderrLine(Path stderrFile) {
        byte[] head;
        try (InputStream in = Files.newInputStream(stderrFile)) {
            head = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            LOG.debug("Could not read the exec plugin's stderr", e);
            return "";
        }
        for (String line : new String(head, StandardCharsets.UTF_8).split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                return t.length() > MAX_STDERR_LINE ? t.substring(0, MAX_STDERR_LINE) + "…" : t;
            }
        }
        return "";
    }

    private static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }

    private static ExecPluginException failure(Reason reason, String message) {
        return new ExecPluginException(reason, message);
    }
}
