package dev.twine.internal.sys;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.function.Supplier;

/**
 * Error reporting that cannot fail, for the reactor core and the transports: what they catch they report through
 * here, so that a logger that throws can never escape a catch block and end the reactor's loop. Loggers do throw:
 * the JDK's own, initialised for the first time while the process is out of descriptors, fails to open its
 * configuration or its time zone data ({@code ExceptionInInitializerError}, then {@code NoClassDefFoundError} on
 * every later call); a handler may have a bug; the message's {@code toString} is user code; memory may run out.
 *
 * <p>When the logger throws, one short line goes to descriptor 2 with a raw {@code write(2)} from a buffer made at
 * start-up: no new descriptor, no class to load, almost nothing allocated. If even that fails, the report is
 * dropped; nothing here ever throws.
 *
 * <p>It is a {@link System.Logger} only so that the JDK, which finds the caller to name in a record by skipping the
 * frames of logger classes, names the reactor's method rather than this helper; it is never made.
 */
public final class SafeLog implements System.Logger {
    private static final int LINE_BYTES = 1024;
    /** The last-resort line; guarded by itself, as threads other than the reactor's report errors too. */
    private static final MemorySegment LINE = Arena.global().allocate(LINE_BYTES);
    private static final byte[] PREFIX = "twine: logging failed (".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static volatile boolean prepared;

    private SafeLog() {
    }

    @Override
    public String getName() {
        return "dev.twine";
    }

    @Override
    public boolean isLoggable(Level level) {
        return false;
    }

    @Override
    public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
    }

    @Override
    public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
    }

    /** Logs {@code message} with {@code thrown} (may be null) at {@code level}; never throws. */
    public static void log(System.Logger logger, Level level, String message, Throwable thrown) {
        try {
            logger.log(level, message, thrown);
        } catch (Throwable failure) {
            lastResort(failure, level, message, null, thrown);
        }
    }

    /**
     * Logs the message {@code message} makes, with {@code thrown} (may be null), at {@code level}; never throws. The
     * message is made inside, so a {@code toString} that throws costs the report its text, not the caller its loop.
     */
    public static void log(System.Logger logger, Level level, Supplier<String> message, Throwable thrown) {
        try {
            logger.log(level, message, thrown);
        } catch (Throwable failure) {
            lastResort(failure, level, null, message, thrown);
        }
    }

    /** As {@link #log(System.Logger, Level, Supplier, Throwable)}, on the logger named {@code loggerName}. */
    public static void log(String loggerName, Level level, Supplier<String> message, Throwable thrown) {
        try {
            System.getLogger(loggerName).log(level, message, thrown);
        } catch (Throwable failure) {
            lastResort(failure, level, null, message, thrown);
        }
    }

    /**
     * Readies, once per JVM, what reporting an error needs, so that doing it later needs no descriptor: the logging
     * backend behind {@code logger} (the JDK's reads its configuration file on first use), the time zone data its
     * formatter reads on the first record, and the exception the system calls raise (its class and the errno
     * names). The reactor calls it when it is made; it never throws.
     */
    public static void prepare(System.Logger logger) {
        if (prepared) {
            return;
        }
        prepared = true;
        try {
            logger.isLoggable(Level.ERROR);
            ZonedDateTime.now(ZoneId.systemDefault()).getOffset();
            Errno.exception("accept4", Errno.EMFILE).getMessage();
            ThreadFrame.current();
        } catch (Throwable t) {
            lastResort(t, Level.WARNING, "could not prepare error reporting", null, null);
        }
    }

    private static void lastResort(Throwable failure, Level level, String message, Supplier<String> lazy,
            Throwable thrown) {
        try {
            synchronized (LINE) {
                long at = put(0, PREFIX);
                at = put(at, failure.getClass().getName());
                at = put(at, ") reporting: ");
                at = put(at, level.getName());
                at = put(at, " ");
                String text = message;
                if (text == null && lazy != null) {
                    try {
                        text = lazy.get();
                    } catch (Throwable t) {
                        text = "(message failed: " + t.getClass().getName() + ")";
                    }
                }
                at = put(at, text);
                if (thrown != null) {
                    at = put(at, ": ");
                    at = put(at, thrown.getClass().getName());
                    try {
                        String detail = thrown.getMessage();
                        if (detail != null) {
                            at = put(at, ": ");
                            at = put(at, detail);
                        }
                    } catch (Throwable ignored) {
                        // the class name will do
                    }
                }
                LINE.set(ValueLayout.JAVA_BYTE, at, (byte) '\n');
                Syscalls.write(2, LINE, 0, (int) at + 1);
            }
        } catch (Throwable ignored) {
            // Nowhere left to report to.
        }
    }

    /** Puts printable ASCII of {@code s} at {@code at}, leaving room for the newline; returns the new end. */
    private static long put(long at, String s) {
        if (s == null) {
            return put(at, "null");
        }
        for (int i = 0, n = s.length(); i < n && at < LINE_BYTES - 1; i++) {
            char c = s.charAt(i);
            LINE.set(ValueLayout.JAVA_BYTE, at++, c >= 0x20 && c < 0x7f ? (byte) c : (byte) '?');
        }
        return at;
    }

    private static long put(long at, byte[] bytes) {
        for (int i = 0; i < bytes.length && at < LINE_BYTES - 1; i++) {
            LINE.set(ValueLayout.JAVA_BYTE, at++, bytes[i]);
        }
        return at;
    }
}
