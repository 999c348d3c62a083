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

    private final FakeTransport transport = new FakeTransport();
    private final HelloHttp http = new HelloHttp();

    {
        http.makeConnection(transport);
    }

    private void feed(String... chunks) {
        for (String chunk : chunks) {
            http.dataReceived(chunk.getBytes(StandardCharsets.US_ASCII));
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
        String stream = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /c HTTP/1.1\r\n\r\n";
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
        feed("POST / HTTP/1.1\r\nContent-Length: 29\r\n\r\nGET /not-a-request HTTP/1.1\r\n");
        assertThat(transport.written.toString(StandardCharsets.US_ASCII)).isEqualTo(OK);
    }

    @Test
    void connectionCloseIsHonoured() {
        feed("GET / HTTP/1.1\r\nConnection: Close\r\n\r\nGET /ignored HTTP/1.1\r\n\r\n");
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
        feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
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
}
