package dev.twine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.protocol.FakeTransport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's HTTP parser, fed byte streams directly: pipelining, split reads, bodies, closing rules, bounds. */
@Timeout(10)
class HelloHttpTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
            + "Hello, World!";
    private static final String OK_CLOSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
            + "Connection: close\r\n\r\nHello, World!";
    private static final String BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private final FakeTransport transport = new FakeTransport();
    private final HelloHttp http = new HelloHttp();

    {
        http.makeConnection(transport);
    }

    private void feed(String... chunks) {
        for (String chunk : chunks) {
            http.dataReceived(chunk.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void answersEachPipelinedRequestInOrderAndKeepsTheConnection() {
        feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(16));
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK.repeat(16));
        assertThat(transport.lost).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 13})
    void requestsSplitAnywhereAcrossReadsStillParse(int chunk) {
        String stream = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET /c HTTP/1.1\r\nHost: a\r\n\r\n";
        for (int i = 0; i < stream.length(); i += chunk) {
            feed(stream.substring(i, Math.min(stream.length(), i + chunk)));
        }
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK.repeat(3));
    }

    /** Found by the fuzzer: a head end split after "\r\n\r" must end there, not at a CRLF that follows it. */
    @Test
    void aHeadEndSplitAcrossReadsEndsAtItsFirstBlankLine() {
        feed("GET / HTTP/1.1\r\nHost: a\r\n\r", "\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK);
        assertThat(transport.lost).isFalse();
    }

    @Test
    void aBodyIsSkippedNotParsedAsARequest() {
        feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 29\r\n\r\nGET /not-a-request HTTP/1.1\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK);
    }

    @Test
    void connectionCloseIsHonoured() {
        feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\nGET /ignored HTTP/1.1\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK_CLOSE);
        assertThat(transport.lost).isTrue();
    }

    @Test
    void aLaterKeepAliveDoesNotUndoAClose() {
        feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK_CLOSE);
        assertThat(transport.lost).isTrue();
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() {
        feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK);
        assertThat(transport.lost).isFalse();
        feed("GET / HTTP/1.0\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK + OK_CLOSE);
        assertThat(transport.lost).isTrue();
    }

    @Test
    void anOversizedHeadIsRefusedWith431() {
        feed("GET / HTTP/1.1\r\n", ("X-Filler: " + "x".repeat(100) + "\r\n").repeat(90));
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 431 ");
        assertThat(transport.lost).isTrue();
    }

    @Test
    void anOversizedHeadEndingInALaterReadGetsOnly431() {
        feed("GET / HTTP/1.1\r\n" + ("X-Filler: " + "x".repeat(100) + "\r\n").repeat(70),
                ("X-More: " + "y".repeat(100) + "\r\n").repeat(10) + "\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 431 ").doesNotContain("HTTP/1.1 400");
        assertThat(transport.lost).isTrue();
    }

    @Test
    void chunkedBodiesAreRefusedRatherThanMisread() {
        feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 501 ");
        assertThat(transport.lost).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GARBAGE\r\n\r\n", "GET / FTP/1.0\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"})
    void malformedRequestsGet400AndAClose(String request) {
        feed(request);
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400 ");
        assertThat(transport.lost).isTrue();
    }

    // ---------------------------------------------------------------- RFC 9112 framing: no ambiguity to smuggle through

    @ParameterizedTest
    @ValueSource(strings = {
            // Duplicate Content-Length, identical or not: which one frames the body is exactly the smuggling question.
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 0\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello",
            // A field name is a token: no CR (once folded to '-' by the case mapping), no space before the colon.
            "POST / HTTP/1.1\r\nHost: a\r\nContent\rLength: 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length\t: 5\r\n\r\nhello",
            "GET / HTTP/1.1\r\nHost: a\r\nX(y): 1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n: empty name\r\n\r\n",
            // Content-Length is 1*DIGIT.
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n",
            // Transfer-Encoding with Content-Length: RFC 9112 6.3 says reject, whatever the coding.
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: identity\r\n\r\nhello",
            // Transfer-Encoding in HTTP/1.0: faulty framing (RFC 9112 6.1).
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            // obs-fold, including whitespace before the first field.
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n folded\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\t0\r\n\r\nhello",
            "GET / HTTP/1.1\r\n Host: a\r\n\r\n",
            // Bare CR, NUL and other controls in a field value.
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\0c\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u007fc\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\r\n\r\n",
            // Bare LF line endings (refused, see HelloHttp): anywhere, at once rather than waiting for CRLFCRLF.
            "GET / HTTP/1.1\nHost: a\n\n",
            "GET / HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n",
            "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
            // Request line: a token method, one SP each side of a target of visible characters, HTTP/DIGIT.DIGIT.
            "G@T / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.x\r\nHost: a\r\n\r\n",
            "GET / http/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
            " GET / HTTP/1.1\r\nHost: a\r\n\r\n",
            // HTTP/1.1 needs exactly one Host (RFC 9112 3.2).
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n"})
    void ambiguousFramingGets400AndAClose(String request) {
        feed(request + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.ISO_8859_1)).isEqualTo(BAD_REQUEST);
        assertThat(transport.lost).isTrue();
    }

    @Test
    void aBareLfIsRefusedEvenWhenItArrivesAloneInItsOwnRead() {
        feed("GET / HTTP/1.1\r", "\nHost: a", "\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(BAD_REQUEST);
        assertThat(transport.lost).isTrue();
    }

    @Test
    void validNeighboursOfTheRefusedShapesAreServed() {
        feed("POST / HTTP/1.1\r\nHost: a\r\ncontent-LENGTH:\t0005 \r\n\r\nhello",
                "GET /q?a=1&b=%20 HTTP/1.1\r\nHOST: a\r\nX-Token!#$%&'*+-.^_`|~09: v\u00e9\tw\r\n\r\n",
                "GET / HTTP/1.9\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.0\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK.repeat(3) + OK_CLOSE);
    }

    @Test
    void anotherMajorVersionGets505() {
        feed("GET / HTTP/2.0\r\nHost: a\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 505 ");
        assertThat(transport.lost).isTrue();
    }

    @Test
    void tooManyHeaderFieldsGet431() {
        feed("GET / HTTP/1.1\r\nHost: a\r\n" + "X:1\r\n".repeat(HelloHttp.MAX_HEADERS) + "\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 431 ");
        assertThat(transport.lost).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1048577", "99999999999999999999999999"})
    void aBodyLargerThanTheBoundGets413(String length) {
        feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + "\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 413 ");
        assertThat(transport.lost).isTrue();
    }

    @Test
    void aBodyAtTheBoundIsSkipped() {
        feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + HelloHttp.MAX_BODY + "\r\n\r\n",
                "x".repeat((int) HelloHttp.MAX_BODY), "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK.repeat(2));
    }
}
