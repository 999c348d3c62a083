package dev.twine.internet.address;

import dev.twine.internet.interfaces.IAddress;

/**
 * A UNIX socket's name: Twisted's {@code address.UNIXAddress}. {@code name} is a filesystem path, an abstract name
 * (Linux: it starts with {@code "\0"} and never appears in the filesystem), or null for an unnamed socket (the
 * usual peer of an accepted connection).
 */
public record UNIXAddress(String name) implements IAddress {
    /** Whether the name is in Linux's abstract namespace. */
    public boolean isAbstract() {
        return name != null && name.startsWith("\0");
    }

    @Override
    public String toString() {
        return "UNIXAddress(" + (name == null ? "None" : "'" + (isAbstract() ? "@" + name.substring(1) : name) + "'")
                + ")";
    }
}
