package io.harnessrouter.host.install;

/** What an install or uninstall did to one host's entry. */
public enum Change {
    /** The entry was not there and now is. */
    ADDED("added entry"),
    /** The entry was there with other values and now has ours. */
    UPDATED("updated entry"),
    /** The entry already had our values: the file was not written. */
    UNCHANGED("already up to date"),
    /** Uninstall removed the entry. */
    REMOVED("removed entry"),
    /** Uninstall found no entry: the file was not written. */
    ABSENT("not present");

    private final String words;

    Change(String words) {
        this.words = words;
    }

    /** How the command's report says it. */
    public String words() {
        return words;
    }

    /** Whether the file's text changes. */
    public boolean writes() {
        return this == ADDED || this == UPDATED || this == REMOVED;
    }
}
