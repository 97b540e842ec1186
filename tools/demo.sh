#!/usr/bin/env bash
# The main job on the bundled sample corpus: codes examples/news.jsonl,
# prints the events as a table, writes them into demo.db, and shows what the
# store holds. Called by `make demo` with the release binary.
set -euo pipefail
parley=${1:-build/release/parley}
cd "$(dirname "$0")/.."
rm -f demo.db demo.db-wal demo.db-shm
echo "== parley code --db demo.db --format table examples/news.jsonl"
"$parley" code --db demo.db --format table examples/news.jsonl
echo
echo "== parley stats --db demo.db --by month --group quad"
"$parley" stats --db demo.db --by month --group quad
echo
echo "== parley stats --db demo.db --top-dyads 10"
"$parley" stats --db demo.db --top-dyads 10
echo
echo "demo.db is ready: try 'parley query --db demo.db --root 19' or 'parley serve --db demo.db'"
