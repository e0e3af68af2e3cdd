package io.opsdeck.services.prom;

import io.opsdeck.services.prom.PrometheusException.Kind;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Locale;

/**
 * Talks to Prometheus directly with OkHttp. Derives its client from the application's shared one
 * ({@link OkHttpClient#newBuilder()}), so connection pool and dispatcher stay shared while auth,
 * timeouts and trust are per Prometheus.
 */
public final class OkHttpPrometheusTransport implements PrometheusTransport {
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

    private final OkHttpClient http;
    private final PrometheusConfig config;
    private final String authorization;

    /**
     * @throws PrometheusException of kind {@link Kind#CONFIG} when the CA certificate file cannot be read
     */
    public OkHttpPrometheusTransport(OkHttpClient shared, PrometheusConfig config) throws PrometheusException {
        this.config = config;
        Duration t = config.timeout();
        OkHttpClient.Builder b = shared.newBuilder()
                .connectTimeout(t)
                .readTimeout(t)
                .writeTimeout(t)
                .callTimeout(t)
                // OkHttp drops only Authorization on a redirect to another host; custom secret headers
                // would follow it (to an SSO page, say). The API never redirects, so nothing is lost.
                .followRedirects(false)
                .followSslRedirects(false);
        if (config.caCertificateFile() != null) {
            try {
                TrustedCertificates trust = TrustedCertificates.systemPlus(config.caCertificateFile());
                b.sslSocketFactory(trust.socketFactory(), trust.trustManager());
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new PrometheusException(Kind.CONFIG, config.baseUrl(), "The CA certificate file "
                        + config.caCertificateFile() + " for Prometheus at " + config.baseUrl()
                        + " could not be read as PEM certificates (" + e.getMessage() + ")", e);
            }
        }
        this.http = b.build();
        if (config.bearerToken() != null) {
            authorization = "Bearer " + config.bearerToken();
        } else if (config.hasBasicAuth()) {
            authorization = Credentials.basic(config.basicAuthUser(), config.basicAuthPassword(),
                    StandardCharsets.UTF_8);
        } else {
            authorization = null;
        }
    }

    @Override
    public String endpoint() {
        return config.baseUrl();
    }

    @Override
    public Response get(String pathAndQuery) throws PrometheusException {
        return execute(request(pathAndQuery).get().build());
    }

    @Override
    public Response postForm(String path, String urlEncodedForm) throws PrometheusException {
        return execute(request(path).post(RequestBody.create(urlEncodedForm, FORM)).build());
    }

    private Request.Builder request(String pathAndQuery) {
        Request.Builder r = new Request.Builder()
                .url(HttpUrl.get(config.baseUrl() + pathAndQuery))
                .header("Accept", "application/json")
                .header("User-Agent", "opsdeck");
        config.headers().forEach(r::header);
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return r;
    }

    private Response execute(Request request) throws PrometheusException {
        try (okhttp3.Response r = http.newCall(request).execute()) {
            ResponseBody body = r.body();
            return new Response(r.code(), body == null ? "" : body.string(), r.header("Content-Type"));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private PrometheusException failure(IOException e) {
        String url = config.baseUrl();
        if (e instanceof UnknownHostException) {
            return new PrometheusException(Kind.UNREACHABLE, url, "Could not find the host "
                    + HttpUrl.get(url).host() + " of Prometheus at " + url + "; check the URL, DNS or VPN", e);
        }
        if (e instanceof SSLException) {
            return new PrometheusException(Kind.TLS, url, "Could not verify the TLS certificate of Prometheus at "
                    + url + " (" + e.getMessage() + "); if it is signed by a private CA, "
                    + "set that CA's certificate file in settings", e);
        }
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)
                && (Thread.currentThread().isInterrupted() || lower(e).contains("cancel"))) {
            return new PrometheusException(Kind.CANCELLED, url, "The request to Prometheus at " + url
                    + " was cancelled", e);
        }
        if (e instanceof InterruptedIOException && !lower(e).contains("connect")) {
            return new PrometheusException(Kind.TIMEOUT, url, "Prometheus at " + url + " did not answer within "
                    + seconds(config.timeout()) + "; it may be overloaded, or the query too heavy", e);
        }
        if (causeMentions(e, "refused")) {
            return new PrometheusException(Kind.UNREACHABLE, url, "Prometheus at " + url
                    + " refused the connection; is it running, and are the host and port right?", e);
        }
        if (e instanceof ConnectException || e instanceof SocketException || e instanceof InterruptedIOException) {
            return new PrometheusException(Kind.UNREACHABLE, url, "Could not connect to Prometheus at " + url
                    + " (" + e.getMessage() + ")", e);
        }
        return new PrometheusException(Kind.UNREACHABLE, url, "Could not read an answer from Prometheus at " + url
                + " (" + e.getMessage() + ")", e);
    }

    private static boolean causeMentions(Throwable e, String word) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (lower(t).contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String lower(Throwable t) {
        return String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
