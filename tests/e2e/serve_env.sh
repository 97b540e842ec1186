# serve_env.sh - sourced by tests/test_serve_*.sh: loads the fixture events
# into a fresh store and starts `parley serve` on a free loopback port.
# Sets WORK, DB, PORT, BASE, SERVER_PID, SERVER_LOG; stops the server and
# removes WORK on exit.

: "${PARLEY:?PARLEY must name the parley binary}"
: "${PARLEY_SRC:?PARLEY_SRC must name the source tree}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/parley-serve.XXXXXX")
DB="$WORK/events.db"
SERVER_PID=""
SERVER_LOG="$WORK/serve.log"

serve_cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap serve_cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  [ -f "$SERVER_LOG" ] && sed 's/^/  serve: /' "$SERVER_LOG" >&2
  exit 1
}

"$PARLEY" load --quiet --db "$DB" "$PARLEY_SRC/tests/e2e/events.jsonl" || fail "parley load"

# start_server [extra serve options...]: starts on port 0 and waits for the
# "listening on" line that names the port the kernel chose.
start_server() {
  : >"$SERVER_LOG"  # emptied here, so the port of a previous server is never read
  PORT=""
  "$PARLEY" serve --db "$DB" --listen 127.0.0.1:0 --web "$PARLEY_SRC/web/dist" "$@" 2>"$SERVER_LOG" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$SERVER_LOG")
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "parley serve exited early"
    sleep 0.1
  done
  [ -n "$PORT" ] || fail "parley serve did not start"
  BASE="http://127.0.0.1:$PORT"
}

# stop_server SIGNAL: sends the signal and checks a clean exit (status 0).
stop_server() {
  kill -"$1" "$SERVER_PID" || fail "server already gone"
  local rc=0
  wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  [ "$rc" -eq 0 ] || fail "server exited with $rc after SIG$1"
  grep -q "SIG$1 received, stopping" "$SERVER_LOG" || fail "no shutdown message after SIG$1"
}
