#!/usr/bin/env bash
# scripts/test.sh [test-name ...]
# The whole test suite from a fresh Debian 12 machine: installs missing
# packages, builds pmkt (warnings are errors here), installs it, and runs the
# pg_regress suite (or the named tests) in a throwaway cluster made by
# pg_virtualenv.  Exits non-zero on any failure and prints regression.diffs.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh || exit 1

make -s clean >/dev/null || exit 1
make -s COPT=-Werror all || exit 1
# pmkt--1.0.sql is committed: it must be exactly the concatenated parts
if ! cat $(ls src/sql/*.sql | LC_ALL=C sort) | cmp -s - pmkt--1.0.sql; then
  echo "pmkt--1.0.sql is stale: run make and commit it"; exit 1
fi

regress=""
[ $# -gt 0 ] && regress="REGRESS='$*'"

# `make install` writes to the server's shared directories: serialise it with
# the test run so that concurrent runs (other checkouts) do not collide.
log=$(mktemp)
status=0
flock -o /tmp/pmkt-install.lock bash -c "
  set -e
  make -s install >/dev/null
  pg_virtualenv -t -o max_worker_processes=16 -o max_parallel_workers=8 \
    make -s installcheck $regress
" 2>&1 | tee "$log" || status=$?
passed=$(grep -cE '^(ok|not ok|test| ) .*\.\.\. ok|^ok [0-9]+ ' "$log" || true)
failed=$(grep -cE '\.\.\. FAILED|^not ok [0-9]+ ' "$log" || true)
rm -f "$log"

if [ $status -ne 0 ] || [ "$failed" -ne 0 ]; then
  [ -f regression.diffs ] && cat regression.diffs
  echo "pmkt tests: FAILED"
  echo "regress: $passed passed, $failed failed"
  exit 1
fi
echo "regress: $passed passed, $failed failed"

# The evaluation job under real pg_cron (whole suite only): its own
# throwaway cluster with shared_preload_libraries = pg_cron.
cron_passed=0 cron_failed=0
if [ $# -eq 0 ]; then
  clog=$(mktemp)
  scripts/test_cron.sh 2>&1 | tee "$clog"
  cstatus=${PIPESTATUS[0]}
  line=$(grep -E '^cron: [0-9]+ passed, [0-9]+ failed' "$clog" | tail -1)
  rm -f "$clog"
  cron_passed=$(echo "$line" | sed -n 's/^cron: \([0-9]*\) passed.*/\1/p')
  cron_failed=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
  cron_passed=${cron_passed:-0}; cron_failed=${cron_failed:-0}
  if [ "$cstatus" -ne 0 ] || [ -z "$line" ]; then
    echo "pmkt tests: FAILED (pg_cron)"
    echo "pmkt: $((passed + cron_passed)) passed, $((cron_failed > 0 ? cron_failed : 1)) failed"
    exit 1
  fi
fi
echo "pmkt: $((passed + cron_passed)) passed, $((failed + cron_failed)) failed"
