#!/usr/bin/env bash
# scripts/test_cron.sh
# The evaluation job under real pg_cron (Debian postgresql-15-cron): in a
# throwaway cluster with shared_preload_libraries = pg_cron, installs pmkt and
# pg_cron, generates a small demo data set, schedules
#   CALL pmkt.run_evaluation('pmkt_demo')
# every minute with cron.schedule, waits (at most CRON_WAIT seconds, default
# 100) for pg_cron to run it, and checks cron.job_run_details and the
# history tables.  Prints one line per check and "cron: N passed, M failed";
# exits non-zero when a check fails.  pg_cron 1.4 (Debian 12) has no
# seconds-granularity schedules ('5 seconds' needs 1.5), hence the minute.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
  scripts/deps.sh || exit 1
  make -s all || exit 1
  # install and run under the install lock (other checkouts share the server)
  flock /tmp/pmkt-install.lock bash -c '
    set -e
    make -s install >/dev/null
    pg_virtualenv -o shared_preload_libraries=pg_cron -o cron.database_name=postgres \
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
SELECT pmkt.generate_demo('pmkt_demo', orders => 3000, seed => 7);
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
q -c "SELECT cron.unschedule($jobid)" >/dev/null
q -c "SELECT status, return_message, end_time - start_time AS took FROM cron.job_run_details WHERE jobid = $jobid" -F ' | '

q -F ' | ' -c "SELECT source_schema, period, run_by, steps_done, steps_skipped FROM pmkt.history_runs"
q -F ' | ' -c "SELECT d.jobid, j.username, d.start_time, h.run_at FROM cron.job_run_details d JOIN cron.job j USING (jobid), pmkt.history_runs h"
check "pg_cron ran the job and it succeeded" \
  "SELECT count(*) FILTER (WHERE status = 'succeeded') >= 1 AND count(*) FILTER (WHERE status = 'failed') = 0 FROM cron.job_run_details WHERE jobid = $jobid"
check "the job's command was the CALL" \
  "SELECT bool_and(return_message = 'CALL') FROM cron.job_run_details WHERE jobid = $jobid AND status = 'succeeded'"
check "history_runs has the run for pmkt_demo and the current month, run by the job's owner" \
  "SELECT count(*) = 1 FROM pmkt.history_runs h JOIN cron.job j ON j.jobid = $jobid
   WHERE h.source_schema = 'pmkt_demo' AND h.period = date_trunc('month', current_date)::date
     AND h.run_by = j.username AND h.run_at >= (SELECT min(start_time) FROM cron.job_run_details WHERE jobid = $jobid) - interval '1 second'"
check "no step was skipped on the demo schema" \
  "SELECT steps_skipped = '' AND steps_done <> '' FROM pmkt.history_runs WHERE source_schema = 'pmkt_demo'"
#--CHECKS--

echo "cron: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
