package dev.twine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.internet.defer.Deferred;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The layering of the README's "Architecture" section, checked on the compiled main classes: no package uses a
 * package of a higher layer, none uses a lower layer it is kept from (only the syscall layer calls the bindings; the
 * API contracts, the protocols and user code such as the demo never touch the syscall layer), and the package graph
 * has no cycle, within a layer either.
 *
 * <p>The graph comes from the class files' bytes: a class file names every class it uses (constant pool, descriptors,
 * signatures, and the class of each constant javac inlined), so this sees what the JVM would load; the sources'
 * import lines are added, as an unused import leaves no trace in a class file. No library: a few regular expressions
 * and Tarjan's algorithm are shorter to keep than a test dependency.
 */
@Timeout(30)
class ArchitectureTest {
    /** A layer: its packages (below {@code dev.twine.}) and the lower layers it may not use. Bottom first. */
    private record Layer(String name, List<String> packages, Set<String> mayNotUse) {
    }

    private static final String BINDINGS = "bindings";
    private static final String SYSCALLS = "syscall layer";

    private static final List<Layer> LAYERS = List.of(
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
    private static final List<List<String>> FORBIDDEN = List.of(
            List.of("protocols.tls", "internet.abstracts", "TLS runs over any stream transport, through ITransport,"
                    + " and takes its pacing from the host (TransportHost.BUFFER_SIZE), not from the stream base class"));

    /** A class name inside a class file: the package is every lower-case segment before the class's own. */
    private static final Pattern CLASS_NAME = Pattern.compile("dev/twine/((?:[a-z0-9_]+/)*[a-z0-9_]+)/([A-Za-z0-9_$]+)");

    /** An import line: the package is every lower-case segment before the first class name. */
    private static final Pattern IMPORT = Pattern.compile(
            "import\\s+(?:static\\s+)?dev\\.twine\\.((?:[a-z0-9_]+\\.)*[a-z0-9_]+)\\.([A-Za-z0-9_$]+|\\*)");

    @Test
    void noPackageUsesAHigherOrForbiddenLayer() {
        Map<String, Map<String, String>> graph = packageGraph();
        List<String> violations = new ArrayList<>();
        graph.forEach((from, uses) -> uses.forEach((to, example) -> {
            Layer a = layerOf(from);
            Layer b = layerOf(to);
            int ia = LAYERS.indexOf(a);
            int ib = LAYERS.indexOf(b);
            if (ib > ia) {
                violations.add(from + " (" + a.name() + ") uses " + to + " of the higher layer " + b.name()
                        + ": " + example);
            } else if (a.mayNotUse().contains(b.name())) {
                violations.add(from + " (" + a.name() + ") uses " + to + " of the " + b.name() + ", which "
                        + a.name() + " may not use: " + example);
            }
            for (List<String> rule : FORBIDDEN) {
                if (rule.get(0).equals(from) && rule.get(1).equals(to)) {
                    violations.add(from + " uses " + to + ", which it may not: " + rule.get(2) + ": " + example);
                }
            }
        }));
        assertThat(violations).as("dependencies against the layering (README, Architecture)").isEmpty();
    }

    @Test
    void noPackageCycles() {
        Map<String, Map<String, String>> graph = packageGraph();
        List<String> cycles = new ArrayList<>();
        for (List<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                StringBuilder text = new StringBuilder("cycle " + component + ":");
                for (String from : component) {
                    graph.get(from).forEach((to, example) -> {
                        if (component.contains(to)) {
                            text.append("\n    ").append(from).append(" -> ").append(to).append(": ").append(example);
                        }
                    });
                }
                cycles.add(text.toString());
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void theTableNamesEveryPackageOnce() {
        Set<String> listed = new TreeSet<>();
        for (Layer layer : LAYERS) {
            for (String p : layer.packages()) {
                assertThat(listed.add(p)).as("%s listed twice", p).isTrue();
            }
            assertThat(layer.mayNotUse()).as("%s keeps out of lower layers only", layer.name())
                    .allMatch(name -> LAYERS.stream().limit(LAYERS.indexOf(layer)).anyMatch(l -> l.name().equals(name)));
        }
        assertThat(new TreeSet<>(packageGraph().keySet())).as("packages of the main classes, each in one layer")
                .isEqualTo(listed);
    }

    private static Layer layerOf(String pkg) {
        return LAYERS.stream().filter(l -> l.packages().contains(pkg)).findFirst()
                .orElseThrow(() -> new AssertionError("package dev.twine." + pkg + " is in no layer of the table"));
    }

    /**
     * Package to the packages it uses, each with one example ({@code A -> B}): every class its compiled classes name,
     * and every import line of its sources (an unused import leaves no trace in a class file, yet still points up).
     */
    private static Map<String, Map<String, String>> packageGraph() {
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
        assertThat(graph).as("main classes under %s", root).containsKey("internet.defer");
        addImports(root.getParent().getParent().resolve("src/main/java"), graph);
        return graph;
    }

    private static void addImports(Path sources, Map<String, Map<String, String>> graph) {
        assertThat(sources.resolve("dev/twine")).as("the main sources beside the classes").isDirectory();
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

    /** Tarjan's strongly connected components (the graph has a few dozen packages: recursion is fine). */
    private static List<List<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String v, Map<String, Map<String, String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> components,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, components, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }
}
