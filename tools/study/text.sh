#!/usr/bin/env bash
# Issue 15's text part: the study's two reshaping settings (sech with the reference defaults, and
# the same switched on for the last third of the epochs only) against plain, on SpamAssassin bodies
# with the tiny transformer and mean pooling (the recipe of the README's text table), several seeds.
# Resumable: a finished run is skipped, an interrupted one continues from its checkpoint. Prints the
# table at the end (tools/study/table.py). Usage:
#   tools/study/text.sh OUT [EPOCHS] [SEEDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=${1:?usage: tools/study/text.sh OUT [EPOCHS] [SEEDS]}
epochs=${2:-6}
seeds=${3:-3}
last=$(( epochs / 3 > 0 ? epochs / 3 : 1 ))
mkdir -p "$out"
for seed in $(seq 1 "$seeds"); do
  for method in plain sech sech-last; do
    run="$out/tiny-${method//-/_}-s$seed"
    extra=()
    [[ $method == sech ]] && extra=(--reshape sech)
    [[ $method == sech-last ]] && extra=(--reshape sech --start-last "$last")
    if [[ ! -f $run/summary.json ]]; then
      resume=()
      [[ -d $run ]] && resume=(--resume)
      ./llr4j train --task text --dataset spam-body --model tiny --pooling mean --epochs "$epochs" \
        --seed "$seed" --tensorboard none --out "$run" "${extra[@]}" "${resume[@]}" > "$run.train.log" 2>&1 \
        || { echo "training failed: $run (see $run.train.log)" >&2; exit 1; }
    fi
    echo "done: $run"
  done
done
python3 tools/study/table.py "$out"
