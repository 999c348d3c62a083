package dev.twine.bench.http;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Summarises bench-http.sh's raw.csv: the median of each figure per case and server, with its ratio to
 * Netty-epoll's, printed and written to results.md (and medians.csv), and a PNG bar chart (chart.png: server CPU
 * per request and requests/s per case, one bar per server). Headless AWT, no extra package.
 *
 * <pre>java -Djava.awt.headless=true -cp target/twine-benchmarks.jar dev.twine.bench.http.Chart RAW.csv OUTDIR [NOTE]</pre>
 */
public final class Chart {
    private static final String BASELINE = "netty";
    private static final String[] FIGURES = {"rps", "p50_us", "p99_us", "server_cpu_us_per_req"};
    private static final String[] HEADINGS = {"requests/s", "p50 µs", "p99 µs", "server CPU µs/req"};
    private static final Map<String, Color> COLORS = Map.of(
            "twine", new Color(0xE6, 0x7E, 0x22), "netty", new Color(0x2E, 0x86, 0xC1),
            "nio", new Color(0x27, 0xAE, 0x60));
    private static final Map<String, String> CASE_LABELS = Map.of(
            "ka16", "keep-alive c16", "ka256", "keep-alive c256", "pipe16", "pipelined×16 c16",
            "pipe256", "pipelined×16 c256", "close16", "Connection: close c16");

    private Chart() {
    }

    public static void main(String[] args) throws IOException {
        Path raw = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String note = args.length > 2 ? args[2] : "";
        List<String> lines = Files.readAllLines(raw);
        String[] header = lines.get(0).split(",");
        Set<String> cases = new LinkedHashSet<>();
        Set<String> servers = new LinkedHashSet<>();
        // (case, server) -> figure -> values
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", header.length);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], f[i]);
            }
            cases.add(row.get("case"));
            servers.add(row.get("server"));
            Map<String, List<Double>> figures = values.computeIfAbsent(row.get("case") + "/" + row.get("server"),
                    k -> new LinkedHashMap<>());
            for (String figure : FIGURES) {
                double v = parse(row.get(figure));
                if (!Double.isNaN(v) && (!"rps".equals(figure) || v > 0)) {
                    figures.computeIfAbsent(figure, k -> new ArrayList<>()).add(v);
                }
            }
        }
        List<String> serverOrder = new ArrayList<>();
        for (String s : List.of("twine", "netty", "nio")) {
            if (servers.contains(s)) {
                serverOrder.add(s);
            }
        }
        for (String s : servers) {
            if (!serverOrder.contains(s)) {
                serverOrder.add(s);
            }
        }
        Map<String, double[]> medians = new LinkedHashMap<>();
        Map<String, Integer> runs = new LinkedHashMap<>();
        for (String c : cases) {
            for (String s : serverOrder) {
                Map<String, List<Double>> figures = values.getOrDefault(c + "/" + s, Map.of());
                double[] m = new double[FIGURES.length];
                for (int i = 0; i < FIGURES.length; i++) {
                    m[i] = median(figures.getOrDefault(FIGURES[i], List.of()));
                }
                medians.put(c + "/" + s, m);
                runs.put(c + "/" + s, figures.getOrDefault("rps", List.of()).size());
            }
        }

        StringBuilder md = new StringBuilder();
        md.append("# HTTP macro benchmark (wrk): medians, ratio to Netty-epoll in parentheses\n\n");
        if (!note.isEmpty()) {
            md.append(note).append("\n\n");
        }
        md.append("| case | server |");
        for (String h : HEADINGS) {
            md.append(' ').append(h).append(" |");
        }
        md.append(" runs |\n|---|---|");
        md.append("---:|".repeat(HEADINGS.length)).append("---:|\n");
        StringBuilder csv = new StringBuilder("case,server,").append(String.join(",", FIGURES)).append('\n');
        for (String c : cases) {
            double[] base = medians.get(c + "/" + BASELINE);
            for (String s : serverOrder) {
                double[] m = medians.get(c + "/" + s);
                md.append("| ").append(CASE_LABELS.getOrDefault(c, c)).append(" | ").append(s).append(" |");
                csv.append(c).append(',').append(s);
                for (int i = 0; i < FIGURES.length; i++) {
                    md.append(' ').append(format(m[i]));
                    if (base != null && !s.equals(BASELINE) && base[i] > 0 && !Double.isNaN(m[i])) {
                        md.append(String.format(Locale.ROOT, " (%.2f×)", m[i] / base[i]));
                    }
                    md.append(" |");
                    csv.append(',').append(Double.isNaN(m[i]) ? "" : String.format(Locale.ROOT, "%.3f", m[i]));
                }
                md.append(' ').append(runs.get(c + "/" + s)).append(" |\n");
                csv.append('\n');
            }
        }
        md.append("\nPipelined cases have no latency figures: wrk's coordinated-omission correction assumes one request per ")
                .append("round trip, so with 16 in flight its percentiles are biased (or 0).\n");
        md.append("\nserver CPU µs/req = (utime+stime of the whole server process during the run) / requests; ")
                .append("lower is better. Raw runs: raw.csv; chart: chart.png.\n");
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), md);
        Files.writeString(out.resolve("medians.csv"), csv);
        System.out.print(md);

        List<String> caseList = new ArrayList<>(cases);
        BufferedImage image = new BufferedImage(1400, 900, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("Twine vs Netty-epoll vs NIO: \"Hello, World!\" HTTP/1.1 under wrk (medians)", 30, 34);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(note, 30, 56);
        int legendX = 30;
        for (String s : serverOrder) {
            g.setColor(COLORS.getOrDefault(s, Color.GRAY));
            g.fillRect(legendX, 68, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(s.equals("netty") ? "netty-epoll" : s, legendX + 20, 80);
            legendX += 130;
        }
        panel(g, 30, 100, 1340, 370, "Server CPU per request (µs, lower is better)", caseList, serverOrder,
                medians, 3, "%.2f");
        panel(g, 30, 500, 1340, 370, "Requests per second (higher is better)", caseList, serverOrder,
                medians, 0, "%,.0f");
        g.dispose();
        ImageIO.write(image, "png", out.resolve("chart.png").toFile());
        System.out.println("wrote " + out.resolve("results.md") + ", " + out.resolve("medians.csv") + ", "
                + out.resolve("chart.png"));
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String title, List<String> cases,
            List<String> servers, Map<String, double[]> medians, int figure, String valueFormat) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x, y + 14);
        int left = x + 70;
        int top = y + 30;
        int bottom = y + h - 40;
        int right = x + w;
        double max = 0;
        for (double[] m : medians.values()) {
            if (!Double.isNaN(m[figure])) {
                max = Math.max(max, m[figure]);
            }
        }
        max = niceCeiling(max);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t <= 5; t++) {
            double v = max * t / 5;
            int ty = bottom - (int) Math.round((bottom - top) * (double) t / 5);
            g.setColor(new Color(0xE0, 0xE0, 0xE0));
            g.drawLine(left, ty, right, ty);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, max >= 100 ? "%,.0f" : "%.2f", v);
            g.drawString(label, left - 8 - fm.stringWidth(label), ty + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        int groupWidth = (right - left) / Math.max(1, cases.size());
        int barWidth = Math.min(70, (groupWidth - 30) / Math.max(1, servers.size()));
        for (int ci = 0; ci < cases.size(); ci++) {
            String c = cases.get(ci);
            int gx = left + ci * groupWidth + (groupWidth - barWidth * servers.size()) / 2;
            for (int si = 0; si < servers.size(); si++) {
                double v = medians.get(c + "/" + servers.get(si))[figure];
                if (Double.isNaN(v) || max <= 0) {
                    continue;
                }
                int bh = (int) Math.round((bottom - top) * v / max);
                int bx = gx + si * barWidth;
                g.setColor(COLORS.getOrDefault(servers.get(si), Color.GRAY));
                g.fillRect(bx + 2, bottom - bh, barWidth - 4, bh);
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, valueFormat, v);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                FontMetrics lm = g.getFontMetrics();
                g.drawString(label, bx + (barWidth - lm.stringWidth(label)) / 2, bottom - bh - 4);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            String label = CASE_LABELS.getOrDefault(c, c);
            g.drawString(label, left + ci * groupWidth + (groupWidth - g.getFontMetrics().stringWidth(label)) / 2,
                    bottom + 20);
        }
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v * 1.08) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static double parse(String s) {
        try {
            return s == null || s.isBlank() ? Double.NaN : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
