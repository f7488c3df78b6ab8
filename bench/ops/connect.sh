#!/usr/bin/env bash
# bench/ops/connect.sh: what a new connection pays for loading pmkt (issue 19,
# point 6).  BI tools and pg_cron often open one connection per query; each
# such backend dlopens pmkt and its BLAS.  pgbench -C (a new connection per
# transaction), 2 clients, BENCH_SECS seconds per case, best of BENCH_REPS,
# all cases in one run, round-robin:
#   floor      SELECT 100.0/5                  (no pmkt)
#   pmkt       SELECT pmkt.cac(100, 5)         (this build: serial OpenBLAS)
#   pthread    the same C function from a copy of this build linked to
#              Debian's default pthread OpenBLAS (the 1.0 link line), loaded
#              from a file outside $libdir through a scratch function
#   preload    pmkt again, the cluster restarted with
#              shared_preload_libraries = 'pmkt' (the postmaster loads it
#              once; every backend inherits it by fork), then reset
# It also counts the tasks (threads) of a backend after each variant loads.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup
SECS=${BENCH_SECS:-10}
PGBENCH=$(pg_config --bindir)/pgbench
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT

# the pthread copy: same objects, the 1.0 link line
(cd "$BENCH_ROOT" && gcc -shared -o "$tmp/pmkt_pthread.so" src/*.o src/*/*.o \
   -L/usr/lib/x86_64-linux-gnu/openblas-pthread -Wl,--disable-new-dtags,-rpath,/usr/lib/x86_64-linux-gnu/openblas-pthread \
   -llapacke -lopenblas -lm)
chmod 755 "$tmp/pmkt_pthread.so"
bpsql <<SQL >/dev/null
CREATE SCHEMA IF NOT EXISTS bench;
DROP FUNCTION IF EXISTS bench.cac_pthread(float8, bigint);
CREATE FUNCTION bench.cac_pthread(float8, bigint) RETURNS float8
AS '$tmp/pmkt_pthread.so', 'pmkt_cac_int8' LANGUAGE C IMMUTABLE STRICT;
SQL

probe() {  # probe SQL: the tasks of a fresh backend after SQL
  bpsql -tA -o /dev/null -c "$1" -c "\\o" -c "SELECT count(*) || ' tasks' FROM pg_ls_dir('/proc/self/task')"
}
echo "--- a fresh backend after the first call"
echo "floor:   $(probe 'SELECT 100.0/5')"
echo "pmkt:    $(probe 'SELECT pmkt.cac(100, 5)')"
echo "pthread: $(probe 'SELECT bench.cac_pthread(100, 5)')"

declare -A best
cases="floor pmkt pthread"
for c in floor pmkt pthread preload; do best[$c]=0; done
run_case() {  # run_case NAME REP
  local c=$1 q tps
  case $c in
    floor) q='SELECT 100.0/5;' ;;
    pmkt|preload) q='SELECT pmkt.cac(100, 5);' ;;
    pthread) q='SELECT bench.cac_pthread(100, 5);' ;;
  esac
  echo "$q" > "$tmp/$c.sql"
  tps=$(runuser -u postgres -- "$PGBENCH" -n -C -c 2 -j 2 -T "$SECS" -p "$BENCH_PORT" -f "$tmp/$c.sql" "$BENCH_DB" 2>/dev/null \
        | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
  echo "rep $2 $c: $tps tps"
  best[$c]=$(awk "BEGIN{print ($tps > ${best[$c]}) ? $tps : ${best[$c]}}")
}
for rep in $(seq "$BENCH_REPS"); do
  for c in $cases; do run_case $c $rep; done
done
# preloaded: restart with the library in the postmaster, then back
bpsql -c "ALTER SYSTEM SET shared_preload_libraries = 'pmkt'" >/dev/null
pg_ctlcluster 15 pmktbench restart
echo "preload: $(probe 'SELECT pmkt.cac(100, 5)')"
for rep in $(seq "$BENCH_REPS"); do run_case preload $rep; run_case floor $rep; done
bpsql -c "ALTER SYSTEM RESET shared_preload_libraries" >/dev/null
pg_ctlcluster 15 pmktbench restart
echo "--- best of $BENCH_REPS (pgbench -C -c 2, ${SECS} s each)"
for c in floor pmkt pthread preload; do
  echo "$c: ${best[$c]} tps ($(ratio "${best[floor]}" "${best[$c]}")x the floor's time per connection)"
done
bpsql -c "DROP FUNCTION bench.cac_pthread(float8, bigint)" >/dev/null
