#!/usr/bin/env bash
# scripts/build_readme.sh: README.md is the sections docs/readme/NN_*.md and
# docs/readme/<family>/NN_*.md concatenated in NN order (each capability owns
# its section, in its family's folder), and bench/README.md likewise from the
# intro and bench/<family>/*.md.  Run after editing a section.
set -euo pipefail
cd "$(dirname "$0")/.."
# the families in the order of the analysis (scripts/families)
families() { cat scripts/families; }
# sort on the file name (NN_...), whatever the family folder
sections() { for f in "$@"; do printf '%s\t%s\n' "$(basename "$f")" "$f"; done | LC_ALL=C sort | cut -f2; }
first=1
for f in $(sections docs/readme/[0-9]*.md docs/readme/*/[0-9]*.md); do
  [ $first = 1 ] || printf '\n'
  cat "$f"; first=0
done > README.md

{
  cat bench/intro.md.in
  for fam in $(families); do
    for f in bench/$fam/*.md; do
      [ -f "$f" ] || continue
      printf '\n'; cat "$f"
    done
  done
} > bench/README.md
