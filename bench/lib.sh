#!/usr/bin/env bash
# bench/lib.sh: shared helpers for bench scripts (source it).
#
# Benches run in a persistent cluster "pmktbench" (port 5499) so that the
# 12 M-row tables are built once and reused across runs.  Each bench times
# queries with psql's \timing (best of BENCH_REPS runs) and prints ratios
# against a floor measured in the same run.
set -euo pipefail
BENCH_PORT=${BENCH_PORT:-5499}
BENCH_DB=${BENCH_DB:-pmkt_bench}
BENCH_REPS=${BENCH_REPS:-3}
BENCH_ROWS=${BENCH_ROWS:-12000000}
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# bench_setup: packages, build + install pmkt, the cluster and database.
bench_setup() {
  "$BENCH_ROOT/scripts/deps.sh" python3-numpy python3-sklearn python3-statsmodels python3-psycopg2
  (cd "$BENCH_ROOT" && make -s all >/dev/null && flock -o /tmp/pmkt-install.lock make -s install >/dev/null)
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx pmktbench; then
    pg_createcluster 15 pmktbench -p "$BENCH_PORT" -- >/dev/null
    cat >> /etc/postgresql/15/pmktbench/postgresql.conf <<CONF
shared_buffers = 4GB
work_mem = 256MB
maintenance_work_mem = 1GB
max_worker_processes = 8
max_parallel_workers = 2
max_parallel_workers_per_gather = 2
jit = off
# the buffers in 2 MB pages when the kernel has them reserved
# (sysctl -w vm.nr_hugepages=2200): a new backend's first touch of the
# buffers then takes ~500 times fewer page faults (bench/segment/kmeans.md)
huge_pages = try
CONF
  fi
  pg_ctlcluster 15 pmktbench status >/dev/null 2>&1 || pg_ctlcluster 15 pmktbench start
  bpsql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1 \
    || bpsql -d postgres -c "CREATE DATABASE $BENCH_DB" >/dev/null
  # a fresh extension each run, so the bench measures this checkout's build
  bpsql -c "DROP EXTENSION IF EXISTS pmkt CASCADE; CREATE EXTENSION pmkt" >/dev/null
}

# bpsql ARGS...: psql against the bench database as postgres.
bpsql() {
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$BENCH_PORT" -d "$BENCH_DB" "$@"
}

# ensure_wide: bench.wide(id, f1..f8 float8, y float8, label bool), BENCH_ROWS
# rows, deterministic (setseed), built once.  y is linear in f1..f8 plus
# noise; label is a logistic draw from the same linear predictor.
ensure_wide() {
  local have
  have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname='bench' AND tablename='wide'")
  if [ "$have" = 0 ]; then
    echo "building bench.wide ($BENCH_ROWS rows)..." >&2
    bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
SELECT setseed(0.42);
CREATE TABLE bench.wide AS
SELECT g AS id, f1, f2, f3, f4, f5, f6, f7, f8,
       1.5 + 0.75*f1 - 0.35*f2 + 0.65*f3 + 0.1*f4 - 0.2*f5 + 0.05*f6 + 0.3*f7 - 0.15*f8
         + 0.5*(random() - 0.5) AS y,
       random() < 1/(1+exp(-(0.8*f1 - 0.5*f2 + 0.3*f3 - 0.2))) AS label
FROM (SELECT g,
        (random()*4 + (g % 5))::float8 AS f1, (random()*4 + (g % 3))::float8 AS f2,
        random()::float8*3 AS f3, random()::float8*2 AS f4, random()::float8 AS f5,
        random()::float8*5 AS f6, random()::float8*2 AS f7, random()::float8 AS f8
      FROM generate_series(1, $BENCH_ROWS) g) s;
VACUUM ANALYZE bench.wide;
SQL
  fi
}

# bench_time LABEL SQL: best-of-BENCH_REPS wall time in ms; prints it and
# records "LABEL ms" in $BENCH_OUT if set.
bench_time() {
  local label=$1 sql=$2 best="" t
  for _ in $(seq "$BENCH_REPS"); do
    t=$(printf '\\timing on\n%s\n' "$sql" | bpsql -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
    [ -z "$t" ] && { echo "bench_time: no timing for $label" >&2; return 1; }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  printf '%-50s %12.1f ms\n' "$label" "$best"
  [ -n "${BENCH_OUT:-}" ] && echo "$label $best" >> "$BENCH_OUT"
  LAST_MS=$best
}

# ratio A B: A/B to two decimals.
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
