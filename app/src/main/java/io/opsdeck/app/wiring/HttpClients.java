package io.opsdeck.app.wiring;

import okhttp3.OkHttpClient;

import java.time.Duration;

/** The one OkHttp client of the process (one connection pool and dispatcher); Prometheus clients derive from it. */
final class HttpClients {
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(30))
            .followRedirects(false)
            .build();

    private HttpClients() {
    }

    static OkHttpClient shared() {
        return SHARED;
    }
}
