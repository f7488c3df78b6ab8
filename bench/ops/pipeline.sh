#!/usr/bin/env bash
# bench/ops/pipeline.sh [orders]
# The end-to-end pipeline at the study's scale: pmkt.generate_demo with
# 12 M orders (or the given count), then pmkt.run_evaluation on it.  Prints
# the wall time of each phase, the per-step seconds run_evaluation records,
# ratios against the scan floor of the orders table measured in the same run,
# and the backend's peak memory: VmHWM of the backend process itself (read
# from /proc/<pg_backend_pid()>/status inside the session, not psql's), with
# RssShmem (shared buffers the backend touched, counted in VmHWM) so that
# VmHWM - RssShmem bounds the private peak from below.
# Set BENCH_NO_SETUP=1 to use an already running server on BENCH_PORT with
# pmkt installed (skips bench_setup's build and cluster creation).
source "$(dirname "$0")/../lib.sh"
ORDERS=${1:-12000000}
[ -n "${BENCH_NO_SETUP:-}" ] || bench_setup
bpsql -c "DROP EXTENSION IF EXISTS pmkt CASCADE" -c "CREATE EXTENSION pmkt" >/dev/null

# mem_sql LABEL: the backend's VmHWM and RssShmem in MB, as one line
mem_sql() {
  cat <<SQL
SELECT format('%-28s VmHWM %s MB, RssShmem %s MB, private peak >= %s MB', '$1',
              round(hwm / 1024.0), round(shm / 1024.0), round((hwm - shm) / 1024.0))
FROM (SELECT substring(s FROM 'VmHWM:\s*(\d+)')::bigint AS hwm,
             substring(s FROM 'RssShmem:\s*(\d+)')::bigint AS shm
      FROM pg_read_file('/proc/' || pg_backend_pid() || '/status') AS s) q;
SQL
}

# phase LABEL SQL: run SQL in a fresh backend, print its time and memory
phase() {
  local out t
  out=$(printf '\\timing on\n%s\n\\timing off\n%s\n' "$2" "$(mem_sql "$1")" | bpsql -tA 2>&1) \
    || { echo "$out"; return 1; }
  t=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
  printf '%-28s %12.1f ms\n' "$1" "$t"
  echo "$out" | grep 'VmHWM' | sed 's/^/  /'
  LAST_MS=$t
}

echo "== pipeline at $ORDERS orders ($(nproc) cores, $(bpsql -tAc 'SELECT pmkt.version()'))"
phase "generate_demo" "SELECT * FROM pmkt.generate_demo('pmkt_demo', $ORDERS, 42);"
gen_ms=$LAST_MS
bpsql -c "VACUUM ANALYZE pmkt_demo.orders, pmkt_demo.customers" >/dev/null
bpsql -tAc "SELECT format('%-28s %s rows (n_live_tup)', 'pmkt_demo.' || relname, n_live_tup) FROM pg_stat_user_tables WHERE schemaname = 'pmkt_demo' ORDER BY relname"
bench_time "scan floor: sum(amount) over orders" "SELECT sum(amount) FROM pmkt_demo.orders;"
floor_ms=$LAST_MS
phase "run_evaluation (2024-12)" "CALL pmkt.run_evaluation('pmkt_demo', '2024-12-01');"
eval_ms=$LAST_MS
phase "run_evaluation again (same)" "CALL pmkt.run_evaluation('pmkt_demo', '2024-12-01');"
again_ms=$LAST_MS
bpsql -tAc "SELECT format('  step %-24s %10s s', key, value) FROM pmkt.history_runs, jsonb_each_text(step_seconds) WHERE source_schema = 'pmkt_demo' AND period = '2024-12-01' ORDER BY value::numeric DESC"
bpsql -tAc "SELECT format('  history rows: segments %s, summary %s, channels %s, cohorts %s', (SELECT count(*) FROM pmkt.history_customer_segments WHERE source_schema = 'pmkt_demo'), (SELECT count(*) FROM pmkt.history_segment_summary WHERE source_schema = 'pmkt_demo'), (SELECT count(*) FROM pmkt.history_channel_metrics WHERE source_schema = 'pmkt_demo'), (SELECT count(*) FROM pmkt.history_cohort_metrics WHERE source_schema = 'pmkt_demo'))"
echo "ratios: generate_demo / floor $(ratio "$gen_ms" "$floor_ms"), run_evaluation / floor $(ratio "$eval_ms" "$floor_ms"), re-run / first run $(ratio "$again_ms" "$eval_ms")"
echo "end-to-end (generate + evaluate): $(awk "BEGIN{printf \"%.1f\", ($gen_ms + $eval_ms) / 1000}") s"
