#!/usr/bin/env bash
# `npm run train:cv [-- N]`: an end-to-end N-fold cross-validation (default 5) over the train
# split, for comparing training or engine variants without touching the test split. Each fold
# trains everything (associations, reranker, gate, priors) without one N-th of the train split
# and scores that part as unseen questions. Unlike `dockhand eval --split train`, which leaves a
# question's own counts out of the associations and priors but not out of the reranker's and the
# gate's fit, this is an honest estimate for new questions (and lower). Takes about N × 100 s.
set -euo pipefail
cd "$(dirname "$0")/.."
folds=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((k = 0; k < folds; k++)); do
  mkdir -p "$work/$k"
  TRAIN_FOLD="$k/$folds" TRAIN_OUT="$work/$k" node bin/run-ts.js scripts/train-gate.ts > "$work/$k/train.log"
  node bin/run-ts.js scripts/cv-fold.ts "$work/$k" "$k" "$folds" | tee -a "$work/folds.jsonl"
done
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
const pct = (a, b) => `${((100 * a) / b).toFixed(1)} %`;
console.log(`${rows.length}-fold cross-validation over the train split: top-1 ${pct(sum("top1"), sum("covered"))}, top-3 ${pct(sum("top3"), sum("covered"))} of ${sum("covered")} covered; confident-wrong ${sum("wrong")} of ${sum("uncovered")} (${pct(sum("wrong"), sum("uncovered"))}); must-answer right ${pct(sum("mustRight"), sum("mustAnswer"))}`);
' "$work/folds.jsonl"
