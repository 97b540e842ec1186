#!/bin/bash
# test_segment_cli.sh - `parley segment` end to end: good input, every kind of
# bad record (one "parley: FILE:LINE: reason" line each, the summary, exit 2),
# --strict, stdin, plain text, CoNLL-U output, and -j N keeping input order.
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}"
DATA="$PARLEY_SRC/tests/data"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# --- valid input
"$PARLEY" segment "$DATA/segment_good.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] || fail "valid input: exit $rc"
grep -qx 'parley: 2 documents read, 2 processed, 0 skipped' "$TMP/err" || fail "valid input: summary: $(cat "$TMP/err")"
grep -qx 'Gen. Smith met U.S. officials in Doha on Dec. 5 .' "$TMP/out" || fail "valid input: first sentence: $(head -1 "$TMP/out")"
grep -qx "They didn't agree ." "$TMP/out" || fail "valid input: second sentence"
grep -qx "Qatar's emir hosted the 7 - day talks ." "$TMP/out" || fail "valid input: hyphen split"
[ "$(grep -c '^$' "$TMP/out")" -eq 2 ] || fail "valid input: one blank line per document"

# --- CoNLL-U
"$PARLEY" segment --format conllu "$DATA/segment_good.jsonl" >"$TMP/conllu" 2>/dev/null || fail "conllu: exit $?"
grep -qx '# newdoc id = doha-1' "$TMP/conllu" || fail "conllu: newdoc"
grep -qx '# sent_id = doha-1-2' "$TMP/conllu" || fail "conllu: sent_id"
grep -qx "# text = They didn't agree." "$TMP/conllu" || fail "conllu: text"
grep -qP "^2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_$" "$TMP/conllu" || fail "conllu: multiword range"
grep -qP "^3\tn't\t" "$TMP/conllu" || fail "conllu: second word of the range"
grep -qP "^4\tagree\t.*\tSpaceAfter=No$" "$TMP/conllu" || fail "conllu: SpaceAfter=No"
grep -qx "# newdoc id = $DATA/segment_good.jsonl:2" "$TMP/conllu" || fail "conllu: missing id becomes FILE:LINE"

# --- each bad record: one error line naming file and line, summary, exit 2
check_bad() {  # name, reason regex, extra options...; the file is $TMP/name.jsonl (line 2 is bad)
    local name=$1 reason=$2
    shift 2
    "$PARLEY" segment "$@" "$TMP/$name.jsonl" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    [ $rc -eq 2 ] || fail "$name: exit $rc, want 2"
    [ "$(grep -c "^parley: $TMP/$name.jsonl:" "$TMP/err")" -eq 1 ] || fail "$name: want one error line: $(cat "$TMP/err")"
    grep -qE "^parley: $TMP/$name.jsonl:2: $reason" "$TMP/err" || fail "$name: reason: $(head -1 "$TMP/err")"
    grep -qx 'parley: 2 documents read, 1 processed, 1 skipped' "$TMP/err" || fail "$name: summary: $(tail -1 "$TMP/err")"
    grep -q '^Good \.$' "$TMP/out" || fail "$name: the good record was not processed"
}
bad_file() { { echo '{"id":"ok","text":"Good."}'; printf '%b\n' "$2"; } >"$TMP/$1.jsonl"; }
bad_file utf8 '{"id":"u","text":"caf\xe9"}'
check_bad utf8 'invalid UTF-8 at byte offset 21'
bad_file json '{"id":"j","text":"unterminated}'
check_bad json 'invalid JSON: .*\(column [0-9]+\)'
bad_file array '["not","an","object"]'
check_bad array 'not a JSON object'
bad_file notext '{"id":"n","title":"no text"}'
check_bad notext 'missing "text"'
bad_file numtext '{"id":"n","text":42}'
check_bad numtext '"text" is not a string'
bad_file baddate '{"id":"d","date":"2023-02-29","text":"Not a leap year."}'
check_bad baddate 'bad "date" .2023-02-29.'
bad_file empty '{"id":"e","text":"  \\n\\t "}'
check_bad empty 'empty text'
bad_file long "{\"id\":\"l\",\"text\":\"$(printf 'word %.0s' $(seq 1 100))\"}"
check_bad long 'line of [0-9]+ bytes is over the limit of 200 bytes' --max-line 200
bad_file nul '{"id":"z","text":"a\x00b"}'
check_bad nul 'NUL byte at byte offset 19'

# --- --strict stops at the first bad record
{ echo '{"text":"First."}'; echo '{"text":'; echo '{"text":"Never read."}'; } >"$TMP/strict.jsonl"
"$PARLEY" segment --strict "$TMP/strict.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] || fail "strict: exit $rc"
grep -q "^parley: $TMP/strict.jsonl:2: invalid JSON" "$TMP/err" || fail "strict: error line"
grep -qx 'parley: 2 documents read, 1 processed, 1 skipped' "$TMP/err" || fail "strict: summary: $(tail -1 "$TMP/err")"
grep -q 'Never' "$TMP/out" && fail "strict: read past the error"

# --- stdin, with '-' and with no FILE
"$PARLEY" segment - <"$DATA/segment_good.jsonl" >"$TMP/out1" 2>/dev/null || fail "stdin '-': exit $?"
"$PARLEY" segment <"$DATA/segment_good.jsonl" >"$TMP/out2" 2>/dev/null || fail "stdin: exit $?"
"$PARLEY" segment "$DATA/segment_good.jsonl" >"$TMP/out3" 2>/dev/null
cmp -s "$TMP/out1" "$TMP/out3" && cmp -s "$TMP/out2" "$TMP/out3" || fail "stdin output differs from file output"

# --- plain text: one document, id = base name, blank line = sentence break
"$PARLEY" segment --format conllu --date 2024-01-02 "$DATA/segment_plain.txt" >"$TMP/out" 2>/dev/null || fail "text: exit $?"
grep -qx '# newdoc id = segment_plain.txt' "$TMP/out" || fail "text: id"
[ "$(grep -c '^# sent_id' "$TMP/out")" -eq 2 ] || fail "text: two sentences"
"$PARLEY" segment --date 2024-02-30 "$DATA/segment_plain.txt" >/dev/null 2>&1 && fail "bad --date accepted"

# --- unreadable file: reported, others still run, exit 2
"$PARLEY" segment "$TMP/missing.jsonl" "$DATA/segment_good.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] || fail "missing file: exit $rc"
grep -q "^parley: $TMP/missing.jsonl: cannot open" "$TMP/err" || fail "missing file: message"
grep -q 'Doha' "$TMP/out" || fail "missing file: next file not read"

# --- -j N: same bytes, same order, bad records still counted
for i in $(seq 1 400); do
    if [ $((i % 97)) -eq 0 ]; then echo '{"text":'; else
        echo "{\"id\":\"d$i\",\"text\":\"Document $i says Mr. Smith didn't go. It rained on day $i.\"}"; fi
done >"$TMP/many.jsonl"
"$PARLEY" segment --format conllu "$TMP/many.jsonl" >"$TMP/j1" 2>"$TMP/e1"
rc1=$?
"$PARLEY" segment --format conllu -j 4 "$TMP/many.jsonl" >"$TMP/j4" 2>"$TMP/e4"
rc4=$?
[ $rc1 -eq 2 ] && [ $rc4 -eq 2 ] || fail "-j: exits $rc1 $rc4"
cmp -s "$TMP/j1" "$TMP/j4" || fail "-j 4 output differs from -j 1"
grep -qx 'parley: 400 documents read, 396 processed, 4 skipped' "$TMP/e4" || fail "-j 4 summary: $(tail -1 "$TMP/e4")"

# --- usage errors
"$PARLEY" segment --format xml "$DATA/segment_good.jsonl" >/dev/null 2>&1
[ $? -eq 1 ] || fail "bad --format: want exit 1"
"$PARLEY" segment --help | grep -q 'usage: parley segment' || fail "--help"

if [ $fails -ne 0 ]; then
    echo "$fails check(s) failed"
    exit 1
fi
echo "all segment CLI checks passed"
