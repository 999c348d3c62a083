package dev.twine;

import static dev.twine.PackageGraph.FORBIDDEN;
import static dev.twine.PackageGraph.LAYERS;
import static dev.twine.PackageGraph.layerOf;
import static dev.twine.PackageGraph.packageGraph;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twine.PackageGraph.Layer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The layering of docs/ARCHITECTURE.md, checked on the compiled main classes: no package uses a
 * package of a higher layer, none uses a lower layer it is kept from (only the syscall layer calls the bindings; the
 * API contracts, the protocols and user code such as the demo never touch the syscall layer), and the package graph
 * has no cycle, within a layer either.
 *
 * <p>The table and the graph are {@link PackageGraph}'s. No library: Tarjan's algorithm is shorter to keep than a test
 * dependency.
 */
@Timeout(30)
class ArchitectureTest {
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
        assertThat(violations).as("dependencies against the layering (docs/ARCHITECTURE.md)").isEmpty();
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
