#!/usr/bin/env bash
# bench/experiment/experiment.sh: the pmkt.experiment aggregate over unit rows
# (see bench/experiment/experiment.md for the last run).
#
# EXP_ROWS unit rows (default 12 M: issue 15's scale) in bench.exp_units:
# variant (3 arms), value, covariate (a pre-period value, NULL on 1 %).
#   floor   SELECT count(variant), sum(value), sum(covariate): reading the
#           same columns, one aggregate pass
#   pmkt    pmkt.experiment(variant, value, covariate): per-variant
#           compensated sums, sums of squares and cross-products
#   SQL     the same sufficient statistics with plain SQL aggregates
#           (GROUP BY variant: count, sum, sum of squares, cross-products;
#           uncompensated float8 sums)
#   report  pmkt.experiment_report on the state (per-arm arithmetic only)
# All serial plans (max_parallel_workers_per_gather = 0), then pmkt with
# 2 parallel workers.  On a shared machine the wall-clock times mostly
# measure the run queue, so the floor and pmkt are also timed by the
# backend's own CPU time (/proc/PID/schedstat, read as root or postgres on
# the server's host; skipped otherwise), EXP_CPU_REPS interleaved runs each
# (default 7), median and minimum.
# Environment: EXP_ROWS, EXP_CPU_REPS, BENCH_SKIP_SETUP=1 (then BENCH_PORT,
# BENCH_DB and PGHOST may point at a private instance).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
EXP_ROWS=${EXP_ROWS:-12000000}

have=$(bpsql -tAc "SELECT count(*) FROM bench.exp_units" 2>/dev/null || echo 0)
if [ "$have" != "$EXP_ROWS" ]; then
  echo "building bench.exp_units ($EXP_ROWS rows)..." >&2
  bpsql >/dev/null <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.exp_units;
SELECT setseed(0.15);
CREATE TABLE bench.exp_units AS
SELECT g AS unit, (ARRAY['control', 'treatment_a', 'treatment_b'])[1 + g % 3] AS variant,
       50 * random() + (g % 3) AS value,
       CASE WHEN g % 100 = 0 THEN NULL ELSE 40 * random() END AS covariate
FROM generate_series(1, $EXP_ROWS) g;
VACUUM ANALYZE bench.exp_units;
SQL
fi

P0="SET max_parallel_workers_per_gather = 0;"
echo "== $EXP_ROWS unit rows, 3 variants, covariate (serial plans)"
bench_time "floor: count(variant), sum(value), sum(covariate)" \
  "$P0 SELECT count(variant), sum(value), sum(covariate) FROM bench.exp_units"; FLOOR=$LAST_MS
bench_time "pmkt.experiment(variant, value, covariate)" \
  "$P0 SELECT pmkt.experiment(variant, value, covariate) IS NOT NULL FROM bench.exp_units"; PM=$LAST_MS
bench_time "plain SQL sufficient statistics, GROUP BY variant" "$P0
SELECT variant, count(*), sum(value), sum(value * value), count(covariate), sum(covariate),
       sum(covariate * covariate), sum(covariate * value), sum(value) FILTER (WHERE covariate IS NOT NULL),
       sum(value * value) FILTER (WHERE covariate IS NOT NULL)
FROM bench.exp_units GROUP BY variant"; SQ=$LAST_MS
bpsql -c "DROP TABLE IF EXISTS bench.exp_state; CREATE TABLE bench.exp_state AS SELECT pmkt.experiment(variant, value, covariate) AS s FROM bench.exp_units" >/dev/null
bench_time "pmkt.experiment_report on the state" \
  "SELECT count(*) FROM bench.exp_state, pmkt.experiment_report(s, 'control')"; REP=$LAST_MS
bench_time "pmkt.experiment, 2 parallel workers" \
  "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0;
   SELECT pmkt.experiment(variant, value, covariate) IS NOT NULL FROM bench.exp_units"; PAR=$LAST_MS

echo
echo "== backend CPU time (serial plans, interleaved runs)"
/usr/bin/python3 - "$BENCH_PORT" "$BENCH_DB" "${EXP_CPU_REPS:-7}" <<'PY' || echo "  (CPU time not measured: needs python3-psycopg2 and /proc of the server)"
import os, sys, psycopg2
port, db, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = psycopg2.connect(host=os.environ.get('PGHOST', '/var/run/postgresql'), port=port, dbname=db, user='postgres')
c.autocommit = True
cur = c.cursor()
cur.execute("SET max_parallel_workers_per_gather = 0")
cur.execute("SELECT pg_backend_pid()")
stat = '/proc/%d/schedstat' % cur.fetchone()[0]
cpu = lambda: int(open(stat).read().split()[0]) / 1e9
Q = [('floor', "SELECT count(variant), sum(value), sum(covariate) FROM bench.exp_units"),
     ('pmkt', "SELECT pmkt.experiment(variant, value, covariate) IS NOT NULL FROM bench.exp_units")]
t = {k: [] for k, _ in Q}
for _ in range(reps):
    for k, q in Q:
        c0 = cpu()
        cur.execute(q)
        cur.fetchall()
        t[k].append(cpu() - c0)
med = {k: sorted(v)[len(v) // 2] for k, v in t.items()}
for k, _ in Q:
    print('  %-6s CPU median %8.1f ms, min %8.1f ms' % (k, 1000 * med[k], 1000 * min(t[k])))
print('  pmkt / floor, CPU time: median %.2f, min %.2f' % (med['pmkt'] / med['floor'], min(t['pmkt']) / min(t['floor'])))
PY
echo
echo "ratios (lower is better)"
echo "  pmkt / floor (wall)             $(ratio "$PM" "$FLOOR")"
echo "  pmkt / plain SQL GROUP BY       $(ratio "$PM" "$SQ")"
echo "  pmkt 2 workers / pmkt serial    $(ratio "$PAR" "$PM")"
echo "  report: $REP ms (independent of the row count)"
