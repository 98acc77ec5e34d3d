#!/bin/sh
# Installs the real coding-agent CLIs the conformance tests run, at pinned versions, into a cache
# folder outside the repository, and prints that folder (its node_modules/.bin holds the CLIs).
#
#   install-clis.sh <cache-root> [<path-file>]
#
# With <path-file>, the folder's path is also written there (the real-clis Maven profile hands it
# to the conformance tests that way).
#
# The folder is <cache-root>/<version-set>, where the version set is derived from the pinned
# package list below, so changing a pin installs a new set beside the old one. A complete set
# (marked by .installed) is reused without touching the network. npm comes from PATH.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ]; then
  echo "usage: install-clis.sh <cache-root> [<path-file>]" >&2
  exit 2
fi
cache_root=$1
path_file=${2:-}

done_at() {
  if [ -n "$path_file" ]; then
    mkdir -p "$(dirname "$path_file")"
    printf '%s\n' "$1" > "$path_file"
  fi
  echo "$1"
}

# The versions the study of the real CLIs ran (real-clis.md, "How this was tested"). Claude's
# 2.1.330 declares node >=22; on Node 20 npm would otherwise pick an older engine-compatible
# release, so the exact version is given and the EBADENGINE warning is expected.
packages="@anthropic-ai/claude-code@2.1.330 @openai/codex@0.169.0 @google/gemini-cli@0.61.0 opencode-ai@1.18.33 @github/copilot@1.0.102"

if ! command -v npm >/dev/null 2>&1; then
  echo "install-clis.sh: npm is not on PATH. The real-clis profile installs the CLIs with npm" \
       "(Node 20 or newer): install Node.js with npm, or give a folder whose node_modules/.bin" \
       "already holds claude, codex, gemini, opencode and copilot with -Dreal-clis.home=<folder>" \
       "-Dexec.skip=true." >&2
  exit 3
fi

version_set=$(printf '%s\n' "$packages" | cksum | cut -d' ' -f1)
target="$cache_root/$version_set"
if [ -f "$target/.installed" ]; then
  done_at "$target"
  exit 0
fi

mkdir -p "$cache_root"
scratch=$(mktemp -d "$cache_root/.install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
echo "install-clis.sh: installing $packages into $target (a few hundred MB, once)" >&2
# shellcheck disable=SC2086 # the package list is split on purpose
npm install --prefix "$scratch" --no-audit --no-fund --loglevel=error $packages >&2
for bin in claude codex gemini opencode copilot; do
  if [ ! -x "$scratch/node_modules/.bin/$bin" ]; then
    echo "install-clis.sh: npm finished but node_modules/.bin/$bin is missing" >&2
    exit 4
  fi
done
printf '%s\n' "$packages" > "$scratch/.installed"
rm -rf "$target"
mv "$scratch" "$target"
trap - EXIT
done_at "$target"
