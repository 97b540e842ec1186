#!/usr/bin/env bash
# Runs clang-tidy (config: .clang-tidy at the repository root) over every C
# file of the project: src/**/*.c, tests/*.c and fuzz/*.c through the build
# folder's compile database, and tools/*.c and bench/*.c, which CMake does
# not build (their shell scripts compile them), with the flags those scripts
# use. Prints the warnings and exits 1 if there is any; `make lint` calls it.
#   usage: tools/lint.sh [build-dir]      (default build/lint, must hold
#          compile_commands.json: cmake -S . -B build/lint)
# Two parallel jobs: the machine is shared and clang-analyzer is slow.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/lint}
db="$build/compile_commands.json"
if [ ! -f "$db" ]; then
    echo "lint: $db not found; configure first: cmake -S . -B $build" >&2
    exit 1
fi
command -v clang-tidy >/dev/null || { echo "lint: clang-tidy not found (Debian: clang-tidy)" >&2; exit 1; }
jobs=${LINT_JOBS:-2}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Files of the compile database under src/, tests/, fuzz/ (each once: the
# fuzz targets are compiled twice when PARLEY_FUZZ is on).
root=$(pwd)
grep -o '"file": *"[^"]*"' "$db" | sed 's/^"file": *"//; s/"$//' |
    grep -E "^$root/(src/.*|tests/[^/]*|fuzz/[^/]*)\.c$" | sort -u |
    xargs -r -P"$jobs" -n1 clang-tidy -p "$build" --quiet >>"$out" 2>/dev/null || true

# tools/ and bench/ programs are compiled by their scripts, not CMake.
extra=(-std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc
       $(pkg-config --cflags jansson sqlite3 2>/dev/null) $(pkg-config --cflags geonames 2>/dev/null))
ls tools/*.c bench/*.c 2>/dev/null |
    xargs -r -P"$jobs" -I{} clang-tidy --quiet {} -- "${extra[@]}" >>"$out" 2>/dev/null || true

# clang-tidy prints each warning with the lines it points at; a warning is a
# line "file:line:col: warning: ... [check]" (errors too: code it cannot parse).
# A warning in a header comes once per file including it: counted once.
cat "$out"
n=$({ grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error):' "$out" || true; } | sort -u | wc -l)
if [ "$n" -gt 0 ]; then
    echo "lint: $n clang-tidy finding(s)" >&2
    exit 1
fi
echo "lint: clean" >&2
