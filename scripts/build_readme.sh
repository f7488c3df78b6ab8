#!/usr/bin/env bash
# scripts/build_readme.sh: README.md is docs/readme/NN_*.md concatenated in
# order (each module owns its section).  Run after editing a section.
set -euo pipefail
cd "$(dirname "$0")/.."
first=1
for f in docs/readme/[0-9]*.md; do
  [ $first = 1 ] || printf '\n'
  cat "$f"; first=0
done > README.md
