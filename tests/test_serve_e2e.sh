#!/usr/bin/env bash
# test_serve_e2e.sh - the dashboard in a real browser (headless Chromium):
# the page loads from `parley serve`, draws the timeline with data, fills the
# table, and a filter given in the URL (?root=19, the state the filter form
# writes) changes the table to matching events only. Saves a 1400x1000
# screenshot to $PARLEY_BUILD/e2e/dashboard.png for people to look at.
set -u
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "SKIP: chromium not installed"
  exit 77
fi
if ! command -v curl >/dev/null; then
  echo "SKIP: curl not installed"
  exit 77
fi
. "$PARLEY_SRC/tests/e2e/serve_env.sh"
start_server --threads 4

OUT="${PARLEY_BUILD:-$WORK}/e2e"
mkdir -p "$OUT"

chrome() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --disable-extensions --hide-scrollbars \
    --user-data-dir="$WORK/chrome" --window-size=1400,1000 --virtual-time-budget=20000 "$@" 2>>"$WORK/chrome.log"
}

# The body's data-* attributes are the page's own account of what it drew.
attr() { sed -n "s/.*<body[^>]*$1=\"\([^\"]*\)\".*/\1/p" "$2" | head -1; }

chrome --dump-dom "$BASE/" >"$WORK/all.html" || fail "chromium could not load the page"
[ "$(attr data-state "$WORK/all.html")" = ready ] || fail "page not ready: state=$(attr data-state "$WORK/all.html")"
periods=$(attr data-periods "$WORK/all.html")
[ "${periods:-0}" -ge 6 ] || fail "timeline has ${periods:-no} periods"
grep -q '<canvas' "$WORK/all.html" || fail "no chart canvas"
grep -q 'class="dot q[1-4]"' "$WORK/all.html" || fail "no event on the map"
rows_all=$(grep -o '<tr tabindex="0" data-root="[0-9]*"' "$WORK/all.html" | wc -l)
[ "$rows_all" -gt 0 ] || fail "the table is empty"
grep -o '<tr tabindex="0" data-root="[0-9]*"' "$WORK/all.html" | grep -qv 'data-root="19"' || fail "unfiltered table has only root 19"
grep -q '<mark class="act"' "$WORK/all.html" || fail "no highlighted action in the evidence"

chrome --dump-dom "$BASE/?root=19" >"$WORK/fight.html" || fail "chromium could not load the filtered page"
[ "$(attr data-state "$WORK/fight.html")" = ready ] || fail "filtered page not ready"
roots=$(grep -o '<tr tabindex="0" data-root="[0-9]*"' "$WORK/fight.html" | sed 's/.*data-root="\([0-9]*\)"/\1/' | sort -u)
[ "$roots" = 19 ] || fail "?root=19 shows roots: $(echo $roots)"
grep -q '<p class="scope" id="scope"[^>]*>19 Fight</p>' "$WORK/fight.html" || fail "the scope line does not show the filter"

# An event named in the URL opens in the detail dialog, with its mentions.
id=$(curl -s "$BASE/api/events?limit=1&root=07" | sed -n 's/.*"id": *"\([0-9a-f]*\)".*/\1/p' | head -1)
[ -n "$id" ] || fail "no event id from the API"
chrome --dump-dom "$BASE/?event=$id" >"$WORK/event.html" || fail "chromium could not load the event page"
grep -q '<dialog id="detail"[^>]* open' "$WORK/event.html" || fail "?event=$id did not open the event"
grep -q '<ol class="mentions"><li>' "$WORK/event.html" || fail "the event dialog lists no mention"

rm -f "$OUT/dashboard.png"
(cd "$OUT" && chrome --screenshot="$OUT/dashboard.png" "$BASE/") || fail "no screenshot"
[ "$(head -c 4 "$OUT/dashboard.png" | od -An -c | tr -d ' ')" = "211PNG" ] || fail "screenshot is not a PNG"
[ "$(stat -c %s "$OUT/dashboard.png")" -gt 30000 ] || fail "screenshot is suspiciously small"
echo "rows: $rows_all, periods: $periods"
echo "test_serve_e2e: all checks passed; screenshot: $OUT/dashboard.png"
