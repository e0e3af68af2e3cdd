package io.opsdeck.app.wiring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EarlyConnectionTest {

    private static Optional<EarlyConnection.Request> of(String... args) {
        return EarlyConnection.Request.of(List.of(args));
    }

    @Test
    void aHeadlessCommandNamesItsKubeconfigAndContext() {
        assertThat(of("report", "--json", "--kubeconfig", "/tmp/kc", "--context", "prod"))
                .contains(new EarlyConnection.Request(Path.of("/tmp/kc"), "prod"));
        assertThat(of("-v", "snapshot", "--view", "topology", "--kubeconfig=/tmp/kc", "--out", "x.png"))
                .contains(new EarlyConnection.Request(Path.of("/tmp/kc"), null));
        assertThat(of("--theme", "dark", "report")).contains(new EarlyConnection.Request(null, null));
    }

    @Test
    void theConsoleNamesItsKubeconfigAndContext() {
        assertThat(of()).as("the default kubeconfig's current context").contains(new EarlyConnection.Request(null, null));
        assertThat(of("--kubeconfig", "/tmp/kc", "--exit-after-pods", "30000", "--context=prod"))
                .contains(new EarlyConnection.Request(Path.of("/tmp/kc"), "prod"));
        assertThat(of("--theme", "report")).as("an option's value, not the command")
                .contains(new EarlyConnection.Request(null, null));
        assertThat(of("--context", "report", "-v")).contains(new EarlyConnection.Request(null, "report"));
    }

    @Test
    void theSandboxHelpAndOtherCommandsOpenNothingEarly() {
        assertThat(of("--demo")).isEmpty();
        assertThat(of("--kubeconfig", "/tmp/kc", "--demo")).isEmpty();
        assertThat(of("--version")).isEmpty();
        assertThat(of("report", "--demo")).isEmpty();
        assertThat(of("report", "--help")).isEmpty();
        assertThat(of("scale", "shop/deployment/web", "--replicas", "2")).isEmpty();
        assertThat(of("--kubeconfig", "/tmp/kc", "drain", "node-1")).isEmpty();
    }

    @Test
    void nothingIsTakenForAnotherContextOrWhenNothingWasStarted() {
        assertThat(EarlyConnection.take(Path.of("/nowhere"), "ctx")).isEmpty();
    }

    @Test
    void theContextOpenedEarlyIsTakenOnceForTheSameKubeconfigAndContext(@TempDir Path dir) throws Exception {
        // nothing listens there: opening a client sends no request
        Path kc = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\ncurrent-context: mock\n"
                + "clusters: [{name: c, cluster: {server: 'http://127.0.0.1:9'}}]\n"
                + "users: [{name: u, user: {token: t}}]\ncontexts: [{name: mock, context: {cluster: c, user: u}}]\n");
        List<String> args = List.of("report", "--json", "--kubeconfig", kc.toString());

        EarlyConnection.start(args, Map.of(), dir);
        Optional<EarlyConnection.Opened> opened = EarlyConnection.take(kc, null);
        assertThat(opened).hasValueSatisfying(o -> assertThat(o.context()).isEqualTo("mock"));
        opened.get().connection().close();
        assertThat(EarlyConnection.take(kc, null)).as("once").isEmpty();

        EarlyConnection.start(args, Map.of(), dir);
        assertThat(EarlyConnection.take(kc, "another")).as("the command asks for another context").isEmpty();
        assertThat(EarlyConnection.take(kc, null)).as("and the early one is gone").isEmpty();
    }
}
