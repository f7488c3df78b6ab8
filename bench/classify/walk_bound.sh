#!/usr/bin/env bash
# bench/classify/walk_bound.sh: the forest walk alone, outside PostgreSQL
# (bench/classify/walk_bound.c): exports the forest and the rows of
# bench/classify/forest.sh's tables (BENCH_PORT, BENCH_DB; a run with
# BENCH_CLS_KEEP=1 left them), builds the harness and runs it.
#   BENCH_WALK_ROWS rows (default 1 000 000), BENCH_WALK_ROUNDS (default 5: every variant once a round, interleaved; the least CPU time of each),
#   BENCH_WALK_MODEL the model's table (default bench.cls_model)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
out=${BENCH_WALK_DIR:-/var/tmp/pmkt-walk-bound}
mkdir -p "$out"
chmod 777 "$out"
bpsql -tAc "COPY (SELECT m FROM ${BENCH_WALK_MODEL:-bench.cls_model}) TO STDOUT" > "$out/model.hex"
bpsql -tAc "COPY (SELECT n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, i1, i2, b1::int, b2::int, b3::int, b4::int, c1, c2, c3, c4
             FROM bench.cls LIMIT ${BENCH_WALK_ROWS:-1000000}) TO STDOUT" > "$out/rows.tsv"
cc -O2 -std=gnu11 -Wall -o "$out/walk_bound" "$BENCH_ROOT/bench/classify/walk_bound.c" -lm
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-); load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$out/walk_bound" "$out/model.hex" "$out/rows.tsv" "${BENCH_WALK_ROWS:-1000000}" "${BENCH_WALK_ROUNDS:-5}"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
