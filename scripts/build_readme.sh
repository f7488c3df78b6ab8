#!/usr/bin/env bash
# scripts/build_readme.sh: README.md is docs/readme/NN_*.md concatenated in
# order (each module owns its section), and bench/README.md likewise from
# bench/*.md.  Run after editing a section.
set -euo pipefail
cd "$(dirname "$0")/.."
first=1
for f in docs/readme/[0-9]*.md; do
  [ $first = 1 ] || printf '\n'
  cat "$f"; first=0
done > README.md

# bench/README.md: the intro plus each bench's figures (bench/<module>.md).
{
  cat bench/intro.md.in
  for f in bench/*.md; do
    [ "$f" = bench/README.md ] && continue
    printf '\n'; cat "$f"
  done
} > bench/README.md
