#!/bin/bash
# test_lex_cli.sh - `parley dict` end to end on the test dictionaries of
# tests/data/lex/: stats (counts, codes without patterns, TABARI options),
# lookup (spans, combined code, dates), malformed lines (exit 2, --strict
# exit 1), the PARLEY_DATA default folder, and usage errors.
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}"
LEX="$PARLEY_SRC/tests/data/lex"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$PARLEY" dict stats --dict "$LEX/parley" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] || fail "stats: exit $rc: $(cat "$TMP/err")"
grep -q '^actor phrases  *9$' "$TMP/out" || fail "stats: actor phrases: $(cat "$TMP/out")"
grep -q '^persons  *2 (5 dated roles)$' "$TMP/out" || fail "stats: persons"
grep -q '^patterns  *11 (2 nouns of action)$' "$TMP/out" || fail "stats: patterns"
grep -q '^CAMEO codes without a pattern: 311 of 318$' "$TMP/out" || fail "stats: codes without patterns"
grep -q ' 08:4 ' "$TMP/out" || fail "stats: patterns per root"
grep -q '^load + compile ' "$TMP/out" || fail "stats: load time"

"$PARLEY" dict lookup "Qatari Foreign Ministry" --date 2023-12-05 --dict "$LEX/parley" >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "lookup: exit $rc"
grep -q '^tokens 1-3 -> QATGOV ' "$TMP/out" || fail "lookup: combined code: $(cat "$TMP/out")"
grep -q 'qatari  \[adjective\] QAT Qatari' "$TMP/out" || fail "lookup: adjective span"
grep -q 'foreign ministry  \[agent\] GOV foreign ministry' "$TMP/out" || fail "lookup: agent span"

"$PARLEY" dict lookup "Blinken said" --date 2025-01-21 --dict "$LEX/parley" >"$TMP/out" 2>&1
grep -q '^tokens 1-1 -> USAELI (person, Antony Blinken)$' "$TMP/out" || fail "lookup: dated person: $(cat "$TMP/out")"
"$PARLEY" dict lookup "nothing here" --dict "$LEX/parley" >"$TMP/out" 2>&1
[ $? -eq 2 ] || fail "lookup: no match should exit 2"
grep -qx 'no dictionary phrase matches' "$TMP/out" || fail "lookup: no match message"
"$PARLEY" dict lookup "Qatar" --date 5.12.2023 --dict "$LEX/parley" >/dev/null 2>&1
[ $? -eq 1 ] || fail "lookup: bad --date should exit 1"

mkdir "$TMP/bad" && cp "$LEX/bad/bad.txt" "$TMP/bad/"
"$PARLEY" dict stats --dict "$TMP/bad" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] || fail "malformed: exit should be 2"
[ "$(grep -c 'line skipped' "$TMP/err")" -eq 9 ] || fail "malformed: 9 lines reported: $(cat "$TMP/err")"
grep -q 'bad.txt:3: bad code' "$TMP/err" || fail "malformed: file:line: reason"
"$PARLEY" dict stats --strict --dict "$TMP/bad" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] || fail "strict: exit should be 1"
grep -q 'bad.txt:3: bad code' "$TMP/err" || fail "strict: error message: $(cat "$TMP/err")"

T="$LEX/tabari"
"$PARLEY" dict stats --dict "$LEX/parley" --verbs "$T/verbs.txt" --actors "$T/actors.txt" \
    --agents "$T/agents.txt" --discards "$T/discards.txt" --quiet >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] || fail "tabari: 3 malformed lines should give exit 2"
grep -q '^TABARI verbs  *3 constraints dropped, 1 transformations ignored, 4 \[---\]$' "$TMP/out" \
    || fail "tabari: counts: $(cat "$TMP/out")"
grep -q '^actor phrases  *7$' "$TMP/out" || fail "tabari: actor phrases from the TABARI file"
grep -q '^adjective phrases  *0$' "$TMP/out" || fail "tabari: actors replace parley's adjectives"
[ -s "$TMP/err" ] && fail "tabari: --quiet printed: $(cat "$TMP/err")"

mkdir -p "$TMP/data/dict" && cp "$LEX/parley/"*.txt "$TMP/data/dict/"
PARLEY_DATA="$TMP/data" "$PARLEY" dict stats >"$TMP/out" 2>&1
grep -q "^dictionary folder  *$TMP/data/dict$" "$TMP/out" || fail "PARLEY_DATA default: $(head -1 "$TMP/out")"

"$PARLEY" dict --help >"$TMP/out" 2>&1 || fail "--help should exit 0"
grep -q 'usage: parley dict stats' "$TMP/out" || fail "--help text"
"$PARLEY" dict frobnicate >/dev/null 2>&1
[ $? -eq 1 ] || fail "unknown subcommand should exit 1"
"$PARLEY" dict stats --dict "$TMP/nonexistent" >/dev/null 2>&1
[ $? -eq 1 ] || fail "missing folder should exit 1"

[ $fails -eq 0 ] && echo "test_lex_cli: all passed"
exit $((fails > 0))
