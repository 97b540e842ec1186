#!/bin/sh
# tools/train.sh - reproduces the committed NLP models (data/models) from UD
# English EWT. Only EWT (CC BY-SA 4.0) is used: GUM's licence (CC BY-NC-SA)
# keeps it out of the committed models.
#
#   tools/train.sh [PARLEY_BINARY] [OUT_DIR]
#
# EWT is looked for in $UD_EWT (default /work/shared/data/ud/UD_English-EWT).
# Training is deterministic: the same seed and data give byte-identical files,
# whatever the number of threads ($THREADS, default: every processor) that
# trains the networks (nn.bin, nn_fast.bin), on any x86-64 processor with AVX2 and FMA
# (others take the kernels' plain build, whose sums round differently).
# The networks take most of the time: nn.bin 24 epochs of about 80
# CPU-seconds each, nn_fast.bin (the smaller one --fast takes, which tags
# without the perceptron's tag, tag=0) 45 of about 40 (docs/nlp.md). The
# second run retrains the same tagger (the same bytes), whose classes the
# network's tags are.
set -eu
PARLEY=${1:-build/release/parley}
OUT=${2:-data/models}
UD_EWT=${UD_EWT:-/work/shared/data/ud/UD_English-EWT}
THREADS=${THREADS:-$(nproc)}
mkdir -p "$OUT"
"$PARLEY" train \
    --train "$UD_EWT/en_ewt-ud-train.conllu" \
    --dev "$UD_EWT/en_ewt-ud-dev.conllu" \
    --out "$OUT" --seed 1 --epochs 8 --parser-epochs 12 --folds 4 --prune 2 \
    --nn-epochs 24 --nn-threads "$THREADS" --nn hidden=128,layers=2,arc=256,lab=96
exec "$PARLEY" train \
    --train "$UD_EWT/en_ewt-ud-train.conllu" \
    --dev "$UD_EWT/en_ewt-ud-dev.conllu" \
    --out "$OUT" --seed 1 --epochs 8 --folds 4 --nn-only 1 --nn-file nn_fast.bin \
    --nn-epochs 45 --nn-threads "$THREADS" \
    --nn hidden=80,layers=2,arc=96,lab=48,word=100,gram=50,tag=0
