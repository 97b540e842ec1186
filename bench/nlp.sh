#!/bin/sh
# bench/nlp.sh - speed and memory of tagging + lemmatising + parsing.
#
#   [NLP=fast|perceptron] bench/nlp.sh PARLEY FILE.conllu [COPIES]
#
# Runs `parley parse --input conllu` (gold tokenisation, so segmentation is
# not timed) over FILE repeated COPIES times (default 5) RUNS times (default
# 5), and a run over empty input to measure model loading. Prints sentences/s
# from CPU time (user + system, the figure to quote on a shared machine) and
# from wall time, for the slowest run ("min") and the median run, with model
# loading subtracted, and the largest peak RSS. NLP=fast times the smaller
# network (--fast), NLP=perceptron the pipeline without a network.
set -eu
PARLEY=$1
FILE=$2
COPIES=${3:-5}
RUNS=${RUNS:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
i=0
while [ $i -lt "$COPIES" ]; do cat "$FILE"; i=$((i + 1)); done > "$TMP/in.conllu"
SENTS=$(grep -c '^1	' "$TMP/in.conllu")
: > "$TMP/empty.conllu"
measure() { # file -> "cpu wall rss" lines
    /usr/bin/time -f '%U %S %e %M' -o "$TMP/t" "$PARLEY" parse ${NLP:+--$NLP} --input conllu "$1" > /dev/null
    awk '{printf "%.3f %.3f %d\n", $1 + $2, $3, $4}' "$TMP/t"
}
: > "$TMP/load"
: > "$TMP/runs"
r=0
while [ $r -lt "$RUNS" ]; do
    measure "$TMP/empty.conllu" >> "$TMP/load"
    measure "$TMP/in.conllu" >> "$TMP/runs"
    r=$((r + 1))
done
LOAD_CPU=$(sort -n "$TMP/load" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
LOAD_WALL=$(sort -k2 -n "$TMP/load" | awk '{a[NR] = $2} END {print a[int((NR + 1) / 2)]}')
echo "input: $SENTS sentences ($COPIES x $FILE), $RUNS runs; model load: ${LOAD_CPU}s CPU, ${LOAD_WALL}s wall (median)"
for col in 1 2; do
    name=$([ $col = 1 ] && echo "CPU " || echo "wall")
    load=$([ $col = 1 ] && echo "$LOAD_CPU" || echo "$LOAD_WALL")
    sort -k$col -n "$TMP/runs" | awk -v c=$col -v s="$SENTS" -v l="$load" -v n="$name" '
        {t[NR] = $c - l; if (t[NR] <= 0) t[NR] = 0.001}
        END {printf "%s: min %.0f sentences/s (%.2fs), median %.0f sentences/s (%.2fs)\n",
             n, s / t[NR], t[NR], s / t[int((NR + 1) / 2)], t[int((NR + 1) / 2)]}'
done
sort -k3 -n "$TMP/runs" | tail -1 | awk '{printf "peak RSS: %.1f MB\n", $3 / 1024}'
