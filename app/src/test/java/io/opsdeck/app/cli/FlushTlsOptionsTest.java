package io.opsdeck.app.cli;

import io.opsdeck.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code opsdeck flush HOST:PORT --tls…}: contradictory or incomplete TLS options are bad arguments (exit 2). */
class FlushTlsOptionsTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void notVerifyingWhileNamingACaOrAServerNameIsRefused() {
        StringWriter err = new StringWriter();
        int exit = run(err, "flush", "127.0.0.1:6380", "--kind", "redis", "--tls-no-verify", "--tls-ca", "/etc/ca.pem",
                "--demo", "--dry-run");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-no-verify checks nothing");
    }

    @Test
    void aClientCertificateWithoutItsKeyIsRefused() {
        StringWriter err = new StringWriter();
        int exit = run(err, "flush", "127.0.0.1:6380", "--kind", "redis", "--tls-cert", "/me/client.pem", "--demo",
                "--dry-run");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("needs its key");
    }

    @Test
    void helpNamesTheTlsOptions() {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("flush", "--help")).isZero();
        assertThat(out.toString()).contains("--tls", "--tls-ca", "--tls-server-name", "--tls-no-verify", "--tls-cert",
                "--tls-key", "rediss://HOST:PORT");
    }
}
