package dev.twine.bench.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parsing rules of Twine's demo responder ({@code dev.twine.demo.HelloHttp}), over a {@link ByteBuffer} so the
 * NIO and Netty peers of the wrk benchmark parse exactly as Twine does: each request head up to CRLFCRLF (at most
 * {@link #MAX_HEAD} bytes, 431 otherwise), {@code Connection: close} and HTTP/1.0 honoured, Content-Length bodies
 * skipped, chunked bodies refused with 501, one response per request in order (so pipelining works). A head split
 * over reads is copied aside until its end arrives; whole heads are parsed in place. One parser per connection;
 * the subclass writes the responses.
 */
public abstract class HelloParser {
    public static final int MAX_HEAD = 8192;

    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    /** Byte for byte the responses of HelloHttp. */
    public static final byte[] OK_KEEP_ALIVE = response("200 OK", false);
    public static final byte[] OK_CLOSE = response("200 OK", true);
    public static final byte[] BAD_REQUEST = error("400 Bad Request");
    public static final byte[] TOO_LARGE = error("431 Request Header Fields Too Large");
    public static final byte[] NOT_IMPLEMENTED = error("501 Not Implemented");

    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IDENTITY = "identity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    private byte[] partial;
    private int partialLength;
    private long bodyRemaining;
    /** Set once a response that closes the connection was sent: further input is ignored. */
    protected boolean closing;
    public long requests;

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

    /** Answers one request: {@link #OK_KEEP_ALIVE}, or {@link #OK_CLOSE} and then closes once written. */
    protected abstract void respond(boolean close);

    /** Writes {@code response} (an error), then closes once written. */
    protected abstract void fail(byte[] response);

    /** Parses {@code buf[from, end)} (absolute indices; position and limit are ignored and left alone). */
    public final void feed(ByteBuffer buf, int from, int end) {
        int i = from;
        while (i < end && !closing) {
            if (bodyRemaining > 0) {
                int skip = (int) Math.min(bodyRemaining, end - i);
                bodyRemaining -= skip;
                i += skip;
                continue;
            }
            int headEnd = headEnd(buf, i, end);
            if (headEnd < 0) {
                keepPartial(buf, i, end - i);
                return;
            }
            if (partial != null) {
                keepPartial(buf, i, headEnd - i);
                if (closing) {
                    return;
                }
                ByteBuffer head = ByteBuffer.wrap(partial);
                int length = partialLength;
                partial = null;
                partialLength = 0;
                handleHead(head, 0, length);
            } else {
                handleHead(buf, i, headEnd);
            }
            i = headEnd;
        }
    }

    private int headEnd(ByteBuffer buf, int from, int end) {
        if (partial != null) {
            // Most bytes on the kept side first: that is the earliest end in the stream, where a later seam match
            // (fewer kept bytes) would swallow a following CRLF into this head.
            for (int k = Math.min(3, partialLength); k >= 1; k--) {
                int need = 4 - k;
                if (end - from >= need && endsBlank(buf, from, k)) {
                    return from + need;
                }
            }
        }
        for (int j = from; j + 3 < end; j++) {
            if (buf.get(j) == '\r' && buf.get(j + 1) == '\n' && buf.get(j + 2) == '\r' && buf.get(j + 3) == '\n') {
                return j + 4;
            }
        }
        return -1;
    }

    /** Whether the last {@code inPartial} bytes kept aside and the first of {@code buf} from {@code from} are CRLFCRLF. */
    private boolean endsBlank(ByteBuffer buf, int from, int inPartial) {
        for (int k = 0; k < 4; k++) {
            byte c = k < inPartial ? partial[partialLength - inPartial + k] : buf.get(from + k - inPartial);
            if (c != (k % 2 == 0 ? '\r' : '\n')) {
                return false;
            }
        }
        return true;
    }

    private void keepPartial(ByteBuffer buf, int from, int length) {
        if (partialLength + length > MAX_HEAD) {
            failAndReset(TOO_LARGE);
            return;
        }
        if (partial == null) {
            partial = new byte[Math.max(256, length)];
        } else if (partial.length < partialLength + length) {
            partial = Arrays.copyOf(partial, Math.min(MAX_HEAD, Math.max(partialLength + length, partial.length * 2)));
        }
        buf.get(from, partial, partialLength, length);
        partialLength += length;
    }

    private void handleHead(ByteBuffer buf, int from, int end) {
        if (end - from > MAX_HEAD) {
            failAndReset(TOO_LARGE);
            return;
        }
        int lineEnd = indexOfCrlf(buf, from, end);
        int sp1 = indexOf(buf, (byte) ' ', from, lineEnd);
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, (byte) ' ', sp1 + 1, lineEnd);
        if (sp1 <= from || sp2 <= sp1 + 1 || lineEnd - sp2 - 1 != 8 || !startsWith(buf, sp2 + 1, end, HTTP_1)) {
            failAndReset(BAD_REQUEST);
            return;
        }
        boolean close = buf.get(lineEnd - 1) == '0';
        long contentLength = 0;
        int line = lineEnd + 2;
        while (line < end - 2) {
            int eol = indexOfCrlf(buf, line, end);
            int colon = indexOf(buf, (byte) ':', line, eol);
            if (colon <= line) {
                failAndReset(BAD_REQUEST);
                return;
            }
            int v = colon + 1;
            while (v < eol && (buf.get(v) == ' ' || buf.get(v) == '\t')) {
                v++;
            }
            int vEnd = eol;
            while (vEnd > v && (buf.get(vEnd - 1) == ' ' || buf.get(vEnd - 1) == '\t')) {
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
                    failAndReset(BAD_REQUEST);
                    return;
                }
            } else if (nameIs(buf, line, colon, TRANSFER_ENCODING) && !containsToken(buf, v, vEnd, IDENTITY)) {
                failAndReset(NOT_IMPLEMENTED);
                return;
            }
            line = eol + 2;
        }
        requests++;
        bodyRemaining = contentLength;
        if (close) {
            closing = true;
        }
        respond(close);
    }

    private void failAndReset(byte[] response) {
        closing = true;
        partial = null;
        partialLength = 0;
        fail(response);
    }

    private static int indexOfCrlf(ByteBuffer buf, int from, int end) {
        for (int j = from; j + 1 < end; j++) {
            if (buf.get(j) == '\r' && buf.get(j + 1) == '\n') {
                return j;
            }
        }
        return end;
    }

    private static int indexOf(ByteBuffer buf, byte b, int from, int end) {
        for (int j = from; j < end; j++) {
            if (buf.get(j) == b) {
                return j;
            }
        }
        return -1;
    }

    private static boolean startsWith(ByteBuffer buf, int at, int end, byte[] prefix) {
        if (at + prefix.length > end) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf.get(at + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean nameIs(ByteBuffer buf, int from, int end, byte[] lowerName) {
        if (end - from != lowerName.length) {
            return false;
        }
        for (int k = 0; k < lowerName.length; k++) {
            byte c = buf.get(from + k);
            if ((c | 0x20) != lowerName[k] && c != lowerName[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsToken(ByteBuffer buf, int from, int end, byte[] lowerToken) {
        int start = from;
        for (int j = from; j <= end; j++) {
            if (j == end || buf.get(j) == ',') {
                int a = start;
                int b = j;
                while (a < b && buf.get(a) == ' ') {
                    a++;
                }
                while (b > a && buf.get(b - 1) == ' ') {
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

    private static long parseLength(ByteBuffer buf, int from, int end) {
        if (from == end || end - from > 18) {
            return -1;
        }
        long n = 0;
        for (int j = from; j < end; j++) {
            byte c = buf.get(j);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
