package dev.twine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what Twine logs (System.Logger, backed by java.util.logging) under the {@code dev.twine} logger names
 * while it is open, and keeps it off the console. Tests use it to prove an error was logged, and that none was
 * logged where none should be: an assertion failing inside a reactor callback is only ever logged.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root = Logger.getLogger("dev.twine");
    private final boolean useParentHandlers;
    private final Level level;
    /**
     * Records below WARNING kept at most, newest last: enough for any test to inspect, while a long run (the soak)
     * does not keep every debug record alive.
     */
    private static final int MAX_CHATTER = 10_000;
    private static final java.util.logging.Formatter FORMATTER = new java.util.logging.SimpleFormatter();

    private final List<LogRecord> records = new ArrayList<>();
    private int chatter;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LogRecord kept = detached(record);
            synchronized (records) {
                records.add(kept);
                if (record.getLevel().intValue() < Level.WARNING.intValue() && ++chatter > MAX_CHATTER) {
                    dropOldestChatter();
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        useParentHandlers = root.getUseParentHandlers();
        level = root.getLevel();
        root.setUseParentHandlers(false);
        root.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /**
     * The record with its message already formatted and its parameters dropped, so what it kept (a factory, a
     * protocol, their buffers) is not held alive by the capture.
     */
    private static LogRecord detached(LogRecord record) {
        LogRecord copy = new LogRecord(record.getLevel(), FORMATTER.formatMessage(record));
        copy.setLoggerName(record.getLoggerName());
        copy.setThrown(record.getThrown());
        copy.setInstant(record.getInstant());
        copy.setSourceClassName(record.getSourceClassName());
        copy.setSourceMethodName(record.getSourceMethodName());
        return copy;
    }

    private void dropOldestChatter() {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).getLevel().intValue() < Level.WARNING.intValue()) {
                records.remove(i);
                chatter--;
                return;
            }
        }
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything captured so far. */
    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** The records at level SEVERE (System.Logger's ERROR). */
    public List<LogRecord> errors() {
        return records().stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** The errors whose exception is (or is caused by) an instance of {@code type}. */
    public List<LogRecord> errors(Class<? extends Throwable> type) {
        return errors().stream().filter(r -> causedBy(r.getThrown(), type::isInstance)).toList();
    }

    /** Forgets the errors matching {@code type}, so {@link #assertNoErrors} only judges the others. */
    public int flushErrors(Class<? extends Throwable> type) {
        synchronized (records) {
            int before = records.size();
            records.removeIf(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()
                    && causedBy(r.getThrown(), type::isInstance));
            return before - records.size();
        }
    }

    /** Fails if any error was logged (an assertion failing in a callback shows up here). */
    public void assertNoErrors() {
        List<LogRecord> errors = errors();
        assertThat(errors).as("errors logged: %s", describe(errors)).isEmpty();
    }

    private static boolean causedBy(Throwable t, Predicate<Throwable> test) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (test.test(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(List<LogRecord> errors) {
        StringBuilder out = new StringBuilder();
        for (LogRecord r : errors) {
            out.append("\n  ").append(r.getMessage());
            if (r.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                out.append("\n").append(trace);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setUseParentHandlers(useParentHandlers);
        root.setLevel(level);
    }
}
