package io.opsdeck.services.k8s.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeconfigSetTest {
    private static final String SECRET = "s3cr3t-token-value-7f1e";

    @TempDir
    Path dir;

    private Map<String, String> kubeconfigEnv(Path... files) {
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.toString());
        }
        return Map.of("KUBECONFIG", String.join(File.pathSeparator, names));
    }

    private Path home() {
        return dir.resolve("home");
    }

    @Test
    void mergesFilesFromKubeconfigVariableTheWayKubectlDoes() throws Exception {
        Path a = Kubeconfigs.write(dir, "a.yaml", """
                apiVersion: v1
                clusters:
                - name: shared
                  cluster: {server: "https://127.0.0.1:6443"}
                users:
                - name: u1
                  user: {token: aaa}
                contexts:
                - name: dup
                  context: {cluster: shared, user: u1, namespace: from-a}
                - name: only-a
                  context: {cluster: shared, user: u1}
                """);
        Path b = Kubeconfigs.write(dir, "b.yaml", """
                apiVersion: v1
                current-context: only-b
                clusters:
                - name: shared
                  cluster: {server: "https://127.0.0.2:6443"}
                contexts:
                - name: dup
                  context: {cluster: shared, user: u1, namespace: from-b}
                - name: only-b
                  context: {cluster: shared}
                """);
        Path c = Kubeconfigs.write(dir, "c.yaml", """
                apiVersion: v1
                current-context: dup
                """);

        KubeconfigSet set = KubeconfigSet.load(Optional.empty(), kubeconfigEnv(a, b, c), home());

        assertThat(set.contexts()).extracting(KubeContext::name).containsExactly("dup", "only-a", "only-b");
        assertThat(set.context("dup")).hasValue(
                new KubeContext("dup", "shared", "u1", "from-a", "https://127.0.0.1:6443"));
        assertThat(set.context("only-b").orElseThrow().server())
                .as("the first file's cluster of that name wins")
                .isEqualTo("https://127.0.0.1:6443");
        assertThat(set.context("only-b").orElseThrow().namespace()).isEqualTo("default");
        assertThat(set.currentContext()).as("from the first file that sets one").hasValue("only-b");
        assertThat(set.files()).containsExactly(a, b, c);
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void skipsFilesListedInKubeconfigThatDoNotExist() throws Exception {
        Path a = Kubeconfigs.write(dir, "a.yaml", Kubeconfigs.tokenConfig("alpha", "https://127.0.0.1:6443", SECRET));
        Path missing = dir.resolve("gone.yaml");

        KubeconfigSet set = KubeconfigSet.load(Optional.empty(), kubeconfigEnv(missing, a), home());

        assertThat(set.contexts()).extracting(KubeContext::name).containsExactly("alpha");
        assertThat(set.files()).containsExactly(a);
        assertThat(set.problems()).singleElement().asString()
                .contains(missing.toString()).contains("does not exist").contains("skipped");
    }

    @Test
    void emptyEntriesInTheListAndDuplicatesAreIgnored() throws Exception {
        Path a = Kubeconfigs.write(dir, "a.yaml", Kubeconfigs.tokenConfig("alpha", "https://127.0.0.1:6443", SECRET));
        String list = File.pathSeparator + a + File.pathSeparator + File.pathSeparator + a;

        KubeconfigSet set = KubeconfigSet.load(Optional.empty(), Map.of("KUBECONFIG", list), home());

        assertThat(set.files()).containsExactly(a);
        assertThat(set.contexts()).hasSize(1);
    }

    @Test
    void explicitFileWinsOverKubeconfigVariable() throws Exception {
        Path a = Kubeconfigs.write(dir, "a.yaml", Kubeconfigs.tokenConfig("alpha", "https://127.0.0.1:6443", SECRET));
        Path b = Kubeconfigs.write(dir, "b.yaml", Kubeconfigs.tokenConfig("beta", "https://127.0.0.1:6444", SECRET));

        KubeconfigSet set = KubeconfigSet.load(Optional.of(b), kubeconfigEnv(a), home());

        assertThat(set.contexts()).extracting(KubeContext::name).containsExactly("beta");
        assertThat(set.currentContext()).hasValue("beta");
    }

    @Test
    void explicitFileThatDoesNotExistIsAnError() {
        Path missing = dir.resolve("x").resolve("y");

        assertThatThrownBy(() -> KubeconfigSet.load(Optional.of(missing), Map.of(), home()))
                .isInstanceOf(KubeconfigException.class)
                .hasMessage("The kubeconfig " + missing + " does not exist; check --kubeconfig or $KUBECONFIG");
    }

    @Test
    void fallsBackToKubeConfigInHome() throws Exception {
        Kubeconfigs.write(home(), ".kube/config", Kubeconfigs.tokenConfig("home-ctx", "https://127.0.0.1:6443", SECRET));

        KubeconfigSet set = KubeconfigSet.load(Optional.empty(), Map.of(), home());

        assertThat(set.contexts()).extracting(KubeContext::name).containsExactly("home-ctx");
        assertThat(set.files()).containsExactly(home().resolve(".kube/config"));
    }

    @Test
    void noKubeconfigAnywhereIsAnEmptySetNotAnError() throws Exception {
        KubeconfigSet set = KubeconfigSet.load(Optional.empty(), Map.of(), home());

        assertThat(set.isEmpty()).isTrue();
        assertThat(set.files()).isEmpty();
        assertThat(set.currentContext()).isEmpty();
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void corruptYamlNamesFileAndLineWithoutQuotingTheFile() throws Exception {
        Path bad = Kubeconfigs.write(dir, "bad.yaml", """
                apiVersion: v1
                users:
                - name: u
                  user:
                    token: %s: oops
                """.formatted(SECRET));

        assertThatThrownBy(() -> KubeconfigSet.load(Optional.of(bad), Map.of(), home()))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageStartingWith("The kubeconfig " + bad + " is not valid YAML (line 5): ")
                .hasMessageEndingWith("; fix it or point --kubeconfig at another file")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("oops"));
    }

    @Test
    void corruptFileInKubeconfigVariableStopsTheLoadLikeKubectl() throws Exception {
        Path good = Kubeconfigs.write(dir, "good.yaml", Kubeconfigs.tokenConfig("alpha", "https://127.0.0.1:6443", SECRET));
        Path bad = Kubeconfigs.write(dir, "bad.yaml", "apiVersion: v1\nusers:\n\t- name: u\n");

        assertThatThrownBy(() -> KubeconfigSet.load(Optional.empty(), kubeconfigEnv(good, bad), home()))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("(line 3)");
    }

    @Test
    void wrongStructureNamesThePathButNotTheValue() throws Exception {
        Path bad = Kubeconfigs.write(dir, "shape.yaml", """
                apiVersion: v1
                users:
                - name: u
                  user:
                    token: [%s]
                """.formatted(SECRET));

        assertThatThrownBy(() -> KubeconfigSet.load(Optional.of(bad), Map.of(), home()))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("is not a valid kubeconfig: 'users[0].user.token' has the wrong type")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void aScalarDocumentIsNotAKubeconfig() throws Exception {
        Path bad = Kubeconfigs.write(dir, "scalar.yaml", SECRET + "\n");

        assertThatThrownBy(() -> KubeconfigSet.load(Optional.of(bad), Map.of(), home()))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("is not a valid kubeconfig")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void severalYamlDocumentsAreNotAKubeconfig() throws Exception {
        Path bad = Kubeconfigs.write(dir, "multi.yaml", "apiVersion: v1\n---\napiVersion: v1\n");

        assertThatThrownBy(() -> KubeconfigSet.load(Optional.of(bad), Map.of(), home()))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("holds more than one YAML document");
    }

    @Test
    void emptyFileIsEmptyNotBroken() throws Exception {
        Path empty = Kubeconfigs.write(dir, "empty.yaml", "# written by a tool\n\n");

        KubeconfigSet set = KubeconfigSet.load(Optional.of(empty), Map.of(), home());

        assertThat(set.isEmpty()).isTrue();
        assertThat(set.files()).containsExactly(empty);
        assertThat(set.problems()).singleElement().asString().contains("is empty");
    }

    @Test
    void contextsNamingMissingClustersOrUsersAreListedWithProblems() throws Exception {
        Path a = Kubeconfigs.write(dir, "a.yaml", """
                apiVersion: v1
                current-context: nowhere
                clusters:
                - name: real
                  cluster: {server: "https://127.0.0.1:6443"}
                contexts:
                - name: broken
                  context: {cluster: ghost-cluster, user: ghost-user}
                - name: fine
                  context: {cluster: real}
                - context: {cluster: real}
                """);

        KubeconfigSet set = KubeconfigSet.load(Optional.of(a), Map.of(), home());

        assertThat(set.contexts()).extracting(KubeContext::name).containsExactly("broken", "fine");
        assertThat(set.context("broken").orElseThrow().server()).isNull();
        assertThat(set.currentContext()).isEmpty();
        assertThat(set.problems()).anySatisfy(p -> assertThat(p)
                .contains("'broken'").contains("cluster 'ghost-cluster'").contains("no kubeconfig file defines"));
        assertThat(set.problems()).anySatisfy(p -> assertThat(p)
                .contains("'broken'").contains("user 'ghost-user'"));
        assertThat(set.problems()).anySatisfy(p -> assertThat(p).contains("without a name"));
        assertThat(set.problems()).anySatisfy(p -> assertThat(p)
                .contains("current context 'nowhere'").contains("not defined"));
    }

    @Test
    void threeHundredContextsLoadSorted() throws Exception {
        List<Integer> order = new ArrayList<>(IntStream.range(0, 300).boxed().toList());
        Collections.shuffle(order, new java.util.Random(7));
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nclusters:\n");
        for (int i : order) {
            yaml.append("- name: c").append(i).append("\n  cluster: {server: \"https://127.0.0.1:").append(10000 + i)
                    .append("\"}\n");
        }
        yaml.append("users:\n- name: u\n  user: {token: ").append(SECRET).append("}\ncontexts:\n");
        for (int i : order) {
            yaml.append("- name: ").append(i % 2 == 0 ? "Prod-" : "dev-").append(String.format("%03d", i))
                    .append("\n  context: {cluster: c").append(i).append(", user: u}\n");
        }
        Path big = Kubeconfigs.write(dir, "big.yaml", yaml.toString());

        KubeconfigSet set = KubeconfigSet.load(Optional.of(big), Map.of(), home());

        assertThat(set.contexts()).hasSize(300);
        assertThat(set.contexts()).extracting(KubeContext::name)
                .isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER)
                .startsWith("dev-001", "dev-003")
                .endsWith("Prod-298");
        assertThat(set.context("Prod-042").orElseThrow().server()).isEqualTo("https://127.0.0.1:10042");
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void neitherTheSetNorItsContextsShowSecrets() throws Exception {
        Path a = Kubeconfigs.write(dir, "a.yaml", Kubeconfigs.tokenConfig("alpha", "https://127.0.0.1:6443", SECRET));
        Map<String, String> env = Map.of("KUBECONFIG", a.toString(),
                "HTTPS_PROXY", "http://proxyuser:proxy-pass-9@127.0.0.1:3128");

        KubeconfigSet set = KubeconfigSet.load(Optional.empty(), env, home());

        assertThat(set.toString()).doesNotContain(SECRET).doesNotContain("proxy-pass-9");
        assertThat(set.contexts().toString()).doesNotContain(SECRET);
        assertThat(String.join(" ", set.problems())).doesNotContain(SECRET);
    }

    @Test
    void aDirectoryIsNotAKubeconfig() throws Exception {
        Path d = Files.createDirectories(dir.resolve("conf.d"));

        assertThatThrownBy(() -> KubeconfigSet.load(Optional.of(d), Map.of(), home()))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("is a directory");
    }
}
