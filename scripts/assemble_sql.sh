#!/usr/bin/env bash
# scripts/assemble_sql.sh: writes pmkt--1.1.sql and pmkt--1.0--1.1.sql from
# the SQL parts.  Both are committed; scripts/test.sh checks they are current.
#
#   src/00_base.sql, src/<family>/NN_module.sql   the 1.1 objects, one part per
#       module; the full install script is all parts in NN order.
#   src/<family>/NN_module--1.0--1.1.sql          what the update from 1.0 must
#       do for that module's objects that changed (ALTER, CREATE OR REPLACE).
#   A part whose first line is "-- new in 1.1" (a module 1.0 did not have) is
#       also taken whole into the update script.
# Add a function to a 1.0 module: write it in the part and in the module's
# --1.0--1.1 file; checks/zz_upgrade fails, naming the object, if you forget.
set -euo pipefail
cd "$(dirname "$0")/.."
byname() { for f in "$@"; do [ -f "$f" ] && printf '%s\t%s\n' "$(basename "$f")" "$f"; done | LC_ALL=C sort | cut -f2; }
parts=$(byname src/[0-9]*.sql src/*/[0-9]*.sql | grep -v -- '--1\.0--1\.1\.sql$')

{
  echo '-- pmkt--1.1.sql: assembled by scripts/assemble_sql.sh from the parts'
  echo '-- src/<family>/NN_module.sql, in NN order.  Edit the parts, not this file.'
  echo
  echo '\echo Use "CREATE EXTENSION pmkt" to load this file. \quit'
  for f in $parts; do
    printf '\n-- ======== %s\n' "$f"
    sed '/^\\echo Use "CREATE EXTENSION pmkt"/d' "$f"
  done
} > pmkt--1.1.sql

{
  echo '-- pmkt--1.0--1.1.sql: assembled by scripts/assemble_sql.sh from the'
  echo '-- parts src/<family>/NN_module--1.0--1.1.sql and the parts new in 1.1.'
  echo
  echo '\echo Use "ALTER EXTENSION pmkt UPDATE TO '"'"'1.1'"'"'" to load this file. \quit'
  for f in $(byname src/[0-9]*.sql src/*/[0-9]*.sql); do
    case "$f" in
      *--1.0--1.1.sql) ;;
      *) head -1 "$f" | grep -qx -- '-- new in 1.1' || continue ;;
    esac
    printf '\n-- ======== %s\n' "$f"
    cat "$f"
  done
} > pmkt--1.0--1.1.sql
