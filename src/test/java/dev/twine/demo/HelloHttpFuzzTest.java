package dev.twine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twine.internet.protocol.FakeTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing (Jazzer) of the HTTP demo's request parser, the part of Twine that reads bytes from
 * strangers. Each input is a byte stream plus places to cut it into reads; the properties: the parser never
 * throws, answers only with whole responses it knows, writes nothing after a response that closes, and says
 * exactly the same whether the stream arrives in one read or in pieces; and a first request whose framing is
 * ambiguous (the request-smuggling shapes of RFC 9112: a field name that is not a token or has whitespace before
 * its colon, a second or non-numeric Content-Length, Transfer-Encoding with Content-Length, obs-fold, a bare CR,
 * LF or NUL) is never answered 200, but refused with 400 and a close.
 *
 * <p>{@code mvn verify} fuzzes for {@code maxDuration}; the inputs under {@code src/test/resources} (seeds and any
 * finding) are replayed on every run. {@code ./twine fuzz N} fuzzes N rounds for a longer search.
 */
class HelloHttpFuzzTest {
    private static final List<String> RESPONSES = List.of(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!",
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\n"
                    + "Hello, World!",
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    private static final String BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    /** A well-formed HTTP/1.x request line, written apart from the parser's own checks. */
    private static final Pattern REQUEST_LINE = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+ [\\x21-\\x7e]+ HTTP/1\\.[0-9]");
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    /** What the parser did with a stream: everything written and whether it closed. */
    private record Outcome(String written, boolean closed) {
    }

    @FuzzTest(maxDuration = "30s")
    void oneReadOrManyTheParserSaysTheSame(FuzzedDataProvider data) {
        int[] cuts = new int[data.consumeInt(0, 32)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 20_000);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        Outcome whole = feed(stream, new int[0]);
        Outcome pieces = feed(stream, cuts);
        assertThat(pieces).isEqualTo(whole);
        checkResponses(whole);
        checkFraming(stream, whole);
    }

    /**
     * The smuggling property, judged by an oracle written independently of the parser (on the first head only, so
     * that bodies need no framing here): an ambiguous head is refused with exactly 400 and a close.
     */
    private static void checkFraming(byte[] stream, Outcome outcome) {
        String text = new String(stream, StandardCharsets.ISO_8859_1);
        int blank = text.indexOf("\r\n\r\n");
        int bareLf = firstBareLf(text);
        if (bareLf >= 0 && (blank < 0 || bareLf < blank + 3)) {
            if (bareLf < HelloHttp.MAX_HEAD) {
                assertThat(outcome.written()).as("a bare LF is refused").isEqualTo(BAD_REQUEST);
            }
            return;
        }
        if (blank < 0 || blank + 4 > HelloHttp.MAX_HEAD) {
            return;
        }
        String[] lines = text.substring(0, blank).split("\r\n", -1);
        if (lines.length - 1 > HelloHttp.MAX_HEADERS || !REQUEST_LINE.matcher(lines[0]).matches()) {
            return; // other refusals (431, 400, 505) are checked by checkResponses
        }
        String ambiguity = ambiguity(lines);
        if (ambiguity != null) {
            assertThat(outcome.written()).as("refused: %s", ambiguity).isEqualTo(BAD_REQUEST);
            assertThat(outcome.closed()).isTrue();
        }
    }

    /** What makes the head of these lines ambiguous to frame, or null if nothing does. */
    private static String ambiguity(String[] lines) {
        int contentLengths = 0;
        boolean transferEncoding = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                return "a bare CR or a NUL";
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                return "obs-fold";
            }
            int colon = line.indexOf(':');
            if (colon < 0 || !FIELD_NAME.matcher(line.substring(0, colon)).matches()) {
                return "a field name that is not a token directly followed by its colon: " + line;
            }
            String name = line.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("content-length")) {
                contentLengths++;
                if (contentLengths > 1) {
                    return "a second Content-Length";
                }
                if (!value.matches("[0-9]+")) {
                    return "a Content-Length that is not 1*DIGIT: " + value;
                }
            } else if (name.equals("transfer-encoding")) {
                transferEncoding = true;
            }
        }
        return transferEncoding && contentLengths > 0 ? "Transfer-Encoding with Content-Length" : null;
    }

    private static int firstBareLf(String text) {
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (i == 0 || text.charAt(i - 1) != '\r') {
                return i;
            }
        }
        return -1;
    }

    private static Outcome feed(byte[] stream, int[] cuts) {
        FakeTransport transport = new FakeTransport();
        HelloHttp http = new HelloHttp();
        http.makeConnection(transport);
        int[] at = Arrays.stream(cuts).map(c -> Math.min(c, stream.length)).sorted().toArray();
        int from = 0;
        for (int cut : at) {
            if (cut > from) {
                http.dataReceived(Arrays.copyOfRange(stream, from, cut));
                from = cut;
            }
        }
        if (from < stream.length || stream.length == 0) {
            http.dataReceived(Arrays.copyOfRange(stream, from, stream.length));
        }
        return new Outcome(transport.written.toString(StandardCharsets.ISO_8859_1), transport.lost);
    }

    private static void checkResponses(Outcome outcome) {
        String rest = outcome.written();
        boolean closes = false;
        while (!rest.isEmpty()) {
            assertThat(closes).as("nothing written after a response that closes").isFalse();
            String remaining = rest;
            String next = RESPONSES.stream().filter(remaining::startsWith).findFirst().orElse(null);
            assertThat(next).as("a whole, known response at: %s", remaining).isNotNull();
            closes = next.contains("Connection: close");
            rest = rest.substring(next.length());
        }
        assertThat(outcome.closed()).as("closed exactly when a response said so").isEqualTo(closes);
    }
}
