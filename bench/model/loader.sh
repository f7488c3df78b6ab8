#!/usr/bin/env bash
# bench/model/loader.sh: the trainers' loader (src/util/matrix.c), direct
# executor path vs SPI, on pmkt.logistic_train.
#   BENCH_LOAD_ROWS (1 M) rows x 8 float8 features + a boolean label, in a
#   throwaway PostgreSQL 15 cluster (pg_virtualenv, shared_buffers 512 MB,
#   JIT off), BENCH_REPS (5) rounds; each round runs the floor, the direct
#   load and the SPI load back to back, so drift from other load on the
#   machine hits all three alike.
#   - floor: SELECT sum(array_length(ARRAY[f1..f8], 1)) FROM t (the scan
#     and one array per row, no pmkt);
#   - load time of logistic_train('SELECT ARRAY[f1..f8], label FROM t'),
#     max_iter => 1: the loader's own DEBUG2 line ("loaded in X ms", the
#     time from the query text to the matrix), with pmkt.direct_load on
#     (ARRAY[...] split into columns) and off (SPI, one float8[] per row);
#   - the whole call's wall time (load + 2 in-memory passes, equal on both).
# Holds the install lock (/tmp/pmkt-install.lock) while it runs, so that
# the server loads this checkout's build; about a minute at 1 M rows.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${BENCH_LOAD_ROWS:-1000000}
REPS=${BENCH_REPS:-5}

if [ "${1:-}" != --inside ]; then
  make -s -j2 all >/dev/null
  exec flock -o /tmp/pmkt-install.lock bash -c \
    "make -s install >/dev/null && pg_virtualenv -v 15 -o shared_buffers=512MB -o jit=off \
       -o max_parallel_workers_per_gather=0 bash '$0' --inside"
fi

q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
q -c "CREATE EXTENSION pmkt" >/dev/null
q <<SQL
SELECT setseed(0.42);
CREATE TABLE t AS
SELECT g AS id, f1, f2, f3, f4, f5, f6, f7, f8,
       random() < 1/(1+exp(-(0.8*f1 - 0.5*f2 + 0.3*f3 - 0.2*f4 + 0.1*f5 - 0.2))) AS label
FROM (SELECT g,
        (random()*4 + (g % 5))::float8 AS f1, (random()*4 + (g % 3))::float8 AS f2,
        random()::float8*3 AS f3, random()::float8*2 AS f4, random()::float8 AS f5,
        random()::float8*5 AS f6, random()::float8*2 AS f7, random()::float8 AS f8
      FROM generate_series(1, $ROWS) g) s;
VACUUM ANALYZE t;
SELECT count(*) FROM t;  -- warm the cache
SQL

F8='f1, f2, f3, f4, f5, f6, f7, f8'
LQ="SELECT ARRAY[$F8], label FROM t"
out=$(mktemp)
for r in $(seq "$REPS"); do
  for mode in floor on off; do
    if [ $mode = floor ]; then
      sql="SELECT sum(array_length(ARRAY[$F8], 1)) FROM t;"
    else
      sql="SET pmkt.direct_load = $mode; SET client_min_messages = debug2;
           SELECT (pmkt.logistic_train('$LQ', max_iter => 1)).n;"
    fi
    res=$(printf '\\timing on\n%s\n' "$sql" | q -o /dev/null 2>&1)
    wall=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$res" | tail -1)
    load=$(sed -n 's/.*loaded in \([0-9.]*\) ms.*/\1/p' <<<"$res" | tail -1)
    echo "$mode ${load:-0} $wall" >> "$out"
  done
done
# the coefficients after 1 iteration are the same bits on both paths
same=$(q -tA -c "SET pmkt.direct_load = on; CREATE TEMP TABLE a AS SELECT pmkt.logistic_train('$LQ', max_iter => 1)::text AS m;
                 SET pmkt.direct_load = off; CREATE TEMP TABLE b AS SELECT pmkt.logistic_train('$LQ', max_iter => 1)::text AS m;
                 SELECT a.m = b.m FROM a, b")
awk -v rows="$ROWS" -v reps="$REPS" -v same="$same" '
  function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                   return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  { n[$1]++; L[$1, n[$1]] = $2; W[$1, n[$1]] = $3 }
  END {
    for (m in n) { for (i = 1; i <= n[m]; i++) { l[i] = L[m, i]; w[i] = W[m, i] } ML[m] = med(l, n[m]); MW[m] = med(w, n[m]) }
    printf "%d rows x 8 features, %d rounds, medians (same-run ratios)\n", rows, reps
    printf "%-52s %10.1f ms  1.00\n", "floor: sum(array_length(ARRAY[f1..f8],1))", MW["floor"]
    printf "%-52s %10.1f ms  %.2f x floor\n", "load, direct (ARRAY[...] split into columns)", ML["on"], ML["on"] / MW["floor"]
    printf "%-52s %10.1f ms  %.2f x floor, %.2f x direct\n", "load, SPI (pmkt.direct_load = off)", ML["off"], ML["off"] / MW["floor"], ML["off"] / ML["on"]
    printf "%-52s %10.1f ms\n", "logistic_train(max_iter => 1), direct, wall", MW["on"]
    printf "%-52s %10.1f ms  %.2f x direct\n", "logistic_train(max_iter => 1), SPI, wall", MW["off"], MW["off"] / MW["on"]
    printf "same model text on both paths: %s\n", same
  }' "$out"
echo "raw (mode load_ms wall_ms):"; cat "$out"
rm -f "$out"
