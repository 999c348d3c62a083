package dev.twine.internet.abstracts;

/** Names of user objects for log lines: an anonymous or lambda class has no simple name, so it gets its binary one. */
public final class LogNames {
    private LogNames() {
    }

    /** {@code object}'s class as a reader can find it: {@code Echo}, or {@code MyServer$1} for an anonymous one. */
    public static String typeName(Object object) {
        if (object == null) {
            return "null";
        }
        Class<?> type = object.getClass();
        String simple = type.getSimpleName();
        if (!simple.isEmpty() && !type.isSynthetic() && !type.isHidden()) {
            return simple;
        }
        String name = type.getName();
        int dot = name.lastIndexOf('.');
        int slash = name.indexOf('/');
        // A lambda's hidden class name ends in "/0x...": drop that, it differs per run.
        String shortName = name.substring(dot + 1, slash > dot ? slash : name.length());
        return shortName;
    }
}
