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
