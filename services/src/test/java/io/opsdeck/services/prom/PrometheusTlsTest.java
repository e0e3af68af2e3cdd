package io.opsdeck.services.prom;

import io.opsdeck.services.prom.PrometheusException.Kind;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.opsdeck.services.prom.PrometheusClientErrorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS with a private CA: certificates made by the JDK's keytool, served by MockWebServer. The CA
 * file adds trust; verification of chain and host name stays on.
 */
class PrometheusTlsTest {
    static final char[] PASSWORD = "changeit".toCharArray();
    static final OkHttpClient SHARED = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build();
    static final String OK = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}";

    @TempDir
    static Path dir;
    static Path loopbackCert;
    static Path otherHostCert;

    MockWebServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        loopbackCert = certificate("loopback", "ip:127.0.0.1");
        otherHostCert = certificate("other", "dns:prometheus.other.example");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.shutdown();
        }
    }

    @Test
    void aServerSignedByTheConfiguredCaIsTrusted() throws Exception {
        String url = serve("loopback");

        PrometheusClient c = client(PrometheusConfig.of(url).withCaCertificateFile(loopbackCert));

        assertThat(((QueryResult.Scalar) c.query("1")).value()).isEqualTo(1.0);
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTlsVersion()).isNotNull();
    }

    @Test
    void withoutTheCaTheCertificateIsRefusedWithAHint() throws Exception {
        String url = serve("loopback");

        assertThatThrownBy(() -> client(PrometheusConfig.of(url)).query("1"))
                .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TLS))
                .hasMessageStartingWith("Could not verify the TLS certificate of Prometheus at " + url)
                .hasMessageEndingWith("set that CA's certificate file in settings");
    }

    @Test
    void aTrustedCertificateForAnotherHostIsStillRefused() throws Exception {
        String url = serve("other");

        assertThatThrownBy(() -> client(PrometheusConfig.of(url).withCaCertificateFile(otherHostCert))
                .query("1"))
                .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TLS))
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void aCaFileThatIsNotPemIsAConfigurationError() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");

        assertThatThrownBy(() -> client(PrometheusConfig.of("https://127.0.0.1:1").withCaCertificateFile(junk)))
                .isInstanceOfSatisfying(PrometheusException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                .hasMessageStartingWith("The CA certificate file " + junk + " for Prometheus at https://127.0.0.1:1"
                        + " could not be read as PEM certificates");
    }

    private String serve(String alias) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(alias + ".p12"))) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new MockWebServer();
        server.useHttps(tls.getSocketFactory(), false);
        server.enqueue(json(200, OK));
        server.start(InetAddress.getLoopbackAddress(), 0);
        return "https://127.0.0.1:" + server.getPort();
    }

    private static PrometheusClient client(PrometheusConfig config) throws PrometheusException {
        return new PrometheusClient(new OkHttpPrometheusTransport(SHARED, config));
    }

    /** A self-signed certificate (its own CA) in {@code alias.p12}; returns its PEM file. */
    private static Path certificate(String alias, String san) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve(alias + ".p12");
        Path pem = dir.resolve(alias + ".pem");
        run(List.of(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=opsdeck-test-" + alias, "-ext", "san=" + san, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
        run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", alias, "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-file", pem.toString()));
        return pem;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("keytool failed: " + command + "\n" + out);
        }
    }
}
