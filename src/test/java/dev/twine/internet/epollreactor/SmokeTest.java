package dev.twine.internet.epollreactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.testing.ResourceSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SmokeTest {
    @Test
    void callLaterThenStop() {
        ResourceSnapshot before = ResourceSnapshot.take();
        List<String> log = new ArrayList<>();
        try (EPollReactor reactor = new EPollReactor()) {
            reactor.callLater(0.01, () -> log.add("b"));
            reactor.callLater(0.0, () -> log.add("a"));
            reactor.callLater(0.02, reactor::stop);
            reactor.run(false);
        }
        assertThat(log).containsExactly("a", "b");
        before.assertNothingLeaked();
    }
}
