package io.harnessrouter.host.install;

/** Which of a host's config files install edits. */
public enum Scope {
    /** The user's own file, for every project (the default). */
    USER,
    /** The file in the current directory's project, for that project only; not every host has one. */
    PROJECT
}
