package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.opsdeck.services.k8s.config.ReadLimitException;
import io.opsdeck.services.k8s.json.JsonSyntaxException;
import io.opsdeck.services.k8s.slim.SlimResource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.opsdeck.services.k8s.StreamFailures.requestFailure;
import static io.opsdeck.services.k8s.StreamFailures.rootOf;
import static io.opsdeck.services.k8s.StreamFailures.undecodable;

/**
 * One watch connection of a {@link StreamingInformer}: the transport — a websocket, as fabric8
 * watches, or a streamed HTTP GET where websockets are not served — and the decoding of its events.
 * What happens to the connection and its events is the informer's business: each callback says
 * which connection it comes from, and the informer ignores those of a connection it has moved on from.
 */
abstract class WatchStream<T extends SlimResource> {
    final StreamingInformer<T> informer;
    final String url;
    final WatchEventReader<T> events;
    volatile boolean closed;
    /** When it opened ({@link System#nanoTime()}); 0 until then. */
    volatile long openedAt;

    private WatchStream(StreamingInformer<T> informer, String url) {
        this.informer = informer;
        this.url = url;
        this.events = new WatchEventReader<>(informer.newReader());
    }

    /** A watch not yet started: the informer records it as its current one, then starts it. */
    static <T extends SlimResource> WatchStream<T> create(StreamingInformer<T> informer, String url, boolean overHttp) {
        return overHttp ? new Http<>(informer, url) : new Socket<>(informer, url);
    }

    /** Connects; the callbacks may come on this thread already. */
    abstract void start();

    /** Closes the connection; no callback comes from it any more. */
    abstract void close();

    void receive(byte[] b, int from, int to) {
        try {
            informer.watchEvent(this, events.read(b, from, to));
        } catch (JsonSyntaxException | RuntimeException e) {
            informer.watchFailed(this, undecodable(null, e));
        }
    }

    /** A watch over a websocket, as fabric8 watches. */
    private static final class Socket<T extends SlimResource> extends WatchStream<T> implements WebSocket.Listener {
        private volatile WebSocket socket;

        Socket(StreamingInformer<T> informer, String url) {
            super(informer, url);
        }

        @Override
        void start() {
            URI uri = URI.create(url);
            CompletableFuture<WebSocket> f;
            try {
                f = informer.setup().http().newWebSocketBuilder().uri(uri)
                        .header("Origin", uri.getScheme() + "://" + uri.getAuthority()).buildAsync(this);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete(this::onHandshake);
        }

        private void onHandshake(WebSocket ws, Throwable t) {
            if (t == null) {
                socket = ws;
                if (closed) {
                    ws.sendClose(1000, "closing");
                }
                return;
            }
            Throwable cause = rootOf(t);
            if (cause instanceof WebSocketHandshakeException h && h.getResponse() != null) {
                int code = h.getResponse().code();
                if (code == 410) {
                    informer.watchGone(this);
                } else if (code == 200 || code == 503) {
                    // a proxy that does not do websockets (kubectl proxy, some gateways): stream over HTTP
                    informer.watchOverHttp(this, code);
                } else {
                    Status status = OperationSupport.createStatus(h.getResponse(), informer.setup().serialization());
                    informer.watchFailed(this, OperationSupport.requestFailure(
                            informer.setup().http().newHttpRequestBuilder().uri(url).build(), status));
                }
                return;
            }
            informer.watchInterrupted(this, cause);
        }

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            if (closed) {
                ws.sendClose(1000, "closing");
                return;
            }
            informer.watchOpened(this);
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            if (!closed) {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                receive(b, 0, b.length);
            }
            ws.request();
        }

        @Override
        public void onMessage(WebSocket ws, ByteBuffer bytes) {
            if (!closed) {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                receive(b, 0, b.length);
            }
            ws.request();
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            ws.sendClose(code, reason);
            informer.watchEnded(this);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            informer.watchInterrupted(this, error);
        }

        @Override
        void close() {
            closed = true;
            WebSocket ws = socket;
            if (ws != null) {
                ws.sendClose(1000, "closing");
            }
        }
    }

    /** A watch over a streamed HTTP GET: a sequence of events, read as they come. */
    private static final class Http<T extends SlimResource> extends WatchStream<T>
            implements AsyncBody.Consumer<List<ByteBuffer>>, WatchEventReader.Sink<T> {
        private final ByteWindow window = new ByteWindow(64 << 10, StreamingInformer.MAX_OBJECT_BYTES);
        private HttpRequest request;
        private volatile AsyncBody body;
        private volatile int code;

        Http(StreamingInformer<T> informer, String url) {
            super(informer, url);
        }

        @Override
        void start() {
            request = informer.setup().http().newHttpRequestBuilder().uri(url).forStreaming().build();
            CompletableFuture<HttpResponse<AsyncBody>> f;
            try {
                f = informer.setup().http().consumeBytes(request, this);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete(this::onResponse);
        }

        private void onResponse(HttpResponse<AsyncBody> response, Throwable t) {
            if (t != null) {
                informer.watchInterrupted(this, rootOf(t));
                return;
            }
            body = response.body();
            code = response.code();
            if (closed) {
                body.cancel();
                return;
            }
            if (code == 410) {
                body.cancel();
                informer.watchGone(this);
                return;
            }
            if (HttpResponse.isSuccessful(code)) {
                informer.watchOpened(this);
            }
            body.done().whenComplete(this::onDone);
            body.consume();
        }

        @Override
        public void consume(List<ByteBuffer> chunks, AsyncBody asyncBody) {
            if (closed) {
                asyncBody.cancel();
                return;
            }
            try {
                for (ByteBuffer b : chunks) {
                    if (HttpResponse.isSuccessful(code) || window.size() < ListStream.MAX_ERROR_BYTES) {
                        window.append(b);
                    }
                }
                if (HttpResponse.isSuccessful(code)) {
                    int p = events.decode(window.array(), window.start(), window.end(), this);
                    window.consumedTo(p);
                }
            } catch (ReadLimitException e) {
                informer.watchFailed(this, e);
                asyncBody.cancel();
                return;
            } catch (JsonSyntaxException | RuntimeException e) {
                // fail first: cancelling completes the body, which must not count as a dropped connection
                informer.watchFailed(this, undecodable(request, e));
                asyncBody.cancel();
                return;
            }
            asyncBody.consume();
        }

        @Override
        public void event(WatchEventReader.Event<T> e) {
            informer.watchEvent(this, e);
        }

        private void onDone(Void ignored, Throwable t) {
            if (closed) {
                return;
            }
            if (t != null && ReadLimitException.in(t) != null) {
                // over a cap (KubeReadLimits): watching again would read the same
                informer.watchFailed(this, rootOf(t));
            } else if (t != null) {
                informer.watchInterrupted(this, rootOf(t));
            } else if (!HttpResponse.isSuccessful(code)) {
                informer.watchFailed(this, requestFailure(informer.setup().serialization(), request, code, window),
                        true);
            } else {
                informer.watchEnded(this);
            }
        }

        @Override
        void close() {
            closed = true;
            AsyncBody b = body;
            if (b != null) {
                b.cancel();
            }
        }
    }
}
