#!/bin/sh
# Fails the build when dist/harness-router is not a working layout: the launcher would otherwise
# only find out at a user's first start. Usage: check-dist.sh DIST_DIR
set -u
DIST=$1
fail() {
    printf '[ERROR] check-dist: %s\n' "$*" >&2
    exit 1
}
[ -x "$DIST/bin/harness-router" ] || fail "$DIST/bin/harness-router is missing or not executable"
[ -s "$DIST/lib/classpath" ] || fail "$DIST/lib/classpath is missing or empty"
IFS= read -r line <"$DIST/lib/classpath" || [ -n "$line" ] || fail "cannot read $DIST/lib/classpath"
case $line in
    lib/router-host-*) ;;
    *) fail "lib/classpath must start with the router-host jar, found: ${line%%:*}" ;;
esac
set -f
IFS=:
for entry in $line; do
    [ -f "$DIST/$entry" ] || fail "lib/classpath names $entry, which is not in $DIST/lib"
    case $entry in
        lib/plugin-*) fail "plugin jar $entry is on the host class path; it belongs in plugins/" ;;
    esac
done
unset IFS
for plugin in claude-code codex copilot cursor gemini openai-compatible opencode; do
    [ -f "$DIST/plugins/$plugin.jar" ] || fail "bundled plugin $DIST/plugins/$plugin.jar is missing"
done
exit 0
