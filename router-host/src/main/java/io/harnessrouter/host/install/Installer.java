package io.harnessrouter.host.install;

import io.harnessrouter.host.install.HostResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds our MCP server entry to hosts' config files, or removes it. With no hosts named it takes
 * every host that looks installed (install) or whose file exists (uninstall) and reports the rest
 * as skipped with the reason. Per host: read the file, edit only our entry, write only when the
 * text changed (backup once, atomic replace); a file it cannot edit safely is left as it is and
 * reported FAILED with the snippet to add by hand. Print mode computes the same and writes nothing.
 */
public final class Installer {

    private final InstallEnv env;
    private final Scope scope;

    public Installer(InstallEnv env, Scope scope) {
        this.env = env;
        this.scope = scope;
    }

    /** Installs {@code server} into {@code hosts}, or into the detected hosts when it is empty. */
    public List<HostResult> install(List<Host> hosts, McpServer server, boolean print) {
        List<HostResult> results = new ArrayList<>();
        for (Host host : hosts.isEmpty() ? List.of(Host.values()) : hosts) {
            HostTarget target = HostTarget.of(host, scope, env);
            List<String> notes = target.notes(server, scope, env);
            if (target.file().isEmpty()) {
                results.add(new HostResult(host, Optional.empty(), hosts.isEmpty() ? Status.SKIPPED : Status.FAILED,
                        target.noFile(), Optional.empty(), Optional.empty(), List.of()));
                continue;
            }
            Path file = target.file().get();
            String snippet = Snippets.of(target, server, file);
            if (hosts.isEmpty() && target.detectedBy().isEmpty()) {
                results.add(new HostResult(host, target.file(), Status.SKIPPED, "not detected (looked for "
                        + target.lookedFor() + ")", Optional.of(snippet), Optional.empty(), List.of()));
                continue;
            }
            results.add(apply(target, file, print, Optional.of(snippet), notes, text -> target.toml()
                    ? new TomlEntryEditor(file, target.parent().get(0)).install(text, server.name(), target.tomlKeys(server))
                    : new JsonEntryEditor(file, target.parent()).install(text, server.name(), target.jsonEntry(server))));
        }
        return results;
    }

    /** Removes the entry {@code name} from {@code hosts}, or from every host whose file exists when it is empty. */
    public List<HostResult> uninstall(List<Host> hosts, String name, boolean print) {
        List<HostResult> results = new ArrayList<>();
        for (Host host : hosts.isEmpty() ? List.of(Host.values()) : hosts) {
            HostTarget target = HostTarget.of(host, scope, env);
            if (target.file().isEmpty()) {
                results.add(new HostResult(host, Optional.empty(), hosts.isEmpty() ? Status.SKIPPED : Status.FAILED,
                        target.noFile(), Optional.empty(), Optional.empty(), List.of()));
                continue;
            }
            Path file = target.file().get();
            if (hosts.isEmpty() && !Files.exists(file)) {
                results.add(new HostResult(host, target.file(), Status.SKIPPED, "no config file",
                        Optional.empty(), Optional.empty(), List.of()));
                continue;
            }
            results.add(apply(target, file, print, Optional.empty(), List.of(), text -> target.toml()
                    ? new TomlEntryEditor(file, target.parent().get(0)).uninstall(text, name)
                    : new JsonEntryEditor(file, target.parent()).uninstall(text, name)));
        }
        return results;
    }

    private interface Editing {
        Edit edit(String text);
    }

    private static HostResult apply(HostTarget target, Path file, boolean print, Optional<String> snippet,
            List<String> notes, Editing editing) {
        Host host = target.host();
        try {
            String text = HostFiles.read(file);
            Edit edit = editing.edit(text);
            check(target, file, edit);
            if (print) {
                String would = edit.change().writes() ? "would write: " + edit.change().words() : edit.change().words();
                return new HostResult(host, Optional.of(file), Status.PRINTED, would, snippet, Optional.empty(), notes);
            }
            Path backup = edit.change().writes() ? HostFiles.write(file, edit.text()) : null;
            return new HostResult(host, Optional.of(file), Status.of(edit.change()), edit.change().words(), snippet,
                    Optional.ofNullable(backup), notes);
        } catch (UnsafeEditException e) {
            return new HostResult(host, Optional.of(file), Status.FAILED, "left untouched, " + e.getMessage(), snippet,
                    Optional.empty(), notes);
        } catch (IOException e) {
            return new HostResult(host, Optional.of(file), Status.FAILED, "cannot read or write " + file + ": " + e,
                    snippet, Optional.empty(), notes);
        }
    }

    /** The edited text must read back in its format before it replaces the user's file. */
    private static void check(HostTarget target, Path file, Edit edit) {
        if (!edit.change().writes()) {
            return;
        }
        try {
            if (target.toml()) {
                TomlDocument.scan(edit.text());
            } else {
                JsoncDocument.parse(edit.text());
            }
        } catch (TomlDocument.SyntaxException | JsoncDocument.SyntaxException e) {
            throw new UnsafeEditException(file, "the edit would not read back (" + e.getMessage() + "); please report this");
        }
    }
}
