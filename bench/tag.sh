#!/bin/bash
# tag.sh - CPU cost of tagging alone (tagger, lemmatiser, feature table; no
# parser) on a CoNLL-U file, in-process (see tag_bench.c).
#
# usage: [PARSE=1] [NLP=fast|perceptron] bench/tag.sh [BUILD] [MODELS] FILE.conllu [PASSES]
#   PARSE=1 times tagging and parsing (parley_nlp_annotate) instead
#   NLP     fast: the smaller network (nn_fast.bin); perceptron: no network
#   BUILD   a release build folder with libparley.a (default build/release)
#   MODELS  model folder (default data/models)
#   PASSES  passes over the file (default 7); prints each, the best and the median
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-$HERE/../build/release}" && pwd)
MODELS=${2:-$HERE/../data/models}
FILE=${3:?usage: bench/tag.sh BUILD MODELS FILE.conllu [PASSES]}
[ -f "$BUILD/libparley.a" ] || { echo "bench: no libparley.a in $BUILD (make release)" >&2; exit 1; }
mkdir -p "$HERE/out"
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$HERE/../include" "$HERE/tag_bench.c" "$BUILD/libparley.a" \
    $(pkg-config --libs jansson sqlite3) -lm -lpthread -o "$HERE/out/tag_bench"
echo "${PARSE:+parse and }tag bench${NLP:+ ($NLP)} on $FILE, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$HERE/out/tag_bench" ${PARSE:+--parse} ${NLP:+--$NLP} "$MODELS" "$FILE" "${4:-7}"
