package dev.twine.demo;

import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal, honest HTTP/1.1 responder: it parses every request (request line, headers, a Content-Length body)
 * and answers each with "Hello, World!", one response per request in order, so pipelining works. It keeps the
 * connection open unless the client asks otherwise ({@code Connection: close}, or HTTP/1.0 without
 * {@code keep-alive}). Bounds, so a slow or hostile client cannot hold memory: a request head may be at most
 * {@link #MAX_HEAD} bytes (431 otherwise), and {@link HelloHttpFactory} closes connections idle for its timeout
 * and those whose request head takes longer than that to arrive (one byte at a time, say).
 * Chunked request bodies are refused with 501 rather than misread.
 */
public final class HelloHttp extends Protocol {
    /** The largest request line plus headers accepted. */
    public static final int MAX_HEAD = 8192;

    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK_KEEP_ALIVE = response("200 OK", false);
    private static final byte[] OK_CLOSE = response("200 OK", true);
    private static final byte[] BAD_REQUEST = error("400 Bad Request");
    private static final byte[] TOO_LARGE = error("431 Request Header Fields Too Large");
    private static final byte[] NOT_IMPLEMENTED = error("501 Not Implemented");

    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IDENTITY = "identity".getBytes(StandardCharsets.US_ASCII);

    /** Bytes of a request head that arrived split over reads; null while nothing is pending. */
    private byte[] partial;
    private int partialLength;
    /** Body bytes of the current request still to skip. */
    private long bodyRemaining;
    private boolean closing;
    long lastActivityNanos = System.nanoTime();
    /** When the request head now arriving in pieces began (0: none is pending), so dribbling cannot last. */
    long headStartedNanos;
    long requests;

    private static byte[] response(String status, boolean close) {
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length + "\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + BODY.length);
        System.arraycopy(BODY, 0, all, headBytes.length, BODY.length);
        return all;
    }

    private static byte[] error(String status) {
        return ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void connectionMade() {
        if (factory() instanceof HelloHttpFactory f) {
            f.opened(this);
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        if (factory() instanceof HelloHttpFactory f) {
            f.closed(this);
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        lastActivityNanos = System.nanoTime();
        int i = 0;
        while (i < data.length && !closing) {
            if (bodyRemaining > 0) {
                int skip = (int) Math.min(bodyRemaining, data.length - i);
                bodyRemaining -= skip;
                i += skip;
                continue;
            }
            int end = headEnd(data, i);
            if (end < 0) {
                keepPartial(data, i, data.length - i);
                return;
            }
            if (partial != null) {
                keepPartial(data, i, end - i);
                if (closing) {
                    return; // the head grew past MAX_HEAD: 431 was sent
                }
                byte[] head = partial;
                int length = partialLength;
                partial = null;
                partialLength = 0;
                headStartedNanos = 0;
                handleHead(head, 0, length);
            } else {
                handleHead(data, i, end);
            }
            i = end;
        }
    }

    /** The index just past the blank line ending the head that starts at {@code from}, or -1. */
    private int headEnd(byte[] data, int from) {
        // A head split across reads may have its CRLFCRLF split too: check across the seam.
        if (partial != null) {
            // Most bytes on the kept side first: that is the earliest end in the stream, where a later seam match
            // (fewer kept bytes) would swallow a following CRLF into this head.
            for (int k = Math.min(3, partialLength); k >= 1; k--) {
                int need = 4 - k;
                if (data.length - from >= need && endsBlank(partial, partialLength - k, data, from, k)) {
                    return from + need;
                }
            }
        }
        for (int j = from; j + 3 < data.length; j++) {
            if (data[j] == '\r' && data[j + 1] == '\n' && data[j + 2] == '\r' && data[j + 3] == '\n') {
                return j + 4;
            }
        }
        return -1;
    }

    private static boolean endsBlank(byte[] a, int aFrom, byte[] b, int bFrom, int inA) {
        byte[] crlfcrlf = {'\r', '\n', '\r', '\n'};
        for (int k = 0; k < 4; k++) {
            byte c = k < inA ? a[aFrom + k] : b[bFrom + k - inA];
            if (c != crlfcrlf[k]) {
                return false;
            }
        }
        return true;
    }

    private void keepPartial(byte[] data, int from, int length) {
        if (partialLength + length > MAX_HEAD) {
            fail(TOO_LARGE);
            return;
        }
        if (partial == null) {
            headStartedNanos = lastActivityNanos;
            partial = new byte[Math.max(256, length)];
        } else if (partial.length < partialLength + length) {
            partial = Arrays.copyOf(partial, Math.min(MAX_HEAD, Math.max(partialLength + length, partial.length * 2)));
        }
        System.arraycopy(data, from, partial, partialLength, length);
        partialLength += length;
    }

    /** Parses the head in {@code buf[from, end)} (ending in CRLFCRLF) and answers it. */
    private void handleHead(byte[] buf, int from, int end) {
        if (end - from > MAX_HEAD) {
            fail(TOO_LARGE);
            return;
        }
        int lineEnd = indexOfCrlf(buf, from, end);
        // Request line: METHOD SP target SP HTTP/1.x
        int sp1 = indexOf(buf, (byte) ' ', from, lineEnd);
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, (byte) ' ', sp1 + 1, lineEnd);
        if (sp1 <= from || sp2 <= sp1 + 1 || lineEnd - sp2 - 1 != 8 || !startsWith(buf, sp2 + 1, "HTTP/1.")) {
            fail(BAD_REQUEST);
            return;
        }
        boolean http10 = buf[lineEnd - 1] == '0';
        boolean close = http10;
        long contentLength = 0;
        int line = lineEnd + 2;
        while (line < end - 2) {
            int eol = indexOfCrlf(buf, line, end);
            int colon = indexOf(buf, (byte) ':', line, eol);
            if (colon <= line) {
                fail(BAD_REQUEST);
                return;
            }
            int v = colon + 1;
            while (v < eol && (buf[v] == ' ' || buf[v] == '\t')) {
                v++;
            }
            int vEnd = eol;
            while (vEnd > v && (buf[vEnd - 1] == ' ' || buf[vEnd - 1] == '\t')) {
                vEnd--;
            }
            if (nameIs(buf, line, colon, CONNECTION)) {
                if (containsToken(buf, v, vEnd, CLOSE)) {
                    close = true;
                } else if (containsToken(buf, v, vEnd, KEEP_ALIVE)) {
                    close = false;
                }
            } else if (nameIs(buf, line, colon, CONTENT_LENGTH)) {
                contentLength = parseLength(buf, v, vEnd);
                if (contentLength < 0) {
                    fail(BAD_REQUEST);
                    return;
                }
            } else if (nameIs(buf, line, colon, TRANSFER_ENCODING) && !containsToken(buf, v, vEnd, IDENTITY)) {
                fail(NOT_IMPLEMENTED);
                return;
            }
            line = eol + 2;
        }
        requests++;
        bodyRemaining = contentLength;
        if (close) {
            closing = true;
            transport.write(OK_CLOSE);
            transport.loseConnection();
        } else {
            transport.write(OK_KEEP_ALIVE);
        }
    }

    private void fail(byte[] response) {
        closing = true;
        partial = null;
        partialLength = 0;
        transport.write(response);
        transport.loseConnection();
    }

    private static int indexOfCrlf(byte[] buf, int from, int end) {
        for (int j = from; j + 1 < end; j++) {
            if (buf[j] == '\r' && buf[j + 1] == '\n') {
                return j;
            }
        }
        return end;
    }

    private static int indexOf(byte[] buf, byte b, int from, int end) {
        for (int j = from; j < end; j++) {
            if (buf[j] == b) {
                return j;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] buf, int at, String prefix) {
        if (at + prefix.length() > buf.length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (buf[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean nameIs(byte[] buf, int from, int end, byte[] lowerName) {
        if (end - from != lowerName.length) {
            return false;
        }
        for (int k = 0; k < lowerName.length; k++) {
            if ((buf[from + k] | 0x20) != lowerName[k] && buf[from + k] != lowerName[k]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated value {@code buf[from, end)} contains {@code lowerToken}, ignoring case. */
    private static boolean containsToken(byte[] buf, int from, int end, byte[] lowerToken) {
        int start = from;
        for (int j = from; j <= end; j++) {
            if (j == end || buf[j] == ',') {
                int a = start;
                int b = j;
                while (a < b && buf[a] == ' ') {
                    a++;
                }
                while (b > a && buf[b - 1] == ' ') {
                    b--;
                }
                if (nameIs(buf, a, b, lowerToken)) {
                    return true;
                }
                start = j + 1;
            }
        }
        return false;
    }

    private static long parseLength(byte[] buf, int from, int end) {
        if (from == end || end - from > 18) {
            return -1;
        }
        long n = 0;
        for (int j = from; j < end; j++) {
            if (buf[j] < '0' || buf[j] > '9') {
                return -1;
            }
            n = n * 10 + (buf[j] - '0');
        }
        return n;
    }
}
