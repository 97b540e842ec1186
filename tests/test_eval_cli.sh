#!/bin/bash
# test_eval_cli.sh - `parley eval --documents` end to end with the committed
# models on one story written for the test (tests/data/eval/one_story.jsonl):
# the event-level lines score the matched event's date, reporter and
# quantities, and a gold file with a wrong reporter and a wrong count makes
# exactly those lines fail and --show-errors name them.
set -euo pipefail
STORY="$PARLEY_SRC/tests/data/eval/one_story.jsonl"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "test_eval_cli: $*"; cat "$TMP/out" 2>/dev/null; exit 1; }
line() { grep -E "^  $1 " "$TMP/out" | tr -s ' '; }

"$PARLEY" eval --documents "$STORY" > "$TMP/out" 2> "$TMP/err" || fail "eval failed: $(cat "$TMP/err")"
grep -q '^parley eval --documents: 1 documents$' "$TMP/out" || fail "document count"
[ "$(line 'full events')" = " full events P 100.00% R 100.00% F1 100.00%" ] || fail "full events"
for m in 'event dates' 'event reporters' 'event quantities'; do
    [ "$(line "$m")" = " $m 1 gold found 100.00% correct 100.00% of gold, 100.00% of found" ] || fail "$m"
done

# The same story with a wrong reporter and a wrong count in the gold.
sed -e 's/"reporter": "EGYGOV"/"reporter": "QATGOV"/' -e 's/"value": 13, "unit": "people"}\]}/"value": 14, "unit": "people"}]}/' \
    "$STORY" > "$TMP/wrong.jsonl"
grep -q QATGOV "$TMP/wrong.jsonl" && grep -q '"value": 14' "$TMP/wrong.jsonl" || fail "could not make the wrong gold"
"$PARLEY" eval --documents "$TMP/wrong.jsonl" --show-errors > "$TMP/out" 2> "$TMP/err" || fail "eval failed"
[ "$(line 'event dates')" = " event dates 1 gold found 100.00% correct 100.00% of gold, 100.00% of found" ] || fail "dates"
[ "$(line 'event reporters')" = " event reporters 1 gold found 100.00% correct 0.00% of gold, 0.00% of found" ] ||
    fail "a wrong reporter was not counted"
[ "$(line 'event quantities')" = " event quantities 1 gold found 100.00% correct 0.00% of gold, 0.00% of found" ] ||
    fail "a wrong quantity was not counted"
grep -q 'reporter: expected QATGOV, got EGYGOV' "$TMP/out" || fail "--show-errors does not name the reporter"
grep -q 'quantities: 1 expected, 1 attached' "$TMP/out" || fail "--show-errors does not name the quantities"
# the smaller network and the pipeline without a network code the story too
for f in --fast --perceptron; do
    "$PARLEY" eval "$f" --documents "$STORY" > "$TMP/out" 2> "$TMP/err" || fail "eval $f failed: $(cat "$TMP/err")"
    [ "$(line 'full events')" = " full events P 100.00% R 100.00% F1 100.00%" ] || fail "full events with $f"
done
echo "ok: eval --documents scores event dates, reporters and quantities"
