package io.harnessrouter.host.install;

/**
 * A file's new text and what changed in it; for {@link Change#UNCHANGED} and {@link Change#ABSENT}
 * the text is the original, byte for byte.
 */
record Edit(String text, Change change) {
}
