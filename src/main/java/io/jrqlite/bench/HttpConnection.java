package io.jrqlite.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/**
 * A minimal HTTP/1.1 client over one keep-alive socket, made for sending the same request many times with as little
 * client overhead as possible: no per-request allocation on the happy path, no thread hand-offs. Reads
 * Content-Length, chunked and read-until-close bodies. Speaks HTTPS when given a {@link ClientTls}: the handshake
 * happens when the connection opens. Not thread-safe: one connection per worker.
 */
final class HttpConnection implements Closeable {

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 64 * 1024;

    private final InetSocketAddress address;
    private final ClientTls tls;
    private final boolean newConnections;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean used;

    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private byte[] line = new byte[256];
    private int lineLen;
    private byte[] body = new byte[4 * 1024];
    private int bodyLen;

    HttpConnection(InetSocketAddress address) {
        this(address, null, false);
    }

    /**
     * @param tls null for plain HTTP
     * @param newConnections one connection per request (-new-conn); with TLS each is a full handshake, because the
     *     session is invalidated on close (the JDK client would otherwise resume it, skipping the certificate and
     *     the key exchange's signature)
     */
    HttpConnection(InetSocketAddress address, ClientTls tls, boolean newConnections) {
        this.address = address;
        this.tls = tls;
        this.newConnections = newConnections;
    }

    /** Finds the first of the target's addresses that accepts a connection. */
    static InetSocketAddress reachable(Target target, int timeoutMillis) throws IOException {
        IOException last = null;
        for (InetAddress a : target.addresses()) {
            InetSocketAddress sa = new InetSocketAddress(a, target.port());
            try (Socket s = new Socket()) {
                s.connect(sa, timeoutMillis);
                return sa;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("cannot connect to " + target.hostHeader() + ": "
                + (last == null ? "no address" : last.getMessage()), last);
    }

    void open(int timeoutMillis) throws IOException {
        close();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, Math.max(1, timeoutMillis));
            if (tls != null) {
                s.setSoTimeout(Math.max(1, timeoutMillis)); // bounds the handshake
                s = tls.handshake(s);
            }
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
            pos = 0;
            lim = 0;
            used = false;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Sends the request and reads the whole response, reconnecting first if needed. A request that finds a reused
     * connection already closed by the server (no response byte at all) is resent once on a fresh connection.
     *
     * @return the HTTP status; the body is in {@link #body()} / {@link #bodyLength()} until the next call
     */
    int exchange(byte[] request, int timeoutMillis) throws IOException {
        if (socket == null) {
            open(timeoutMillis);
        }
        boolean reused = used;
        try {
            return roundTrip(request, timeoutMillis);
        } catch (StaleConnection e) {
            close();
            if (!reused) {
                throw new EOFException("server closed the connection without a response");
            }
            open(timeoutMillis);
            try {
                return roundTrip(request, timeoutMillis);
            } catch (StaleConnection again) {
                close();
                throw new EOFException("server closed the connection without a response");
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLen;
    }

    String bodyText() {
        return new String(body, 0, bodyLen, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (socket != null) {
            if (newConnections && socket instanceof SSLSocket ssl) {
                ssl.getSession().invalidate(); // socket is set only after a completed handshake: no new one starts
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with; nothing to report
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    private int roundTrip(byte[] request, int timeoutMillis) throws IOException {
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            if (used) {
                throw new StaleConnection();
            }
            throw e;
        }
        if (pos == lim && !firstFill()) {
            throw new StaleConnection();
        }
        int status;
        boolean keepAlive;
        do {
            readLine();
            status = parseStatus();
            keepAlive = lineLen > 8 && line[7] == '1'; // HTTP/1.1 defaults to keep-alive, 1.0 does not
            long contentLength = -1;
            boolean chunked = false;
            while (readLine() > 0) {
                int colon = indexOf(line, lineLen, (byte) ':');
                if (colon <= 0) {
                    continue;
                }
                if (nameIs(colon, CONTENT_LENGTH)) {
                    contentLength = parseLong(colon + 1, lineLen);
                } else if (nameIs(colon, TRANSFER_ENCODING)) {
                    chunked = valueContains(colon + 1, "chunked");
                } else if (nameIs(colon, CONNECTION)) {
                    if (valueContains(colon + 1, "close")) {
                        keepAlive = false;
                    } else if (valueContains(colon + 1, "keep-alive")) {
                        keepAlive = true;
                    }
                }
            }
            bodyLen = 0;
            if (status >= 100 && status < 200) {
                continue; // an interim response; the real one follows
            }
            if (status == 204 || status == 304) {
                break;
            }
            if (chunked) {
                readChunked();
            } else if (contentLength >= 0) {
                readFixed(contentLength);
            } else {
                readToEnd();
                keepAlive = false;
            }
        } while (status >= 100 && status < 200);
        used = true;
        if (!keepAlive || newConnections) {
            close();
        }
        return status;
    }

    private int parseStatus() throws IOException {
        if (lineLen < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[8] != ' ') {
            throw new IOException("malformed status line: "
                    + new String(line, 0, Math.min(lineLen, 80), StandardCharsets.ISO_8859_1));
        }
        int s = 0;
        for (int i = 9; i < 12; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                throw new IOException("malformed status code");
            }
            s = s * 10 + d;
        }
        return s;
    }

    private void readFixed(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("response body too large: " + length);
        }
        ensureBody((int) length);
        int n = (int) length;
        while (bodyLen < n) {
            if (pos == lim && !fill()) {
                throw new EOFException("connection closed inside the response body");
            }
            int take = Math.min(lim - pos, n - bodyLen);
            System.arraycopy(buf, pos, body, bodyLen, take);
            pos += take;
            bodyLen += take;
        }
    }

    private void readChunked() throws IOException {
        while (true) {
            readLine();
            int end = indexOf(line, lineLen, (byte) ';');
            long size = parseHex(end < 0 ? lineLen : end);
            if (size == 0) {
                while (readLine() > 0) {
                    // trailers: ignored
                }
                return;
            }
            long target = bodyLen + size;
            if (target > Integer.MAX_VALUE - 16) {
                throw new IOException("response body too large");
            }
            ensureBody((int) target);
            while (bodyLen < target) {
                if (pos == lim && !fill()) {
                    throw new EOFException("connection closed inside a chunk");
                }
                int take = (int) Math.min(lim - pos, target - bodyLen);
                System.arraycopy(buf, pos, body, bodyLen, take);
                pos += take;
                bodyLen += take;
            }
            readLine(); // the CRLF after the chunk
        }
    }

    private void readToEnd() throws IOException {
        while (pos < lim || fill()) {
            int take = lim - pos;
            ensureBody(bodyLen + take);
            System.arraycopy(buf, pos, body, bodyLen, take);
            bodyLen += take;
            pos = lim;
        }
    }

    private void ensureBody(int size) {
        if (body.length < size) {
            byte[] bigger = new byte[Math.max(size, body.length * 2)];
            System.arraycopy(body, 0, bigger, 0, bodyLen);
            body = bigger;
        }
    }

    /** Reads one line into {@link #line} without its CRLF; returns its length. */
    private int readLine() throws IOException {
        lineLen = 0;
        while (true) {
            if (pos == lim && !fill()) {
                throw new EOFException("connection closed inside the response head");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                if (lineLen > 0 && line[lineLen - 1] == '\r') {
                    lineLen--;
                }
                return lineLen;
            }
            if (lineLen == line.length) {
                if (lineLen >= MAX_LINE) {
                    throw new IOException("response header line too long");
                }
                byte[] bigger = new byte[line.length * 2];
                System.arraycopy(line, 0, bigger, 0, lineLen);
                line = bigger;
            }
            line[lineLen++] = b;
        }
    }

    /** The first read of a response: a reset here, on a reused connection, means the server had closed it. */
    private boolean firstFill() throws IOException {
        try {
            return fill();
        } catch (java.net.SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (used) {
                throw new StaleConnection();
            }
            throw e;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private boolean nameIs(int nameEnd, byte[] lowerName) {
        if (nameEnd != lowerName.length) {
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if ((line[i] | 0x20) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean valueContains(int from, String token) {
        String v = new String(line, from, lineLen - from, StandardCharsets.ISO_8859_1);
        return v.toLowerCase(java.util.Locale.ROOT).contains(token);
    }

    private long parseLong(int from, int to) throws IOException {
        long v = 0;
        boolean any = false;
        for (int i = from; i < to; i++) {
            byte b = line[i];
            if (b == ' ' || b == '\t') {
                continue;
            }
            if (b < '0' || b > '9') {
                throw new IOException("malformed Content-Length");
            }
            v = v * 10 + (b - '0');
            any = true;
        }
        if (!any) {
            throw new IOException("malformed Content-Length");
        }
        return v;
    }

    private long parseHex(int to) throws IOException {
        long v = 0;
        boolean any = false;
        for (int i = 0; i < to; i++) {
            int b = line[i];
            int d;
            if (b >= '0' && b <= '9') {
                d = b - '0';
            } else if ((b | 0x20) >= 'a' && (b | 0x20) <= 'f') {
                d = (b | 0x20) - 'a' + 10;
            } else if (b == ' ' || b == '\t') {
                continue;
            } else {
                throw new IOException("malformed chunk size");
            }
            v = (v << 4) | d;
            any = true;
        }
        if (!any) {
            throw new IOException("malformed chunk size");
        }
        return v;
    }

    private static int indexOf(byte[] a, int len, byte b) {
        for (int i = 0; i < len; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The server closed a connection before answering; signals the one resend on reuse. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("stale connection", null);
        }
    }
}
