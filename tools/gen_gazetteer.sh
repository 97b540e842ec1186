#!/bin/sh
# Regenerates data/gazetteer/geonames.tsv from Debian's libgeonames and iso-codes.
# Needs: libgeonames-dev, libjansson-dev, iso-codes. The output is committed; parley
# itself does not link libgeonames. See docs/resolve.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -std=gnu17 -O2 -Wall -Wextra -Werror -o "$tmp/gen_gazetteer" "$here/gen_gazetteer.c" \
   $(pkg-config --cflags --libs geonames jansson) -lm
"$tmp/gen_gazetteer" /usr/share/iso-codes/json/iso_3166-1.json "$root/tools/data/countries_extra.tsv" \
   > "$tmp/geonames.tsv"
# Sorted so that regenerating gives the same file.
{ grep '^#' "$tmp/geonames.tsv"; grep -v '^#' "$tmp/geonames.tsv" | LC_ALL=C sort; } \
   > "$root/data/gazetteer/geonames.tsv"
echo "wrote $root/data/gazetteer/geonames.tsv"
