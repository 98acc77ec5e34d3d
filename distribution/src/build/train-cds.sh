#!/bin/sh
# Trains lib/harness-router.jsa, the AppCDS archive the launcher uses to start about twice as fast
# (docs: java-stack.md section 4). It runs the real launcher, so the archive is dumped with exactly
# the JVM flags and class path it will be used with, and feeds it a canned stdio MCP session
# (initialize, tools/list, resources/read of the status). The server answers and exits at EOF;
# the JVM writes the archive on exit.
#
# Never fails the build: on any trouble (no Main yet, a JVM without CDS, a hang) it warns on
# stderr, removes any partial archive and exits 0. The launcher works without an archive.
#
# Usage: train-cds.sh DIST_DIR TRAINING_CONFIG TRAINING_SESSION   (JAVA_HOME picks the JVM)
set -u
DIST=$1
CONFIG=$2
SESSION=$3
LAUNCHER=$DIST/bin/harness-router
WAIT_TENTHS=300 # how long to wait for the answers before closing stdin anyway (30 s)

give_up() {
    printf '[WARNING] train-cds: %s.\n' "$1" >&2
    printf '[WARNING] train-cds: shipping no CDS archive; the launcher works without one (slower start).\n' >&2
    rm -f "$DIST"/lib/*.jsa "$DIST"/lib/*.jsa.jvm
    exit 0
}

[ -x "$LAUNCHER" ] || give_up "no launcher at $LAUNCHER"
WORK=$(mktemp -d 2>/dev/null) || give_up "cannot create a temporary directory"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/plugins" || give_up "cannot prepare $WORK"
: >"$WORK/out"
EXPECTED=$(grep -c '"id"' "$SESSION")

# Sends the session, then holds stdin open until every request is answered, the server is gone,
# or the wait ends, so the server runs each request's code path before it sees EOF.
feed() {
    cat "$SESSION"
    tenths=0
    while [ "$tenths" -lt "$WAIT_TENTHS" ] && kill -0 "$1" 2>/dev/null; do
        answered=$(grep -c -E '"(result|error)"' "$WORK/out")
        [ "$answered" -ge "$EXPECTED" ] && return 0
        sleep 0.1
        tenths=$((tenths + 1))
    done
}

# The user's real home, plugins and state are kept out of the training run, and tracing is off
# whatever the builder's OTEL_* variables say: the archive holds the default (untraced) path only,
# no OpenTelemetry class (docs/telemetry.md).
run_server() {
    OTEL_SDK_DISABLED=true \
    HOME="$WORK/home" HARNESS_ROUTER_PLUGINS_DIR="$WORK/plugins" HARNESS_ROUTER_JAVA_OPTS="$1" \
        HARNESS_ROUTER_CDS="$2" HARNESS_ROUTER_CDS_DUMP="$3" \
        $TIMEOUT "$LAUNCHER" --config "$CONFIG" --state-db "$WORK/state.db"
}
TIMEOUT=
if command -v timeout >/dev/null 2>&1; then
    TIMEOUT="timeout 120"
fi

mkfifo "$WORK/in" || give_up "cannot create a fifo in $WORK"
run_server "" on yes <"$WORK/in" >"$WORK/out" 2>"$WORK/err" &
server=$!
feed "$server" >"$WORK/in"
wait "$server"
status=$?
answered=$(grep -c -E '"(result|error)"' "$WORK/out")
if [ "$status" -ne 0 ] || [ "$answered" -lt "$EXPECTED" ]; then
    printf '[WARNING] train-cds: last lines the server wrote to stderr:\n' >&2
    tail -n 5 "$WORK/err" >&2
    give_up "the training server exited with status $status after answering $answered of $EXPECTED requests"
fi
JSA=
for archive in "$DIST"/lib/*.jsa; do
    [ -s "$archive" ] && JSA=$archive
done
[ -n "$JSA" ] || give_up "the JVM wrote no archive to $DIST/lib"

# The launcher must pick the archive up, and it must map: -Xshare:on makes the JVM refuse to
# start when it cannot use it.
run_server "-Xshare:on" on "" </dev/null >"$WORK/check-out" 2>"$WORK/check-err" \
    || { tail -n 5 "$WORK/check-err" >&2; give_up "the archive does not load"; }
if [ -s "$WORK/check-out" ]; then
    printf '[WARNING] train-cds: the server wrote to stdout without being asked; that corrupts the MCP channel:\n' >&2
    head -c 300 "$WORK/check-out" >&2
fi
printf '[INFO] train-cds: wrote %s (%s bytes)\n' "$JSA" "$(wc -c <"$JSA" | tr -d ' ')" >&2
exit 0
