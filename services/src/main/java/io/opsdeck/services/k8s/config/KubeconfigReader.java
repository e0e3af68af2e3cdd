package io.opsdeck.services.k8s.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Parses one kubeconfig file with fabric8's own parser, so that the contexts Opsdeck lists are
 * exactly the ones fabric8 will later connect with, and fabric8 records which file each entry came
 * from (relative certificate paths and OIDC token refresh depend on that).
 *
 * <p>The parsers' own messages quote the offending line of the file, which may hold a token or a
 * key, so errors are rebuilt here from the position and the parser's short problem description
 * only, and the parser's exception is not attached as a cause.
 */
final class KubeconfigReader {
    private static final int MAX_PROBLEM_LENGTH = 160;
    private static final String FIX = "; fix it or point --kubeconfig at another file";
    /** fabric8's keys for the file an entry came from (KubeConfigUtils; SerializationsTest checks they agree). */
    static final String CONTEXT_FILE_KEY = "KUBERNETES_CONFIG_CONTEXT_FILE_KEY";
    static final String CLUSTER_FILE_KEY = "KUBERNETES_CONFIG_CLUSTER_FILE_KEY";
    static final String AUTH_INFO_FILE_KEY = "KUBERNETES_CONFIG_AUTH_INFO_FILE_KEY";
    private static final KubernetesSerialization YAML = Serializations.withoutScan();

    private KubeconfigReader() {
    }

    /** The parsed file, or empty when the file holds no document at all (as kubectl allows). */
    static Optional<Config> read(Path file) throws KubeconfigException {
        String text = readText(file);
        if (isBlankYaml(text)) {
            return Optional.empty();
        }
        try {
            Config config = parse(text, file);
            if (config == null) {
                return Optional.empty();
            }
            return Optional.of(config);
        } catch (RuntimeException e) {
            throw new KubeconfigException(describeParseFailure(file, e));
        }
    }

    /**
     * What {@code KubeConfigUtils.parseConfig(File)} does, with fabric8's parser, but on a serialization
     * without the class-path scan ({@link Serializations}): the file's {@link Config}, each of whose contexts,
     * clusters and users remembers the file it came from under fabric8's keys, which
     * {@code KubeConfigUtils.getFileWith…} and {@code merge} read (relative paths, OIDC refresh).
     */
    static Config parse(String text, Path file) {
        Config config = YAML.unmarshal(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Config.class);
        if (config != null) {
            File f = file.toFile();
            if (config.getContexts() != null) {
                config.getContexts().forEach(c -> c.getAdditionalProperties().put(CONTEXT_FILE_KEY, f));
            }
            if (config.getClusters() != null) {
                config.getClusters().forEach(c -> c.getAdditionalProperties().put(CLUSTER_FILE_KEY, f));
            }
            if (config.getUsers() != null) {
                config.getUsers().forEach(u -> u.getAdditionalProperties().put(AUTH_INFO_FILE_KEY, f));
            }
        }
        return config;
    }

    private static String readText(Path file) throws KubeconfigException {
        if (Files.isDirectory(file)) {
            throw new KubeconfigException("The kubeconfig " + file + " is a directory, not a file"
                    + "; check --kubeconfig or $KUBECONFIG");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new KubeconfigException("The kubeconfig " + file
                    + " does not exist; check --kubeconfig or $KUBECONFIG");
        } catch (AccessDeniedException e) {
            throw new KubeconfigException("The kubeconfig " + file
                    + " cannot be read (permission denied); check its permissions");
        } catch (CharacterCodingException e) {
            throw new KubeconfigException("The kubeconfig " + file + " is not UTF-8 text" + FIX);
        } catch (IOException e) {
            throw new KubeconfigException("The kubeconfig " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "); check the file and its permissions", e);
        }
    }

    /** Paths in a kubeconfig are relative to the file that holds them, as in kubectl. */
    static Path resolveAgainst(Path kubeconfigFile, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || kubeconfigFile == null || kubeconfigFile.getParent() == null
                ? p : kubeconfigFile.getParent().resolve(p).normalize();
    }

    /** Only blank lines, comments and document markers: an empty kubeconfig, not a broken one. */
    static boolean isBlankYaml(String text) {
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.equals("---") && !t.equals("...")) {
                return false;
            }
        }
        return true;
    }

    static String describeParseFailure(Path file, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYamlEngineException yaml) {
                Optional<Mark> mark = yaml.getProblemMark();
                String where = mark.map(m -> " (line " + (m.getLine() + 1) + ")").orElse("");
                return "The kubeconfig " + file + " is not valid YAML" + where + ": "
                        + shortProblem(yaml.getProblem()) + FIX;
            }
            if (c instanceof JsonMappingException mapping) {
                return "The kubeconfig " + file + " is not a valid kubeconfig: "
                        + describeMappingPath(mapping) + FIX;
            }
            if (c instanceof ClassCastException) {
                // fabric8 hands back a list when the file holds several YAML documents
                return "The kubeconfig " + file
                        + " holds more than one YAML document or is not a mapping" + FIX;
            }
        }
        return "The kubeconfig " + file + " could not be read as a kubeconfig ("
                + e.getClass().getSimpleName() + ")" + FIX;
    }

    private static String shortProblem(String problem) {
        if (problem == null || problem.isBlank()) {
            return "syntax error";
        }
        String p = problem.replaceAll("\\s+", " ").strip();
        return p.length() > MAX_PROBLEM_LENGTH ? p.substring(0, MAX_PROBLEM_LENGTH) + "…" : p;
    }

    /**
     * Names where the structure is wrong ("users[0].user.token") without Jackson's message,
     * which quotes the offending value.
     */
    private static String describeMappingPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0
                ? "its top level is not a mapping of kubeconfig fields"
                : "'" + path + "' has the wrong type (for example a text where a list or mapping belongs)";
    }
}
