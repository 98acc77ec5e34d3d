#!/bin/sh
# Tests bin/harness-router without the Java program: a fake `java` records the command line the
# launcher builds, for fake JDKs of several versions and operating systems (their `release` files
# are what the launcher reads). One last case runs the real JVM with -version to prove it accepts
# every flag and keeps stdout empty. Runs in `mvn verify` (skipped with -DskipTests).
#
# Usage: launcher-test.sh DIST_DIR REAL_JAVA_HOME   (LAUNCHER_SHELL=/bin/bash to try another shell; give a full path)
set -u
SOURCE_DIST=$1
REAL_JAVA_HOME=$2
MAIN=io.harnessrouter.host.cli.Main
FAILURES=0
TESTS=0

WORK=$(mktemp -d) || exit 1
trap 'rm -rf "$WORK"' EXIT
# A copy in a directory with a space in its name: every path must stay one argument.
D="$WORK/with space/harness-router"
mkdir -p "$WORK/with space" && cp -R "$SOURCE_DIST" "$D" || exit 1
rm -f "$D"/lib/*.jsa "$D"/lib/*.jsa.jvm
L=$D/bin/harness-router
CP=
IFS=:
for entry in $(cat "$D/lib/classpath"); do
    CP=${CP:+$CP:}$D/$entry
done
unset IFS
FLAGS="-XX:TieredStopAtLevel=1
-XX:CICompilerCount=1
-XX:ReservedCodeCacheSize=16m
-XX:+UseSerialGC
-Xms8m
-Xmn4m
-Xss512k
-XX:+UseCompressedOops
-Xlog:disable
-Xlog:all=warning:stderr
-Dharness-router.home=$D"

# fake_jdk NAME VERSION OS [RUNTIME]: a JDK whose java writes its arguments, one per line, to
# $WORK/args (and nothing to stdout).
fake_jdk() {
    mkdir -p "$WORK/$1/bin"
    cat >"$WORK/$1/bin/java" <<'EOF'
#!/bin/sh
for a in "$@"; do printf '%s\n' "$a"; done >"$FAKE_JAVA_ARGS"
EOF
    chmod +x "$WORK/$1/bin/java"
    if [ -n "$2" ]; then
        printf 'IMPLEMENTOR="Test"\nJAVA_RUNTIME_VERSION="%s"\nJAVA_VERSION="%s"\nOS_NAME="%s"\n' \
            "${4:-$2+1}" "$2" "$3" >"$WORK/$1/release"
    fi
}
fake_jdk jdk17 17.0.15 Linux
fake_jdk jdk21 21.0.4 Linux
fake_jdk jdk23 23 Linux
fake_jdk jdk17mac 17.0.2 Darwin
fake_jdk jdk11 11.0.2 Linux
fake_jdk jdk8 1.8.0_402 Linux
fake_jdk norelease "" ""
export FAKE_JAVA_ARGS="$WORK/args"
# lets the server stop HTTP clients' selector threads at exit
OPENS=--add-opens=java.net.http/jdk.internal.net.http=ALL-UNNAMED

fail() {
    FAILURES=$((FAILURES + 1))
    printf 'FAIL %s: %s\n' "$NAME" "$1" >&2
}

# run NAME [VAR=value ...]: runs the launcher with the arguments `a b` and `*`; stdout and stderr
# are kept apart.
run() {
    NAME=$1
    shift
    TESTS=$((TESTS + 1))
    rm -f "$WORK/args"
    env "$@" ${LAUNCHER_SHELL:-/bin/sh} "$L" "a b" '*' >"$WORK/stdout" 2>"$WORK/stderr"
    STATUS=$?
    [ -s "$WORK/stdout" ] && fail "wrote to stdout: $(cat "$WORK/stdout")"
}

# expect_args LINE...: the fake java got exactly the fixed flags, then these arguments.
expect_args() {
    [ "$STATUS" -eq 0 ] || fail "exit status $STATUS, stderr: $(cat "$WORK/stderr")"
    { printf '%s\n' "$FLAGS" && printf '%s\n' "$@"; } >"$WORK/expected"
    if ! cmp -s "$WORK/expected" "$WORK/args" 2>/dev/null; then
        fail "java arguments differ (expected, then actual):"
        cat "$WORK/expected" >&2
        printf -- '---\n' >&2
        cat "$WORK/args" >&2 2>/dev/null
    fi
}

# expect_error MESSAGE: exit status 1, exactly this line on stderr, java never ran.
expect_error() {
    [ "$STATUS" -eq 1 ] || fail "exit status $STATUS, expected 1"
    printf 'harness-router: %s\n' "$1" >"$WORK/expected"
    cmp -s "$WORK/expected" "$WORK/stderr" || fail "stderr was: $(cat "$WORK/stderr")"
    [ -f "$WORK/args" ] && fail "java ran"
}

run java17-gets-the-fixed-flags-vfork-and-the-class-path JAVA_HOME="$WORK/jdk17"
expect_args -Djdk.lang.Process.launchMechanism=VFORK "$OPENS" -cp "$CP" $MAIN "a b" '*'

printf '%s\n' "$WORK/jdk17 17.0.15+1 $D" >"$D/lib/harness-router.jsa.jvm"
: >"$D/lib/harness-router.jsa"
run java17-uses-an-archive-this-jvm-trained-here JAVA_HOME="$WORK/jdk17"
expect_args -Djdk.lang.Process.launchMechanism=VFORK "$OPENS" -cp "$CP" \
    "-XX:SharedArchiveFile=$D/lib/harness-router.jsa" -Xshare:auto $MAIN "a b" '*'

run cds-off-skips-the-archive JAVA_HOME="$WORK/jdk17" HARNESS_ROUTER_CDS=off
expect_args -Djdk.lang.Process.launchMechanism=VFORK "$OPENS" -cp "$CP" $MAIN "a b" '*'

printf '%s\n' "$WORK/jdk17 17.0.14+7 $D" >"$D/lib/harness-router.jsa.jvm"
run java17-ignores-an-archive-another-jvm-trained JAVA_HOME="$WORK/jdk17"
expect_args -Djdk.lang.Process.launchMechanism=VFORK "$OPENS" -cp "$CP" $MAIN "a b" '*'
rm -f "$D/lib/harness-router.jsa" "$D/lib/harness-router.jsa.jvm"

run java-opts-come-last-and-are-not-globbed JAVA_HOME="$WORK/jdk17" HARNESS_ROUTER_JAVA_OPTS="-Dx=1 -Dy=*"
expect_args -Djdk.lang.Process.launchMechanism=VFORK "$OPENS" -cp "$CP" -Dx=1 '-Dy=*' $MAIN "a b" '*'

run java21-keeps-vfork-and-maintains-its-own-archive JAVA_HOME="$WORK/jdk21"
expect_args -Djdk.lang.Process.launchMechanism=VFORK "$OPENS" -cp "$CP" \
    -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$D/lib/harness-router-jdk21.jsa" $MAIN "a b" '*'

run java23-drops-vfork-and-enables-native-access JAVA_HOME="$WORK/jdk23"
expect_args "$OPENS" --enable-native-access=ALL-UNNAMED -cp "$CP" \
    -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$D/lib/harness-router-jdk23.jsa" $MAIN "a b" '*'

run vfork-is-linux-only JAVA_HOME="$WORK/jdk17mac"
expect_args "$OPENS" -cp "$CP" $MAIN "a b" '*'

run unknown-version-runs-without-extras JAVA_HOME="$WORK/norelease"
expect_args "$OPENS" -cp "$CP" $MAIN "a b" '*'

mkdir -p "$WORK/pathbin" && ln -s "$WORK/jdk17/bin/java" "$WORK/pathbin/java"
run java-from-path-is-found-through-its-symlink PATH="$WORK/pathbin:/usr/bin:/bin" JAVA_HOME=
expect_args -Djdk.lang.Process.launchMechanism=VFORK "$OPENS" -cp "$CP" $MAIN "a b" '*'

mkdir -p "$WORK/links" && ln -s "$L" "$WORK/links/harness-router"
NAME=launcher-called-through-a-symlink-finds-its-distribution
TESTS=$((TESTS + 1))
JAVA_HOME="$WORK/jdk17" ${LAUNCHER_SHELL:-/bin/sh} "$WORK/links/harness-router" >"$WORK/stdout" 2>"$WORK/stderr"
grep -qx -- "-Dharness-router.home=$D" "$WORK/args" || fail "home was not $D: $(cat "$WORK/args")"

run java11-is-refused JAVA_HOME="$WORK/jdk11"
expect_error "harness-router needs Java 17 or newer; $WORK/jdk11/bin/java is Java 11.0.2. Set JAVA_HOME to a Java 17+ installation."

run java8-is-refused JAVA_HOME="$WORK/jdk8"
expect_error "harness-router needs Java 17 or newer; $WORK/jdk8/bin/java is Java 1.8.0_402. Set JAVA_HOME to a Java 17+ installation."

run bad-java-home-is-explained JAVA_HOME="$WORK/nope"
expect_error "JAVA_HOME is '$WORK/nope' but $WORK/nope/bin/java is not an executable file. Point JAVA_HOME at a Java 17+ installation, or unset it to use java from PATH."

mkdir -p "$WORK/emptybin"
run no-java-at-all-is-explained PATH="$WORK/emptybin" JAVA_HOME=
expect_error "no Java found: install Java 17 or newer and put it on PATH, or set JAVA_HOME."

mv "$D/lib/classpath" "$D/lib/classpath.away"
run missing-classpath-file-is-explained JAVA_HOME="$WORK/jdk17"
expect_error "$D/lib/classpath is missing, so the distribution is incomplete. Rebuild it: mvn -B package -DskipTests (or ./harness-router in the source tree)."
mv "$D/lib/classpath.away" "$D/lib/classpath"

# The real JVM accepts every flag the launcher passes and prints nothing on stdout.
run real-jvm-accepts-the-flags-and-keeps-stdout-clean JAVA_HOME="$REAL_JAVA_HOME" HARNESS_ROUTER_JAVA_OPTS=-version
[ "$STATUS" -eq 0 ] || fail "exit status $STATUS, stderr: $(cat "$WORK/stderr")"

if [ "$FAILURES" -ne 0 ]; then
    printf '[ERROR] launcher-test: %s of %s tests failed\n' "$FAILURES" "$TESTS" >&2
    exit 1
fi
printf '[INFO] launcher-test: %s tests passed\n' "$TESTS" >&2
