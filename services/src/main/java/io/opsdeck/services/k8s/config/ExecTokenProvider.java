package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Hands fabric8 the exec plugin's token, running the plugin again only when the token has
 * expired or the server refused it, as kubectl does (fabric8 would otherwise run the plugin
 * whenever it refreshes, about once a minute).
 *
 * <p>fabric8 asks {@link #getToken()} before every request, from its own threads, so it is cheap
 * when the token is fresh and serialised when it is not. A failing plugin throws
 * {@link ExecPluginException}, which {@link ClusterErrors} turns into a sentence.
 */
final class ExecTokenProvider implements OAuthTokenProvider {
    /** Name of the interceptor that re-runs the plugin after a 401. */
    static final String INTERCEPTOR_NAME = "OPSDECK_EXEC_CREDENTIAL";

    private final ExecCredentialPlugin plugin;
    private final Clock clock;
    private ExecCredentialPlugin.Credential current;
    /** The token last refreshed because the server refused it; refused again, it is not retried. */
    private String refusedToken;

    ExecTokenProvider(ExecCredentialPlugin plugin, Clock clock) {
        this.plugin = plugin;
        this.clock = clock;
    }

    /** Runs the plugin now; used when the client is opened, so that failures show at once. */
    synchronized ExecCredentialPlugin.Credential fetch() {
        current = plugin.run();
        return current;
    }

    /** The credential in hand (fetching one if there is none yet). */
    synchronized ExecCredentialPlugin.Credential current() {
        return current != null ? current : fetch();
    }

    @Override
    public synchronized String getToken() {
        if (current != null && current.token() == null) {
            // a client certificate is built into the TLS context when the client opens; re-running
            // the plugin could not change it, so only a new connection picks up a new one
            return null;
        }
        if (current == null || current.expired(clock.instant())) {
            fetch();
        }
        return current.token();
    }

    /**
     * After a 401 for {@code refused}: a new token if the plugin gives one, else null. Runs the
     * plugin at most once per refused token, so that a server that refuses every token does not
     * make Opsdeck run the plugin on every request.
     */
    synchronized String tokenAfterRefusal(String refused) {
        if (refused == null || current == null || !refused.equals(current.token())
                || refused.equals(refusedToken)) {
            return null;
        }
        refusedToken = refused;
        String fresh = fetch().token();
        return Objects.equals(fresh, refused) ? null : fresh;
    }

    /**
     * Runs after fabric8's own token interceptor (added later, so consulted later): on a 401 it
     * re-runs the plugin and retries the request with the new token.
     */
    Interceptor unauthorizedInterceptor() {
        return new Interceptor() {
            @Override
            public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response,
                                                           Interceptor.RequestTags tags) {
                if (response.code() != HttpURLConnection.HTTP_UNAUTHORIZED) {
                    return CompletableFuture.completedFuture(false);
                }
                String sent = response.request() == null ? null : response.request().header("Authorization");
                String refused = sent != null && sent.startsWith("Bearer ") ? sent.substring(7) : null;
                String fresh = tokenAfterRefusal(refused);
                if (fresh == null) {
                    return CompletableFuture.completedFuture(false);
                }
                builder.setHeader("Authorization", "Bearer " + fresh);
                return CompletableFuture.completedFuture(true);
            }
        };
    }

    @Override
    public String toString() {
        return "ExecTokenProvider[" + plugin.commandAsWritten() + "]";
    }
}
