#!/usr/bin/env bash
# scripts/test_cron.sh
# The evaluation job under real pg_cron (Debian postgresql-NN-cron): in a
# throwaway cluster with shared_preload_libraries = pg_cron, installs pmkt and
# pg_cron, generates a small demo data set, schedules
#   CALL pmkt.run_evaluation('pmkt_demo')
# every minute with cron.schedule, waits (at most CRON_WAIT seconds, default
# 100) for pg_cron to run it, and checks cron.job_run_details and the
# history tables, and that pg_dump / pg_restore keep the registry and history
# rows.  Prints one line per check and "cron: N passed, M failed";
# exits non-zero when a check fails.  pg_cron 1.4 (Debian 12) has no
# seconds-granularity schedules ('5 seconds' needs 1.5), hence the minute.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
  [ -n "${PMKT_IN_ROOT:-}" ] || scripts/deps.sh || exit 1
  [ -n "${PMKT_INSTALLED:-}" ] || make -s all || exit 1
  # install and run under the install lock (other checkouts share the server)
  flock -o /tmp/pmkt-install.lock bash -c '
    set -e
    [ -n "${PMKT_INSTALLED:-}" ] || make -s install >/dev/null
    pg_virtualenv -t -o shared_preload_libraries=pg_cron -o cron.database_name=postgres \
      -o cron.use_background_workers=on -o max_worker_processes=16 \
      scripts/test_cron.sh --inside
  '
  exit $?
fi

# --- inside the throwaway cluster (PGHOST/PGPORT/PGUSER set by pg_virtualenv)
export PGDATABASE=postgres
q() { psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
passed=0; failed=0
check() {  # check DESCRIPTION SQL-returning-t
  local got
  got=$(q -c "$2" 2>&1)
  if [ "$got" = "t" ]; then
    passed=$((passed + 1)); echo "ok - $1"
  else
    failed=$((failed + 1)); echo "not ok - $1 (got: $got)"
  fi
}

q -c "SHOW shared_preload_libraries" | grep -q pg_cron || { echo "pg_cron is not preloaded"; echo "cron: 0 passed, 1 failed"; exit 1; }
q <<'SQL' || { echo "cron: setup failed"; echo "cron: 0 passed, 1 failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION pmkt;
CREATE EXTENSION pg_cron;
SELECT format('demo data: %s tables, %s rows', count(*), sum(row_count)) FROM pmkt.generate_demo('pmkt_demo', orders => 3000, seed => 7);
SQL
jobid=$(q -c "SELECT cron.schedule('pmkt-test', '* * * * *', \$\$CALL pmkt.run_evaluation('pmkt_demo')\$\$)")
echo "scheduled pg_cron job $jobid ($(q -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'")): * * * * * CALL pmkt.run_evaluation('pmkt_demo')"

wait=${CRON_WAIT:-100}
start=$(date +%s)
while :; do
  n=$(q -c "SELECT count(*) FROM cron.job_run_details WHERE jobid = $jobid AND status IN ('succeeded', 'failed')")
  [ "$n" -gt 0 ] && break
  [ $(($(date +%s) - start)) -ge "$wait" ] && break
  sleep 3
done
echo "waited $(($(date +%s) - start)) s"
q -c "SELECT status, return_message, end_time - start_time AS took FROM cron.job_run_details WHERE jobid = $jobid" -F ' | '

echo "history_runs:"
q -F ' | ' -c "SELECT source_schema, period, run_by, run_at, steps_done, steps_skipped FROM pmkt.history_runs"
check "pg_cron ran the job and it succeeded" \
  "SELECT count(*) FILTER (WHERE status = 'succeeded') >= 1 AND count(*) FILTER (WHERE status = 'failed') = 0 FROM cron.job_run_details WHERE jobid = $jobid"
check "the job's command was the CALL" \
  "SELECT bool_and(return_message = 'CALL') FROM cron.job_run_details WHERE jobid = $jobid AND status = 'succeeded'"
check "history_runs has the run for pmkt_demo and the default period (the last complete month with data: the demo's orders end in 2024-12), by the job's owner, during the job" \
  "SELECT count(*) = 1 FROM pmkt.history_runs h, cron.job j,
          (SELECT min(start_time) AS t0, max(end_time) AS t1 FROM cron.job_run_details WHERE jobid = $jobid) d
   WHERE j.jobid = $jobid AND h.source_schema = 'pmkt_demo'
     AND h.period = (SELECT least(date_trunc('month', max(ordered_at))::date,
                                  (date_trunc('month', now()) - interval '1 month')::date) FROM pmkt_demo.orders)
     AND h.run_by = j.username AND h.run_at BETWEEN d.t0 - interval '10 seconds' AND d.t1"
check "no step was skipped on the demo schema" \
  "SELECT steps_skipped = '' AND steps_done <> '' FROM pmkt.history_runs WHERE source_schema = 'pmkt_demo'"
check "every customer of pmkt_demo.customers has a segment row" \
  "SELECT count(*) = (SELECT count(*) FROM pmkt_demo.customers) FROM pmkt.history_customer_segments WHERE source_schema = 'pmkt_demo'"
check "the BI views show the run (segments, cohorts, AISAS months, model metrics)" \
  "SELECT (SELECT count(*) FROM pmkt.v_segment_summary WHERE source_schema = 'pmkt_demo') >= 2
      AND (SELECT count(*) FROM pmkt.v_clv_cac_by_cohort WHERE source_schema = 'pmkt_demo') > 0
      AND (SELECT count(*) FROM pmkt.v_aisas_monthly WHERE source_schema = 'pmkt_demo') > 0
      AND (SELECT count(*) FROM pmkt.v_classify_gains WHERE source_schema = 'pmkt_demo') > 0
      AND (SELECT count(DISTINCT model_name) FROM pmkt.v_model_metrics WHERE source_schema = 'pmkt_demo') = 10"
check "the job saved its 10 models (7 + the two lifetime models + the responses forest) to the registry" \
  "SELECT count(*) = 10 FROM pmkt.v_model_registry WHERE name LIKE 'pmkt_demo.%' AND is_latest"

q -c "SELECT cron.unschedule($jobid)" >/dev/null

# The registry and the history tables are configuration tables of the
# extension: pg_dump keeps their rows.  Dump, restore into a new database,
# compare (pg_cron itself cannot be created there: its error is ignored).
counts="SELECT (SELECT count(*) FROM pmkt.model_registry) || ' ' || (SELECT count(*) FROM pmkt.history_runs) || ' '
  || (SELECT count(*) FROM pmkt.history_customer_segments) || ' ' || (SELECT count(*) FROM pmkt.history_aisas_scores) || ' '
  || (SELECT count(*) FROM pmkt.history_model_metrics) || ' ' || (SELECT last_value FROM pmkt.model_registry_id_seq)"
dump=$(mktemp)
pg_dump -Fc -d postgres -f "$dump"
q -d postgres -c "CREATE DATABASE pmkt_restored" >/dev/null
pg_restore -d pmkt_restored "$dump" >/dev/null 2>&1 || true
rm -f "$dump"
before=$(q -d postgres -c "$counts"); after=$(q -d pmkt_restored -c "$counts" 2>&1)
echo "registry, runs, segments, aisas, model metrics, id sequence: before dump $before, restored $after"
if [ "$before" = "$after" ] && [ -n "$before" ]; then
  passed=$((passed + 1)); echo "ok - pg_dump / pg_restore keep the registry and history rows"
else
  failed=$((failed + 1)); echo "not ok - pg_dump / pg_restore keep the registry and history rows"
fi
echo "cron: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
