#!/bin/bash
# test_nlp_cli.sh - `parley train`, `parse --input conllu` and `eval-nlp` end
# to end on the sample written for the tests (tests/data/nlp/sample.conllu):
# training is deterministic for a seed, `parse --input conllu` keeps every
# line except columns 3-9 of word lines, and eval-nlp reports all metrics.
set -euo pipefail
SAMPLE="$PARLEY_SRC/tests/data/nlp/sample.conllu"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/a" "$TMP/b" "$TMP/c"
for d in a b; do
    "$PARLEY" train --train "$SAMPLE" --out "$TMP/$d" --seed 7 --epochs 3 --parser-epochs 3 --folds 2 2> "$TMP/log"
done
"$PARLEY" train --train "$SAMPLE" --out "$TMP/c" --seed 8 --epochs 3 --parser-epochs 3 --folds 2 2> "$TMP/log"
for f in tagger.bin lemma.bin parser.bin; do
    cmp "$TMP/a/$f" "$TMP/b/$f" || { echo "training with one seed is not deterministic: $f"; exit 1; }
done
if cmp -s "$TMP/a/parser.bin" "$TMP/c/parser.bin"; then echo "the seed has no effect"; exit 1; fi

"$PARLEY" parse --models "$TMP/a" --input conllu "$SAMPLE" > "$TMP/pred.conllu"
[ "$(wc -l < "$TMP/pred.conllu")" = "$(wc -l < "$SAMPLE")" ] || { echo "line count differs"; exit 1; }
# comments, blank lines and range lines are unchanged; word lines keep ID, FORM and MISC
diff <(grep -v -P '^\d+\t' "$SAMPLE") <(grep -v -P '^\d+\t' "$TMP/pred.conllu")
diff <(grep -P '^\d+\t' "$SAMPLE" | cut -f1,2,10) <(grep -P '^\d+\t' "$TMP/pred.conllu" | cut -f1,2,10)
# every word line has 10 columns, a known UPOS and a numeric head
awk -F'\t' '/^[0-9]+\t/ { if (NF != 10 || $4 == "_" || $7 !~ /^[0-9]+$/) { print "bad line: " $0; bad = 1 } } END { exit bad }' "$TMP/pred.conllu"

# parse --input conllu ignores the annotation columns (a HEAD that is not a
# number, tags parley does not know), which eval-nlp, reading gold, refuses
printf '1\tTalks\tx\tNOUNISH\tQQ\tOdd=Feat\tx\tweird\t_\t_\n2\tresumed\t_\t_\t_\t_\t99\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n' > "$TMP/junk.conllu"
"$PARLEY" parse --models "$TMP/a" --input conllu "$TMP/junk.conllu" > "$TMP/junk.out"
awk -F'\t' '/^[0-9]+\t/ { n++; if (NF != 10 || $4 == "_" || $7 !~ /^[0-9]+$/) bad = 1 } END { exit bad || n != 3 }' "$TMP/junk.out" \
    || { echo "parse --input conllu read the annotation columns"; exit 1; }
grep -q 'SpaceAfter=No' "$TMP/junk.out"
if "$PARLEY" eval-nlp --models "$TMP/a" "$TMP/junk.conllu" > /dev/null 2> "$TMP/err"; then
    echo "eval-nlp accepted a HEAD that is not a number"; exit 1
fi
grep -q 'HEAD' "$TMP/err"

# a long word line (a 3,000-byte form and MISC) comes out whole, with the
# same ten columns
LONG=$(head -c 3000 /dev/zero | tr '\0' 'x')
printf '1\tThe\t_\t_\t_\t_\t_\t_\t_\t_\n2\t%s\t_\t_\t_\t_\t_\t_\t_\tNote=%s\n\n' "$LONG" "$LONG" > "$TMP/long.conllu"
"$PARLEY" parse --models "$TMP/a" --input conllu "$TMP/long.conllu" > "$TMP/long.out"
awk -F'\t' -v L="$LONG" 'NR == 2 { ok = NF == 10 && $2 == L && $10 == "Note=" L && $4 != "_" } END { exit !ok }' "$TMP/long.out" \
    || { echo "a long word line was not written whole"; exit 1; }

"$PARLEY" eval-nlp --models "$TMP/a" "$SAMPLE" > "$TMP/eval.txt"
for m in UPOS XPOS Lemma UAS LAS; do grep -q "^$m " "$TMP/eval.txt" || { echo "missing $m"; exit 1; }; done
grep -q '^words     65$' "$TMP/eval.txt"

# a truncated model is refused with exit status 1 and a message naming it
cp "$TMP/a/tagger.bin" "$TMP/a/lemma.bin" "$TMP/c/"
head -c 100 "$TMP/a/parser.bin" > "$TMP/c/parser.bin"
if "$PARLEY" parse --models "$TMP/c" --input conllu "$SAMPLE" > /dev/null 2> "$TMP/err"; then
    echo "a truncated model was accepted"; exit 1
fi
grep -q 'parser.bin' "$TMP/err"
"$PARLEY" parse --help | grep -q -- '--input'

# the network: a tiny one trained on the sample (two epochs, one and two
# threads: the same file), used when nn.bin is there and left alone by
# --perceptron; --fast takes nn_fast.bin, or no network without it
for t in 1 2; do
    mkdir -p "$TMP/n$t"
    "$PARLEY" train --train "$SAMPLE" --out "$TMP/n$t" --seed 7 --epochs 3 --folds 2 --nn-only 1 \
        --nn-epochs 2 --nn-threads $t --nn hidden=8,layers=1,word=8,gram=4,grams=64,tag=4,arc=8,lab=4 \
        2> "$TMP/log"
done
cmp "$TMP/n1/nn.bin" "$TMP/n2/nn.bin" || { echo "the network depends on the thread count"; exit 1; }
cp "$TMP/n1/nn.bin" "$TMP/a/"
"$PARLEY" parse --models "$TMP/a" --input conllu "$SAMPLE" > "$TMP/nn.conllu"
"$PARLEY" parse --models "$TMP/a" --perceptron --input conllu "$SAMPLE" > "$TMP/perc.conllu"
cmp -s "$TMP/perc.conllu" "$TMP/pred.conllu" || { echo "--perceptron differs from the models without nn.bin"; exit 1; }
if cmp -s "$TMP/nn.conllu" "$TMP/pred.conllu"; then echo "nn.bin was not used"; exit 1; fi
"$PARLEY" parse --models "$TMP/a" --fast --input conllu "$SAMPLE" > "$TMP/fast.conllu"
cmp -s "$TMP/fast.conllu" "$TMP/pred.conllu" || { echo "--fast without nn_fast.bin is not the perceptron pipeline"; exit 1; }
cp "$TMP/n1/nn.bin" "$TMP/a/nn_fast.bin"
"$PARLEY" parse --models "$TMP/a" --fast --input conllu "$SAMPLE" > "$TMP/fast.conllu"
cmp -s "$TMP/fast.conllu" "$TMP/nn.conllu" || { echo "--fast did not use nn_fast.bin"; exit 1; }
rm "$TMP/a/nn_fast.bin"
# a network without the perceptron's tag in (tag=0) tags by itself, so the
# pipeline skips the perceptron: taggers of the same classes but other
# weights (1 and 3 epochs) give the same output with it
mkdir -p "$TMP/t1" "$TMP/t3" "$TMP/u1" "$TMP/u3"
for e in 1 3; do
    "$PARLEY" train --train "$SAMPLE" --out "$TMP/t$e" --seed 7 --epochs $e --folds 2 --nn-only 1 \
        --nn-epochs 2 --nn hidden=8,layers=1,word=8,gram=4,grams=64,tag=0,arc=8,lab=4 2> "$TMP/log"
done
if cmp -s "$TMP/t1/tagger.bin" "$TMP/t3/tagger.bin"; then echo "the epochs had no effect on the tagger"; exit 1; fi
cmp -s "$TMP/t1/nn.bin" "$TMP/t3/nn.bin" || { echo "a tag=0 network depends on the tagger's weights"; exit 1; }
for e in 1 3; do
    cp "$TMP/t$e/tagger.bin" "$TMP/a/lemma.bin" "$TMP/a/parser.bin" "$TMP/t1/nn.bin" "$TMP/u$e/"
    "$PARLEY" parse --models "$TMP/u$e" --input conllu "$SAMPLE" > "$TMP/u$e.conllu"
done
cmp -s "$TMP/u1.conllu" "$TMP/u3.conllu" || { echo "a tag=0 network's output depends on the perceptron"; exit 1; }
"$PARLEY" parse --models "$TMP/u1" --perceptron --input conllu "$SAMPLE" > "$TMP/u1p.conllu"
if cmp -s "$TMP/u1.conllu" "$TMP/u1p.conllu"; then echo "the tag=0 network was not used"; exit 1; fi
# a network beside a tagger trained with other tag classes (the sample's
# sentences in reverse order number the classes differently) is refused
mkdir -p "$TMP/r" "$TMP/mix"
awk 'BEGIN { RS = ""; ORS = "\n\n" } { s[NR] = $0 } END { for (i = NR; i >= 1; i--) print s[i] }' \
    "$SAMPLE" > "$TMP/rev.conllu"
"$PARLEY" train --train "$TMP/rev.conllu" --out "$TMP/r" --seed 7 --epochs 3 --folds 2 --nn-only 1 \
    --nn-epochs 1 --nn hidden=8,layers=1,word=8,gram=4,grams=64,tag=4,arc=8,lab=4 2> "$TMP/log"
cp "$TMP/r/tagger.bin" "$TMP/a/lemma.bin" "$TMP/a/parser.bin" "$TMP/n1/nn.bin" "$TMP/mix/"
if "$PARLEY" parse --models "$TMP/mix" --input conllu "$SAMPLE" > /dev/null 2> "$TMP/err"; then
    echo "a network with another tagger's classes was accepted"; exit 1
fi
grep -q 'another tagger.bin' "$TMP/err"
echo ok
