package dev.twine.internet.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the typed chain and {@code ChildFD} promise at compile time: each snippet that gets a type wrong must not
 * compile against the built classes, and the same code with the types right (or through Twisted's untyped forms)
 * must. javac runs in this JVM, once for all snippets.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeferredCompileTimeTypingTest {
    private static final String IMPORTS = "import dev.twine.internet.defer.Deferred;\n"
            + "import dev.twine.internet.interfaces.ChildFD;\n"
            + "import dev.twine.internet.interfaces.SpawnOptions;\n"
            + "import java.util.Map;\n";

    /** Each must fail to compile, in its own file. */
    private static final Map<String, String> WRONG = new LinkedHashMap<>();
    /** Each must compile. */
    private static final Map<String, String> RIGHT = new LinkedHashMap<>();

    static {
        WRONG.put("CallbackResultMismatch",
                "Deferred<Integer> x = Deferred.succeed(\"s\").addCallback(s -> \"str\");");
        WRONG.put("MethodReferenceResultMismatch",
                "Deferred<String> x = Deferred.succeed(\"s\").addCallback(String::length);");
        WRONG.put("ErrbackRecoversWithTheWrongType",
                "Deferred<Integer> x = Deferred.<Integer>fail(new Exception()).addErrback(f -> \"str\");");
        WRONG.put("ErrbackReturnsTheFailure",
                "Deferred<Integer> x = Deferred.<Integer>fail(new Exception()).addErrback(f -> f);");
        WRONG.put("DeferredFormReturnsAValue",
                "Deferred<String> x = Deferred.succeed(1).addCallbackDeferred(n -> \"str\");");
        WRONG.put("DeferredFormInnerTypeMismatch",
                "Deferred<Integer> x = Deferred.succeed(1).addCallbackDeferred(n -> Deferred.succeed(\"s\"));");
        WRONG.put("ChildFDsTwistedValueInTheTypedForm",
                "SpawnOptions o = SpawnOptions.defaults().childFDs(Map.of(0, \"w\", 1, \"r\"));");

        RIGHT.put("CallbackResultMatches",
                "Deferred<String> x = Deferred.succeed(\"s\").addCallback(s -> \"str\");\n"
                        + "Deferred<Integer> n = x.addCallback(String::length);");
        RIGHT.put("ErrbackRecoversWithTheChainsType",
                "Deferred<Integer> x = Deferred.<Integer>fail(new Exception()).addErrback(f -> 0);");
        RIGHT.put("DeferredFormCarriesTheInnerType",
                "Deferred<String> x = Deferred.succeed(1).addCallbackDeferred(n -> Deferred.succeed(\"s\"));");
        RIGHT.put("UntypedFormForPortedCode",
                "Deferred<Integer> x = Deferred.succeed(\"s\").addCallbackUntyped(s -> \"str\");\n"
                        + "Deferred<Object> y = Deferred.succeed(\"s\").addErrbackUntyped(f -> f);");
        RIGHT.put("ChildFDsTyped",
                "SpawnOptions o = SpawnOptions.defaults().childFDs(Map.of(0, ChildFD.write(), 1, ChildFD.read(),"
                        + " 3, ChildFD.inherit(7)));\n"
                        + "SpawnOptions t = SpawnOptions.defaults().childFDsUntyped(Map.of(0, \"w\", 1, \"r\", 3, 7));");
    }

    @Test
    void typeMismatchesDoNotCompileAndTheRightTypesDo(@TempDir Path dir) throws IOException {
        List<String> args = new ArrayList<>(List.of("-proc:none", "-Xlint:none", "-XDrawDiagnostics",
                "--release", "22", "-d", dir.resolve("out").toString(),
                "--class-path", classesOfTheLibrary().toString()));
        Map<String, Path> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : concat(WRONG, RIGHT).entrySet()) {
            Path file = dir.resolve(e.getKey() + ".java");
            Files.writeString(file, IMPORTS + "class " + e.getKey() + " {\n    void run() {\n        "
                    + e.getValue() + "\n    }\n}\n");
            files.put(e.getKey(), file);
            args.add(file.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(
                () -> new AssertionError("no javac in this JVM: run the tests on a JDK"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            int status = javac.run(print, print, args.toArray(String[]::new));
            assertThat(status).as("javac status").isNotZero();
        }
        String diagnostics = out.toString(StandardCharsets.UTF_8);
        // -XDrawDiagnostics prints "File.java:line:col: compiler.err.key: ..." per error.
        for (String name : WRONG.keySet()) {
            assertThat(diagnostics).as("%s must not compile:\n%s", name, diagnostics)
                    .contains(name + ".java:").containsPattern(name + "\\.java:\\d+:\\d+: compiler\\.err\\.");
        }
        for (String name : RIGHT.keySet()) {
            assertThat(diagnostics).as("%s must compile:\n%s", name, diagnostics).doesNotContain(name + ".java:");
        }
    }

    private static Map<String, String> concat(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    /** The directory (or jar) Deferred was loaded from: the library as built, not these tests. */
    private static Path classesOfTheLibrary() {
        try {
            return Path.of(Deferred.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
