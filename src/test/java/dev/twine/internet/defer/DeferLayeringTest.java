package dev.twine.internet.defer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.scheduling.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code defer} sits below {@code interfaces} (whose reactor interfaces return Deferreds), so it must not refer to
 * {@code interfaces} itself: {@code addTimeout} takes the small {@link Scheduler} from {@code scheduling}, which
 * refers to neither. Checked on the compiled classes, whose constant pools name every class they use.
 */
class DeferLayeringTest {
    @Test
    void deferDoesNotReferToInterfaces() {
        for (Path c : classesOf(Deferred.class)) {
            assertThat(constantPoolText(c)).as("%s", c.getFileName()).doesNotContain("dev/twine/internet/interfaces/");
        }
    }

    @Test
    void schedulingRefersToNeitherDeferNorInterfaces() {
        for (Path c : classesOf(Scheduler.class)) {
            assertThat(constantPoolText(c)).as("%s", c.getFileName())
                    .doesNotContain("dev/twine/internet/interfaces/").doesNotContain("dev/twine/internet/defer/");
        }
    }

    private static List<Path> classesOf(Class<?> inPackage) {
        try {
            Path root = Path.of(inPackage.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = root.resolve(inPackage.getPackageName().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> classes = files.filter(p -> p.toString().endsWith(".class")).toList();
                assertThat(classes).as("classes in %s", dir).isNotEmpty();
                return classes;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static String constantPoolText(Path classFile) {
        try {
            // Class names are stored as modified UTF-8, which is plain ASCII for these names.
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
