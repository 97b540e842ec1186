#!/bin/bash
# resolve.sh - CPU cost of the resolver next to the stages before it.
#
# usage: bench/resolve.sh [BUILD] [CORPUS]
#   BUILD   a release build folder with libparley.a (default build/release)
#   CORPUS  JSON Lines news (default bench/out/news.jsonl, generated at MB megabytes,
#           default 20, by gen_corpus.py when missing)
# environment: MAX_DOCS=N (default all), RUNS=N (default 3; each run prints its figures)
# Figures are per CPU-second of the benchmark's thread (one core), in-process.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-$HERE/../build/release}" && pwd)
CORPUS=${2:-$HERE/out/news.jsonl}
RUNS=${RUNS:-3}
[ -f "$BUILD/libparley.a" ] || { echo "bench: no libparley.a in $BUILD (make release)" >&2; exit 1; }
mkdir -p "$HERE/out"
if [ ! -f "$CORPUS" ]; then
    python3 "$HERE/gen_corpus.py" --mb "${MB:-20}" --out "$CORPUS"
fi
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$HERE/../include" "$HERE/resolve_bench.c" "$BUILD/libparley.a" \
    $(pkg-config --libs jansson sqlite3) -lm -lpthread -o "$HERE/out/resolve_bench"
echo "resolve bench on $CORPUS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
    "$HERE/out/resolve_bench" "$CORPUS" ${MAX_DOCS:-}
done
