package dev.twine.bench.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parsing rules of Twine's demo responder ({@code dev.twine.demo.HelloHttp}), over a {@link ByteBuffer} so the
 * NIO and Netty peers of the wrk benchmark parse exactly as Twine does: each request head up to CRLFCRLF (at most
 * {@link #MAX_HEAD} bytes and {@link #MAX_HEADERS} fields, 431 otherwise), framing checked as strictly as
 * HelloHttp does (RFC 9112: token names, one 1*DIGIT Content-Length of at most {@link #MAX_BODY}, no
 * Transfer-Encoding, one Host, no bare LF, CR or controls), {@code Connection: close} and HTTP/1.0 honoured,
 * Content-Length bodies skipped, one response per request in order (so pipelining works). A head split
 * over reads is copied aside until its end arrives; whole heads are parsed in place. One parser per connection;
 * the subclass writes the responses.
 */
public abstract class HelloParser {
    public static final int MAX_HEAD = 8192;
    public static final int MAX_HEADERS = 100;
    public static final long MAX_BODY = 1 << 20;

    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    /** Byte for byte the responses of HelloHttp. */
    public static final byte[] OK_KEEP_ALIVE = response("200 OK", false);
    public static final byte[] OK_CLOSE = response("200 OK", true);
    public static final byte[] BAD_REQUEST = error("400 Bad Request");
    public static final byte[] TOO_LARGE = error("431 Request Header Fields Too Large");
    public static final byte[] NOT_IMPLEMENTED = error("501 Not Implemented");
    public static final byte[] CONTENT_TOO_LARGE = error("413 Content Too Large");
    public static final byte[] VERSION_NOT_SUPPORTED = error("505 HTTP Version Not Supported");

    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST = "host".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_SLASH = "HTTP/".getBytes(StandardCharsets.US_ASCII);
    /** RFC 9110 tchar, indexed by byte value. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
            TCHAR[c | 0x20] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private byte[] partial;
    private int partialLength;
    private long bodyRemaining;
    /** Set by {@link #headEnd}: the head it found ends at a bare LF, which is refused. */
    private boolean bareLf;
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
            boolean malformed = bareLf;
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
                handleHead(head, 0, length, malformed);
            } else {
                handleHead(buf, i, headEnd, malformed);
            }
            i = headEnd;
        }
    }

    /**
     * The index just past the head that starts at {@code from}: past its blank line, or past a bare LF (then
     * {@link #bareLf} is set); -1 while neither has arrived. Kept bytes count as preceding {@code from}.
     */
    private int headEnd(ByteBuffer buf, int from, int end) {
        for (int j = from; j < end; j++) {
            if (buf.get(j) == '\n') {
                if (before(buf, from, j, 1) != '\r') {
                    bareLf = true;
                    return j + 1;
                }
                if (before(buf, from, j, 2) == '\n') {
                    bareLf = false;
                    return j + 1;
                }
            }
        }
        return -1;
    }

    private int before(ByteBuffer buf, int from, int j, int back) {
        int p = j - back;
        if (p >= from) {
            return buf.get(p) & 0xFF;
        }
        int q = partialLength - (from - p);
        return partial != null && q >= 0 ? partial[q] & 0xFF : -1;
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

    private void handleHead(ByteBuffer buf, int from, int end, boolean bareLf) {
        if (end - from > MAX_HEAD) {
            failAndReset(TOO_LARGE);
            return;
        }
        if (bareLf) {
            failAndReset(BAD_REQUEST);
            return;
        }
        int lineEnd = indexOfCrlf(buf, from, end);
        int sp1 = skipTchars(buf, from, lineEnd);
        int sp2 = sp1 + 1;
        while (sp2 < lineEnd && buf.get(sp2) > ' ' && buf.get(sp2) < 0x7F) {
            sp2++;
        }
        int version = sp2 + 1;
        if (sp1 == from || sp1 >= lineEnd || buf.get(sp1) != ' ' || sp2 == sp1 + 1 || sp2 >= lineEnd
                || buf.get(sp2) != ' ' || lineEnd - version != 8 || !startsWith(buf, version, end, HTTP_SLASH)
                || !isDigit(buf.get(version + 5)) || buf.get(version + 6) != '.' || !isDigit(buf.get(version + 7))) {
            failAndReset(BAD_REQUEST);
            return;
        }
        if (buf.get(version + 5) != '1') {
            failAndReset(VERSION_NOT_SUPPORTED);
            return;
        }
        boolean http10 = buf.get(version + 7) == '0';
        boolean close = http10;
        // Once a "close" is seen it stays: a later "keep-alive" must not undo it (either may come first).
        boolean closeAsked = false;
        long contentLength = -1;
        boolean transferEncoding = false;
        int hosts = 0;
        int fields = 0;
        int line = lineEnd + 2;
        while (line < end - 2) {
            int eol = indexOfCrlf(buf, line, end);
            if (++fields > MAX_HEADERS) {
                failAndReset(TOO_LARGE);
                return;
            }
            int colon = skipTchars(buf, line, eol);
            if (colon == line || colon >= eol || buf.get(colon) != ':') {
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
            for (int k = v; k < vEnd; k++) {
                int c = buf.get(k) & 0xFF;
                if ((c < ' ' && c != '\t') || c == 0x7F) {
                    failAndReset(BAD_REQUEST);
                    return;
                }
            }
            if (nameIs(buf, line, colon, CONNECTION)) {
                if (containsToken(buf, v, vEnd, CLOSE)) {
                    close = true;
                    closeAsked = true;
                } else if (!closeAsked && containsToken(buf, v, vEnd, KEEP_ALIVE)) {
                    close = false;
                }
            } else if (nameIs(buf, line, colon, CONTENT_LENGTH)) {
                if (contentLength >= 0) {
                    failAndReset(BAD_REQUEST);
                    return;
                }
                contentLength = parseLength(buf, v, vEnd);
                if (contentLength < 0) {
                    failAndReset(BAD_REQUEST);
                    return;
                }
            } else if (nameIs(buf, line, colon, TRANSFER_ENCODING)) {
                transferEncoding = true;
            } else if (nameIs(buf, line, colon, HOST)) {
                hosts++;
            }
            line = eol + 2;
        }
        if (hosts > 1 || (hosts == 0 && !http10)) {
            failAndReset(BAD_REQUEST);
            return;
        }
        if (transferEncoding) {
            failAndReset(contentLength >= 0 || http10 ? BAD_REQUEST : NOT_IMPLEMENTED);
            return;
        }
        if (contentLength > MAX_BODY) {
            failAndReset(CONTENT_TOO_LARGE);
            return;
        }
        requests++;
        bodyRemaining = Math.max(0, contentLength);
        if (close) {
            closing = true;
        }
        respond(close);
    }

    private static int skipTchars(ByteBuffer buf, int from, int end) {
        int j = from;
        while (j < end && TCHAR[buf.get(j) & 0xFF]) {
            j++;
        }
        return j;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
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
            int c = buf.get(from + k);
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            if (c != lowerName[k]) {
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
                while (a < b && (buf.get(a) == ' ' || buf.get(a) == '\t')) {
                    a++;
                }
                while (b > a && (buf.get(b - 1) == ' ' || buf.get(b - 1) == '\t')) {
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

    /** {@code 1*DIGIT}: its value (saturated just past {@link #MAX_BODY}), or -1 if it is not one. */
    private static long parseLength(ByteBuffer buf, int from, int end) {
        if (from == end) {
            return -1;
        }
        long n = 0;
        for (int j = from; j < end; j++) {
            byte c = buf.get(j);
            if (!isDigit(c)) {
                return -1;
            }
            n = Math.min(MAX_BODY + 1, n * 10 + (c - '0'));
        }
        return n;
    }
}
