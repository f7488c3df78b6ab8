#!/usr/bin/env bash
# bench/run.sh [family/module ...]: run every bench (or the named ones, e.g.
# segment/kmeans), each of
# which prints its timings and ratios against the floor measured in the same
# run.  Needs ~10 GB of disk for the 12 M-row tables; takes a while.
set -euo pipefail
cd "$(dirname "$0")"
mods=("$@")
[ ${#mods[@]} -gt 0 ] || mods=($(ls */*.sh | sed 's/\.sh$//'))
for m in "${mods[@]}"; do
  echo "=== bench: $m ==="
  bash "./$m.sh"
done
