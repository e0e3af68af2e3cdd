package io.opsdeck.services.cache;

import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Bounds what a cache server may make Opsdeck read: the bytes of a connection's replies, the length
 * of one line, and the time of the whole exchange. A socket read timeout alone lets a server dribble
 * a byte a second forever; a client reading a line to its end lets it send one without end; and Jedis
 * allocates the length a Redis bulk reply declares before reading it ({@code $2000000000} is an
 * OutOfMemoryError). Jedis has no setting for any of this, so {@link #redis} wraps the socket Jedis
 * reads from with a stream that follows the RESP framing and refuses a declared length, an element
 * count or a line over the caps before Jedis sees it.
 */
final class BoundedReplies {
    /** Far above a real {@code INFO} (a few KiB; tens with thousands of databases or replicas). */
    static final int MAX_REPLY_BYTES = 4 << 20;
    /** Far above any status, error or {@code stats} line. */
    static final int MAX_LINE_BYTES = 64 << 10;
    /** Elements of one RESP aggregate: Jedis allocates a list of the declared size. */
    static final int MAX_ELEMENTS = 100_000;

    private BoundedReplies() {
    }

    /** A reply broke one of the caps. Its message is a sentence without the server's address; add it. */
    static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message);
        }
    }

    /** The exchange took longer than its call timeout, though each read returned within the read timeout. */
    static final class CallTimedOut extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        CallTimedOut(Duration callTimeout) {
            super("the whole exchange took longer than " + CacheProblems.seconds(callTimeout));
        }
    }

    /**
     * A network failure of a bounded exchange as a sentence: a broken cap or the call timeout says so,
     * anything else is {@link CacheProblems#network}'s.
     */
    static CacheReadException problem(String server, CacheTarget target, Throwable e, Duration readTimeout,
                                      Duration callTimeout) {
        boolean timedOut = false;
        boolean handshake = false;
        boolean wholeCall = false;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CacheReadException already) {
                return already; // a refusal or a TLS file problem, said before anything was sent
            }
            handshake |= c instanceof CacheSockets.HandshakeTimedOut;
            wholeCall |= c instanceof CallTimedOut;
            if (c instanceof LimitExceeded l) {
                return new CacheReadException(CacheReadException.Kind.PROTOCOL, "The server at "
                        + target.description() + " " + l.getMessage() + ", so Opsdeck stopped reading it; is this"
                        + " port really " + server + "?", e);
            }
            if (c instanceof CallTimedOut && !handshake) {
                return CacheProblems.network(server, target, c, callTimeout);
            }
            timedOut |= c instanceof SocketTimeoutException;
        }
        if (handshake) {
            return new CacheReadException(CacheReadException.Kind.TIMEOUT, server + " at " + target.description()
                    + " did not answer the TLS handshake within " + CacheProblems.seconds(wholeCall ? callTimeout
                    : readTimeout) + "; is TLS on for this port (redis-server --tls-port, memcached -Z)? A server"
                    + " without TLS there waits for a command and never answers. Else check that it is not overloaded", e);
        }
        CacheReadException tls = timedOut ? null : CacheTlsContexts.problem(server, target, e);
        return tls != null ? tls : CacheProblems.network(server, target, e, readTimeout);
    }

    /**
     * {@code socket} reading through a stream that checks the call timeout on every read (no byte cap):
     * what a TLS handshake reads from, so that one that never finishes ends at the deadline.
     */
    static Socket timed(Socket socket, Duration callTimeout) throws IOException {
        return new GuardedSocket(socket, new Timed(socket.getInputStream(), callTimeout));
    }

    /** Sockets from {@code delegate} whose input is checked against the RESP caps and the call timeout. */
    static JedisSocketFactory redis(JedisSocketFactory delegate, Duration callTimeout) {
        return () -> {
            Socket socket = delegate.createSocket();
            try {
                return new GuardedSocket(socket, new RespGuard(socket.getInputStream(), callTimeout));
            } catch (IOException e) {
                closeQuietly(socket);
                throw new JedisConnectionException(e);
            }
        };
    }

    /** A stream for line protocols (Memcached's text protocol): bytes and time bounded. */
    static LineReader lines(InputStream in, Duration callTimeout) {
        return new LineReader(in, callTimeout);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a socket that failed to set up
        }
    }

    /** Counts bytes and checks the deadline on every read. */
    private abstract static class Bounded extends FilterInputStream {
        private final long deadline;
        private final Duration callTimeout;
        private long total;

        Bounded(InputStream in, Duration callTimeout) {
            super(in);
            this.callTimeout = callTimeout;
            this.deadline = System.nanoTime() + callTimeout.toNanos();
        }

        void checkTime() throws CallTimedOut {
            if (System.nanoTime() - deadline > 0) {
                throw new CallTimedOut(callTimeout);
            }
        }

        void count(int n) throws LimitExceeded {
            total += n;
            if (total > MAX_REPLY_BYTES) {
                throw new LimitExceeded("sent more than " + size(MAX_REPLY_BYTES) + " in answer to one command");
            }
        }
    }

    /** Only the deadline. */
    private static final class Timed extends Bounded {
        Timed(InputStream in, Duration callTimeout) {
            super(in, callTimeout);
        }

        @Override
        public int read() throws IOException {
            checkTime();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkTime();
            return in.read(b, off, len);
        }
    }

    /** Reads lines of at most {@link #MAX_LINE_BYTES}, ending in LF (a CR before it is dropped). */
    static final class LineReader extends Bounded {
        private final byte[] line = new byte[MAX_LINE_BYTES];

        LineReader(InputStream in, Duration callTimeout) {
            super(in.markSupported() ? in : new java.io.BufferedInputStream(in, 8192), callTimeout);
        }

        /** The next line without its end, as UTF-8; null at the end of the stream. */
        String readLine() throws IOException {
            int n = 0;
            while (true) {
                checkTime();
                int b = in.read();
                if (b < 0) {
                    return n == 0 ? null : text(n);
                }
                count(1);
                if (b == '\n') {
                    return text(n > 0 && line[n - 1] == '\r' ? n - 1 : n);
                }
                if (n == line.length) {
                    throw new LimitExceeded("sent a line longer than " + size(MAX_LINE_BYTES) + " without ending it");
                }
                line[n++] = (byte) b;
            }
        }

        private String text(int n) {
            return new String(line, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Follows RESP2/RESP3 framing as the bytes pass: a type byte, a header line, and for bulk
     * strings, blob errors and verbatim strings a payload of the declared length plus CRLF.
     */
    static final class RespGuard extends Bounded {
        private enum State { TYPE, HEADER, PAYLOAD }

        private State state = State.TYPE;
        private int type;
        private int headerBytes;
        private long number;
        private boolean negative;
        private boolean digits = true;
        private long payloadLeft;

        RespGuard(InputStream in, Duration callTimeout) {
            super(in, callTimeout);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkTime();
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
                for (int i = off; i < off + n; i++) {
                    follow(b[i]);
                }
            }
            return n;
        }

        private void follow(byte b) throws LimitExceeded {
            switch (state) {
                case TYPE -> {
                    type = b;
                    headerBytes = 0;
                    number = 0;
                    negative = false;
                    digits = true;
                    state = State.HEADER;
                }
                case HEADER -> header(b);
                case PAYLOAD -> {
                    if (--payloadLeft == 0) {
                        state = State.TYPE;
                    }
                }
            }
        }

        private void header(byte b) throws LimitExceeded {
            if (++headerBytes > MAX_LINE_BYTES) {
                throw new LimitExceeded("sent a line longer than " + size(MAX_LINE_BYTES) + " without ending it");
            }
            if (b == '\n') {
                endOfHeader();
            } else if (b == '-' && headerBytes == 1) {
                negative = true;
            } else if (b >= '0' && b <= '9' && digits) {
                number = Math.min(number * 10 + (b - '0'), Long.MAX_VALUE / 100);
            } else if (b != '\r') {
                digits = false;
            }
        }

        private void endOfHeader() throws LimitExceeded {
            long declared = negative ? -number : number;
            switch (type) {
                case '$', '!', '=' -> {
                    if (declared > MAX_REPLY_BYTES) {
                        throw new LimitExceeded("declared a reply of " + declared + " bytes, more than the "
                                + size(MAX_REPLY_BYTES) + " Opsdeck reads");
                    }
                    if (digits && declared >= 0) {
                        payloadLeft = declared + 2; // the payload and its CRLF
                        state = State.PAYLOAD;
                        return;
                    }
                }
                case '*', '%', '~', '>', '|' -> {
                    if (declared > MAX_ELEMENTS) {
                        throw new LimitExceeded("declared a reply of " + declared + " elements, more than the "
                                + MAX_ELEMENTS + " Opsdeck reads");
                    }
                }
                default -> {
                    // a line of its own: status, error, integer, double, boolean, null, big number
                }
            }
            state = State.TYPE;
        }
    }

    private static String size(long bytes) {
        return io.opsdeck.services.prom.BodyLimit.size(bytes);
    }

    /** The socket Jedis created, reading through the guard. */
    private static final class GuardedSocket extends Socket {
        private final Socket socket;
        private final InputStream in;

        GuardedSocket(Socket socket, InputStream in) {
            this.socket = socket;
            this.in = in;
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            socket.setSoTimeout(timeout);
        }

        @Override
        public int getSoTimeout() throws SocketException {
            return socket.getSoTimeout();
        }

        @Override
        public boolean isConnected() {
            return socket.isConnected();
        }

        @Override
        public boolean isBound() {
            return socket.isBound();
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }

        @Override
        public boolean isInputShutdown() {
            return socket.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return socket.isOutputShutdown();
        }

        @Override
        public void shutdownInput() throws IOException {
            socket.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public synchronized void close() throws IOException {
            socket.close();
        }

        @Override
        public String toString() {
            return socket.toString();
        }
    }
}
