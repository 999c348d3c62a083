package dev.twine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twine.internet.protocol.FakeTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the HTTP demo's request parser, the part of Twine that reads bytes from
 * strangers. Each input is a byte stream plus places to cut it into reads; the properties: the parser never
 * throws, answers only with whole responses it knows, writes nothing after a response that closes, and says
 * exactly the same whether the stream arrives in one read or in pieces.
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
            "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

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
