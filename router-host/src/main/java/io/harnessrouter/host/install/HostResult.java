package io.harnessrouter.host.install;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What install or uninstall did for one host.
 *
 * @param file    the file edited (or that would be), empty when the host has none at this scope
 * @param detail  for SKIPPED and FAILED the reason, for PRINTED what a real run would do
 * @param snippet the entry as the user would add it by hand (install: always; uninstall: never)
 * @param backup  the backup made by this run, when it made one
 * @param notes   what the user must still do for this host (permissions)
 */
public record HostResult(Host host, Optional<Path> file, Status status, String detail, Optional<String> snippet,
        Optional<Path> backup, List<String> notes) {

    /** The outcome for one host. */
    public enum Status {
        ADDED, UPDATED, UNCHANGED, REMOVED, ABSENT, PRINTED, SKIPPED, FAILED;

        static Status of(Change change) {
            return valueOf(change.name());
        }
    }

    public HostResult {
        notes = List.copyOf(notes);
    }
}
