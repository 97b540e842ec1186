#!/bin/sh
# tools/train.sh - reproduces the committed NLP models (data/models) from UD
# English EWT. Only EWT (CC BY-SA 4.0) is used: GUM's licence (CC BY-NC-SA)
# keeps it out of the committed models.
#
#   tools/train.sh [PARLEY_BINARY] [OUT_DIR]
#
# EWT is looked for in $UD_EWT (default /work/shared/data/ud/UD_English-EWT).
# Training is deterministic: the same seed and data give byte-identical files.
set -eu
PARLEY=${1:-build/release/parley}
OUT=${2:-data/models}
UD_EWT=${UD_EWT:-/work/shared/data/ud/UD_English-EWT}
mkdir -p "$OUT"
exec "$PARLEY" train \
    --train "$UD_EWT/en_ewt-ud-train.conllu" \
    --dev "$UD_EWT/en_ewt-ud-dev.conllu" \
    --out "$OUT" --seed 1 --epochs 8 --parser-epochs 12 --folds 4 --prune 2
