package dev.twine.internal.text;

/**
 * The text of an IPv6 address as the kernel's {@code inet_ntop} writes it: lower-case hex words, the longest run of
 * two or more zero words (the first of equal ones) as {@code "::"}, and a dotted quad at the end of an IPv4-mapped
 * or IPv4-compatible address. Plain Java, in a package below every other, so that the syscall layer (for a
 * {@code sockaddr_in6}) and the address records (which must not load native code) share one codec.
 */
public final class InetText {
    private InetText() {
    }

    /** The text of the 16 bytes {@code address}. */
    public static String ipv6(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + address.length);
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = (Byte.toUnsignedInt(address[2 * i]) << 8) | Byte.toUnsignedInt(address[2 * i + 1]);
        }
        int bestBase = -1;
        int bestLength = 0;
        for (int i = 0; i < 8;) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength && j - i >= 2) {
                bestBase = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestBase) {
                out.append(':');
                i += bestLength - 1;
                if (i == 7) {
                    out.append(':');
                }
                continue;
            }
            if (i > 0) {
                out.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff))) {
                out.append(Byte.toUnsignedInt(address[12])).append('.').append(Byte.toUnsignedInt(address[13]))
                        .append('.').append(Byte.toUnsignedInt(address[14])).append('.')
                        .append(Byte.toUnsignedInt(address[15]));
                break;
            }
            out.append(Integer.toHexString(words[i]));
        }
        return out.toString();
    }
}
