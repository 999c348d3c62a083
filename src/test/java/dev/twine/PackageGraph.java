package dev.twine;

import dev.twine.internet.defer.Deferred;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layer table of docs/ARCHITECTURE.md and the package graph of the compiled main classes, shared by
 * {@link ArchitectureTest}, which checks the graph against the table, and {@link ArchitectureDiagram}, which draws it.
 *
 * <p>The graph comes from the class files' bytes: a class file names every class it uses (constant pool, descriptors,
 * signatures, and the class of each constant javac inlined), so this sees what the JVM would load; the sources'
 * import lines are added, as an unused import leaves no trace in a class file. No library: a few regular expressions
 * are shorter to keep than a test dependency.
 */
final class PackageGraph {
    private PackageGraph() {
    }

    /** A layer: its packages (below {@code dev.twine.}) and the lower layers it may not use. Bottom first. */
    record Layer(String name, List<String> packages, Set<String> mayNotUse) {
    }

    static final String BINDINGS = "bindings";
    static final String SYSCALLS = "syscall layer";

    static final List<Layer> LAYERS = List.of(
            new Layer("text codecs", List.of("internal.text"), Set.of()),
            new Layer("errors", List.of("internet.error"), Set.of()),
            new Layer(BINDINGS, List.of("internal.linux"), Set.of()),
            new Layer(SYSCALLS, List.of("internal.sys"), Set.of()),
            new Layer("API contracts", List.of("internet.scheduling", "python", "internet.defer",
                    "internet.interfaces", "internet.address", "internet.ssl"), Set.of(BINDINGS, SYSCALLS)),
            new Layer("reactor core", List.of("internet.host", "internet.abstracts", "internet.base",
                    "internet.posixbase", "internet.epollreactor"), Set.of(BINDINGS)),
            new Layer("transports", List.of("internet.tcp", "internet.udp", "internet.unix", "internet.process",
                    "protocols.tls"), Set.of(BINDINGS)),
            new Layer("protocols and user code", List.of("internet.protocol", "internet.task", "internet.threads",
                    "protocols.wire", "protocols.portforward", "demo"), Set.of(BINDINGS, SYSCALLS)));

    /** Arrows the layers allow but the design does not: from, to, why. */
    static final List<List<String>> FORBIDDEN = List.of(
            List.of("protocols.tls", "internet.abstracts", "TLS runs over any stream transport, through ITransport,"
                    + " and takes its pacing from the host (TransportHost.BUFFER_SIZE), not from the stream base class"));

    /** A class name inside a class file: the package is every lower-case segment before the class's own. */
    private static final Pattern CLASS_NAME = Pattern.compile("dev/twine/((?:[a-z0-9_]+/)*[a-z0-9_]+)/([A-Za-z0-9_$]+)");

    /** An import line: the package is every lower-case segment before the first class name. */
    private static final Pattern IMPORT = Pattern.compile(
            "import\\s+(?:static\\s+)?dev\\.twine\\.((?:[a-z0-9_]+\\.)*[a-z0-9_]+)\\.([A-Za-z0-9_$]+|\\*)");

    static Layer layerOf(String pkg) {
        return LAYERS.stream().filter(l -> l.packages().contains(pkg)).findFirst()
                .orElseThrow(() -> new AssertionError("package dev.twine." + pkg + " is in no layer of the table"));
    }

    /**
     * Package to the packages it uses, each with one example ({@code A -> B}): every class its compiled classes name,
     * and every import line of its sources (an unused import leaves no trace in a class file, yet still points up).
     */
    static Map<String, Map<String, String>> packageGraph() {
        Path root = classesRoot();
        Map<String, Map<String, String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String className = root.relativize(file).toString().replace(".class", "");
                if (className.equals("module-info")) {
                    continue;
                }
                String from = packageOf(className);
                Map<String, String> uses = graph.computeIfAbsent(from, k -> new TreeMap<>());
                Matcher m = CLASS_NAME.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    String to = m.group(1).replace('/', '.');
                    if (!to.equals(from)) {
                        uses.putIfAbsent(to, simple(className) + " -> " + to + "." + m.group(2));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!graph.containsKey("internet.defer")) {
            throw new IllegalStateException("no main classes under " + root);
        }
        addImports(root.getParent().getParent().resolve("src/main/java"), graph);
        return graph;
    }

    private static void addImports(Path sources, Map<String, Map<String, String>> graph) {
        if (!Files.isDirectory(sources.resolve("dev/twine"))) {
            throw new IllegalStateException("no main sources beside the classes at " + sources);
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = sources.relativize(file).toString().replace(".java", "");
                if (!name.startsWith("dev/twine/")) {
                    continue; // module-info.java
                }
                String from = packageOf(name);
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher m = IMPORT.matcher(line);
                    if (m.lookingAt() && !m.group(1).equals(from)) {
                        graph.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(m.group(1),
                                simple(name) + " -> " + m.group(1) + "." + m.group(2) + " (import in the source)");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(String slashedClass) {
        String pkg = slashedClass.substring(0, slashedClass.lastIndexOf('/')).replace('/', '.');
        return pkg.substring("dev.twine.".length());
    }

    private static String simple(String slashedClass) {
        return slashedClass.replace("dev/twine/", "").replace('/', '.');
    }

    private static Path classesRoot() {
        try {
            return Path.of(Deferred.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
