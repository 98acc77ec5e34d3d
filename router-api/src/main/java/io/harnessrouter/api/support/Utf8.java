package io.harnessrouter.api.support;

/** UTF-8 boundary helper for cutting byte buffers without splitting a character. Stateless. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * The length of the longest prefix of {@code bytes[0..length)} that does not end inside a
     * multi-byte character. Looks back at most three bytes; bytes that are not UTF-8 at all are
     * left as they are.
     */
    static int completeLength(byte[] bytes, int length) {
        int floor = Math.max(0, length - 4);
        for (int i = length - 1; i >= floor; i--) {
            int b = bytes[i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                return i + sequenceLength(b) > length ? i : length;
            }
        }
        return length;
    }

    /** The number of bytes {@code text} takes in UTF-8 (an unpaired surrogate counts as the one byte of '?'). */
    static long length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * The index of the first byte of {@code bytes} that does not continue a character begun
     * before it (at most three continuation bytes are skipped).
     */
    static int firstCharacterStart(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && i < 3 && (bytes[i] & 0xC0) == 0x80) {
            i++;
        }
        return i;
    }

    private static int sequenceLength(int lead) {
        if ((lead & 0xE0) == 0xC0) {
            return 2;
        }
        if ((lead & 0xF0) == 0xE0) {
            return 3;
        }
        if ((lead & 0xF8) == 0xF0) {
            return 4;
        }
        return 1;
    }
}
