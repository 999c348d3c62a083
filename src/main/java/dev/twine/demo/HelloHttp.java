package dev.twine.demo;

import dev.twine.internet.protocol.FlowControl;
import dev.twine.internet.protocol.Protocol;
import dev.twine.python.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal, honest HTTP/1.1 responder: it parses every request (request line, headers, a Content-Length body)
 * and answers each with "Hello, World!", one response per request in order, so pipelining works. It keeps the
 * connection open unless the client asks otherwise ({@code Connection: close}, or HTTP/1.0 without
 * {@code keep-alive}).
 *
 * <p>Framing follows RFC 9112 strictly, so that no two readers of one byte stream can disagree on where a request
 * ends (request smuggling): a field name is a token directly followed by its colon; Content-Length is
 * {@code 1*DIGIT} and appears at most once; Transfer-Encoding is refused (501, as chunked bodies are not
 * implemented; 400 with a Content-Length or in HTTP/1.0); an HTTP/1.1 request has exactly one Host; obs-fold,
 * bare CR, NUL and other controls are refused. Lines end in CRLF: a bare LF, which RFC 9112 2.2 lets a recipient
 * take as a line end, is refused instead, since the other reader of the stream may not. Every refusal is the
 * error response and a close.
 *
 * <p>Bounds, so a slow or hostile client cannot hold memory: a request head may be at most {@link #MAX_HEAD}
 * bytes and {@link #MAX_HEADERS} fields (431 otherwise), a body at most {@link #MAX_BODY} bytes (413). The
 * connection reads only while its write queue is under the transport's high-water mark
 * ({@link FlowControl#readOnlyWhileWritable}), so a client that pipelines without reading holds one queue's worth
 * of responses, not all of them. {@link HelloHttpFactory} enforces the timeouts.
 */
public final class HelloHttp extends Protocol {
    /** The largest request line plus headers accepted. */
    public static final int MAX_HEAD = 8192;
    /** The most header fields accepted in one request. */
    public static final int MAX_HEADERS = 100;
    /** The largest Content-Length accepted. */
    public static final long MAX_BODY = 1 << 20;

    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK_KEEP_ALIVE = response("200 OK", false);
    private static final byte[] OK_CLOSE = response("200 OK", true);
    private static final byte[] BAD_REQUEST = error("400 Bad Request");
    private static final byte[] CONTENT_TOO_LARGE = error("413 Content Too Large");
    private static final byte[] TOO_LARGE = error("431 Request Header Fields Too Large");
    private static final byte[] NOT_IMPLEMENTED = error("501 Not Implemented");
    private static final byte[] VERSION_NOT_SUPPORTED = error("505 HTTP Version Not Supported");

    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST = "host".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);
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

    /** Bytes of a request head that arrived split over reads; null while nothing is pending. */
    private byte[] partial;
    private int partialLength;
    /** Set by {@link #headEnd}: the head it found ends at a bare LF, which is refused. */
    private boolean bareLf;
    /** Body bytes of the current request still to skip. */
    private long bodyRemaining;
    private boolean closing;
    /** The clocks {@link HelloHttpFactory}'s sweep bounds this connection by. */
    private final Deadlines deadlines = new Deadlines();
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
        FlowControl.readOnlyWhileWritable(transport);
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

    Deadlines deadlines() {
        return deadlines;
    }

    @Override
    public void dataReceived(byte[] data) {
        long now = System.nanoTime();
        deadlines.received(now, Deadlines.queuedBytes(transport));
        int i = 0;
        while (i < data.length && !closing) {
            deadlines.requestStarting(now);
            if (bodyRemaining > 0) {
                int skip = (int) Math.min(bodyRemaining, data.length - i);
                bodyRemaining -= skip;
                i += skip;
                if (bodyRemaining == 0) {
                    deadlines.requestDone();
                }
                continue;
            }
            int end = headEnd(data, i);
            if (end < 0) {
                keepPartial(data, i, data.length - i);
                return;
            }
            boolean malformed = bareLf;
            if (partial != null) {
                keepPartial(data, i, end - i);
                if (closing) {
                    return; // the head grew past MAX_HEAD: 431 was sent
                }
                byte[] head = partial;
                int length = partialLength;
                partial = null;
                partialLength = 0;
                handleHead(head, 0, length, malformed);
            } else {
                handleHead(data, i, end, malformed);
            }
            i = end;
        }
    }

    /**
     * The index just past the head that starts at {@code from}: past its blank line, or past a bare LF (then
     * {@link #bareLf} is set). -1 while neither has arrived. Bytes kept from earlier reads count as preceding
     * {@code from}, so a CRLFCRLF split across reads is found.
     */
    private int headEnd(byte[] data, int from) {
        for (int j = from; j < data.length; j++) {
            if (data[j] == '\n') {
                if (before(data, from, j, 1) != '\r') {
                    bareLf = true;
                    return j + 1;
                }
                // Every earlier LF of this head had its CR (or the head would have ended there): "\n\r\n" is the end.
                if (before(data, from, j, 2) == '\n') {
                    bareLf = false;
                    return j + 1;
                }
            }
        }
        return -1;
    }

    /** The byte {@code back} places before {@code data[j]} in this head's stream (kept bytes first), or -1. */
    private int before(byte[] data, int from, int j, int back) {
        int p = j - back;
        if (p >= from) {
            return data[p] & 0xFF;
        }
        int q = partialLength - (from - p);
        return partial != null && q >= 0 ? partial[q] & 0xFF : -1;
    }

    private void keepPartial(byte[] data, int from, int length) {
        if (partialLength + length > MAX_HEAD) {
            fail(TOO_LARGE);
            return;
        }
        if (partial == null) {
            partial = new byte[Math.max(256, length)];
        } else if (partial.length < partialLength + length) {
            partial = Arrays.copyOf(partial, Math.min(MAX_HEAD, Math.max(partialLength + length, partial.length * 2)));
        }
        System.arraycopy(data, from, partial, partialLength, length);
        partialLength += length;
    }

    /** Parses the head in {@code buf[from, end)} (ending in CRLFCRLF, or at a bare LF if {@code bareLf}) and answers it. */
    private void handleHead(byte[] buf, int from, int end, boolean bareLf) {
        if (end - from > MAX_HEAD) {
            fail(TOO_LARGE);
            return;
        }
        if (bareLf) {
            fail(BAD_REQUEST);
            return;
        }
        int lineEnd = indexOfCrlf(buf, from, end);
        // request-line = method SP request-target SP HTTP-version, each part exactly as RFC 9112 3 says.
        int sp1 = skipTchars(buf, from, lineEnd);
        int sp2 = sp1 + 1;
        while (sp2 < lineEnd && buf[sp2] > ' ' && buf[sp2] < 0x7F) {
            sp2++;
        }
        int version = sp2 + 1;
        if (sp1 == from || sp1 >= lineEnd || buf[sp1] != ' ' || sp2 == sp1 + 1 || sp2 >= lineEnd || buf[sp2] != ' '
                || lineEnd - version != 8 || !startsWith(buf, version, HTTP_SLASH) || !isDigit(buf[version + 5])
                || buf[version + 6] != '.' || !isDigit(buf[version + 7])) {
            fail(BAD_REQUEST);
            return;
        }
        if (buf[version + 5] != '1') {
            fail(VERSION_NOT_SUPPORTED);
            return;
        }
        boolean http10 = buf[version + 7] == '0';
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
                fail(TOO_LARGE);
                return;
            }
            // field-line = field-name ":" OWS field-value OWS; a name that is not a token directly followed by the
            // colon (whitespace before it, obs-fold, a CR inside) is refused, never guessed at.
            int colon = skipTchars(buf, line, eol);
            if (colon == line || colon >= eol || buf[colon] != ':') {
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
            for (int k = v; k < vEnd; k++) {
                int c = buf[k] & 0xFF;
                if ((c < ' ' && c != '\t') || c == 0x7F) {
                    fail(BAD_REQUEST); // bare CR, NUL and the other controls (RFC 9110 5.5)
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
                    fail(BAD_REQUEST); // even an identical duplicate: one reader's list is another's error
                    return;
                }
                contentLength = parseLength(buf, v, vEnd);
                if (contentLength < 0) {
                    fail(BAD_REQUEST);
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
            fail(BAD_REQUEST);
            return;
        }
        if (transferEncoding) {
            // With a Content-Length too, or in HTTP/1.0, the framing is faulty (RFC 9112 6.1, 6.3); otherwise it is
            // a coding (chunked) this responder does not implement.
            fail(contentLength >= 0 || http10 ? BAD_REQUEST : NOT_IMPLEMENTED);
            return;
        }
        if (contentLength > MAX_BODY) {
            fail(CONTENT_TOO_LARGE);
            return;
        }
        requests++;
        if (contentLength > 0) {
            bodyRemaining = contentLength;
        }
        if (close) {
            closing = true;
            write(OK_CLOSE);
            transport.loseConnection();
        } else {
            write(OK_KEEP_ALIVE);
        }
        if (bodyRemaining == 0) {
            deadlines.requestDone();
        }
    }

    private void write(byte[] response) {
        deadlines.writing(Deadlines.queuedBytes(transport));
        transport.write(response);
    }

    private void fail(byte[] response) {
        closing = true;
        partial = null;
        partialLength = 0;
        write(response);
        transport.loseConnection();
    }

    private static int skipTchars(byte[] buf, int from, int end) {
        int j = from;
        while (j < end && TCHAR[buf[j] & 0xFF]) {
            j++;
        }
        return j;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int indexOfCrlf(byte[] buf, int from, int end) {
        for (int j = from; j + 1 < end; j++) {
            if (buf[j] == '\r' && buf[j + 1] == '\n') {
                return j;
            }
        }
        return end;
    }

    private static boolean startsWith(byte[] buf, int at, byte[] prefix) {
        if (at + prefix.length > buf.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code buf[from, end)} is {@code lowerName} ignoring the case of letters (and only of letters). */
    private static boolean nameIs(byte[] buf, int from, int end, byte[] lowerName) {
        if (end - from != lowerName.length) {
            return false;
        }
        for (int k = 0; k < lowerName.length; k++) {
            int c = buf[from + k];
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            if (c != lowerName[k]) {
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
                while (a < b && (buf[a] == ' ' || buf[a] == '\t')) {
                    a++;
                }
                while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t')) {
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

    /** {@code 1*DIGIT}: its value (saturated just past {@link #MAX_BODY}, so no overflow), or -1 if it is not one. */
    private static long parseLength(byte[] buf, int from, int end) {
        if (from == end) {
            return -1;
        }
        long n = 0;
        for (int j = from; j < end; j++) {
            if (!isDigit(buf[j])) {
                return -1;
            }
            n = Math.min(MAX_BODY + 1, n * 10 + (buf[j] - '0'));
        }
        return n;
    }
}
