#!/usr/bin/env bash
# scripts/test.sh [--pg 15|17|18] [test-name ...]
# scripts/test.sh --package [15|17|18 ...]
# scripts/test.sh --all                      (what CI runs: .ci/run)
# scripts/test.sh --limits [--pg 15|17|18]   (the suite, then scripts/limits.sh)
# scripts/test.sh --fuzz [fuzz.py options]   the fuzzer's CI mode (scripts/fuzz.sh --ci)
#
# The whole test suite from a fresh Debian 12 machine: installs what is
# missing, builds pmkt (warnings are errors), installs it, runs the
# pg_regress suite (or the named tests, e.g. segment/kmeans) in a throwaway
# cluster made by pg_virtualenv, then the evaluation job under real pg_cron.
#   --pg 15     on the host (the default)
#   --pg 17|18  the same inside a Debian root holding that server
#               (scripts/root.sh: made on first use, ~5 min, reused after)
#   --package   builds the Debian package postgresql-NN-pmkt in each root,
#               installs it into a clean copy with apt, CREATE EXTENSION,
#               and runs the suite against the installed package
#   --limits    after the suite passes, the resource limits on 2 M rows
#               (scripts/limits.sh: cancel within 1 s, flat memory; ~3 min)
#   --fuzz      the fuzzer in CI mode on PostgreSQL 15 (host): a fixed seed
#               and a bounded number of cases, ~2-3 min (scripts/fuzz.sh)
#   --all       all three majors, the package test, the resource limits
#               (scripts/limits.sh on 15) and the fuzzer's CI mode, with a
#               timing table
# Exits non-zero on any failure and prints regression.diffs.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD

# a copy of this checkout (working tree, no build products) to test in a root
scratch_copy() {
  local d
  d=$(mktemp -d "${TMPDIR:-/var/tmp}/pmkt-$1.XXXXXX")
  tar -C "$top" --exclude=.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
      --exclude=results --exclude=regression.diffs --exclude=regression.out -cf - . | tar -C "$d" -xf -
  echo "$d"
}

# the build roots (17, 18) and run roots (15, 17, 18) at once: debootstrap
# and apt wait on the network and the disk more than on the 2 cores
make_roots() {
  local pids=() r rc=0
  scripts/deps.sh debootstrap >/dev/null || return 1
  for r in "17" "18" "15 run" "17 run" "18 run"; do
    scripts/root.sh $r >/dev/null & pids+=($!)
  done
  for r in "${pids[@]}"; do wait "$r" || rc=1; done
  return $rc
}

run_all() {
  local t0 s rc=0 line steps=()
  step() {  # step NAME COMMAND...
    local name=$1; shift
    echo "=== $name"
    s=$(date +%s)
    if "$@"; then line=ok; else line=FAILED; rc=1; fi
    steps+=("$(printf '%-38s %5d s  %s' "$name" $(( $(date +%s) - s )) "$line")")
  }
  t0=$(date +%s)
  step "Debian roots (5, made in parallel)" make_roots
  step "suite, PostgreSQL 15 (host)" scripts/test.sh --pg 15
  step "suite, PostgreSQL 17 (trixie root)" scripts/test.sh --pg 17
  step "suite, PostgreSQL 18 (sid root)" scripts/test.sh --pg 18
  step "package, PostgreSQL 15, 17, 18" scripts/test.sh --package 15 17 18
  step "cancel and memory, PostgreSQL 15 (host)" scripts/limits.sh --pg 15
  step "fuzz, PostgreSQL 15 (CI mode)" scripts/fuzz.sh --ci
  echo "=== summary"
  printf '%s\n' "${steps[@]}"
  printf '%-38s %5d s  %s\n' "all steps" $(( $(date +%s) - t0 )) "$([ $rc = 0 ] && echo ok || echo FAILED)"
  return $rc
}

# the suite against whatever pmkt is installed (inside a root or on the host)
run_suite() {
  local major=$1; shift
  local regress="" log status=0 passed failed t0=$(date +%s)
  [ $# -gt 0 ] && regress="REGRESS='$*'"
  log=$(mktemp)
  # `make install` writes the server's shared folders: serialise it with the
  # run so that concurrent checkouts on one host do not collide
  flock -o /tmp/pmkt-install.lock bash -c "
    set -e
    [ -n \"\${PMKT_INSTALLED:-}\" ] || make -s install >/dev/null
    pg_virtualenv -v $major -t -o max_worker_processes=16 -o max_parallel_workers=8 \
      make -s installcheck $regress
  " 2>&1 | tee "$log" || status=$?
  passed=$(grep -cE '^(ok|not ok|test| ) .*\.\.\. ok|^ok [0-9]+ ' "$log" || true)
  failed=$(grep -cE '\.\.\. FAILED|^not ok [0-9]+ ' "$log" || true)
  rm -f "$log"
  if [ $status -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
    [ -f regression.diffs ] && cat regression.diffs
    echo "pmkt tests: FAILED (PostgreSQL $major)"
    echo "regress: $passed passed, $((failed > 0 ? failed : 1)) failed"
    return 1
  fi
  echo "regress: $passed passed, 0 failed"
  local cron=0
  if [ $# -eq 0 ]; then
    scripts/test_cron.sh || { echo "pmkt tests: FAILED (pg_cron, PostgreSQL $major)"; return 1; }
    cron=1
    # every README example, in order, on a fresh database (not against an
    # installed package: the check installs this build privately)
    if [ -z "${PMKT_INSTALLED:-}" ]; then
      scripts/readme_check.sh || { echo "pmkt tests: FAILED (README examples, PostgreSQL $major)"; return 1; }
    fi
  fi
  echo "pmkt: suite passed on PostgreSQL $major ($passed regression tests$([ $cron = 1 ] && echo ', pg_cron job, README examples'); $(( $(date +%s) - t0 )) s)"
}

build() {
  # the install scripts are committed: they must be what the parts assemble
  local f keep
  keep=$(mktemp -d)
  cp pmkt--1.1.sql pmkt--1.0--1.1.sql "$keep/"
  scripts/assemble_sql.sh
  for f in pmkt--1.1.sql pmkt--1.0--1.1.sql; do
    cmp -s "$f" "$keep/$f" || { rm -rf "$keep"; echo "$f is stale: run make and commit it"; return 1; }
  done
  rm -rf "$keep"
  make -s clean >/dev/null || return 1
  make -s -j2 COPT=-Werror all || return 1
}

package() {
  local major rc=0 d ok
  for major in "$@"; do
    d=$(scratch_copy "pkg$major")
    ok=1
    if [ "$major" = 15 ]; then
      scripts/deps.sh debhelper dpkg-dev fakeroot postgresql-server-dev-all || ok=0
      [ $ok = 0 ] || (cd "$d" && scripts/package_test.sh build 15) || ok=0
    else
      "$d/scripts/in_root.sh" "$major" scripts/package_test.sh build "$major" || ok=0
    fi
    [ $ok = 0 ] || "$d/scripts/in_root.sh" "$major-run" scripts/package_test.sh install "$major" || ok=0
    if [ $ok = 1 ]; then echo "package postgresql-$major-pmkt: ok"
    else echo "package postgresql-$major-pmkt: FAILED"; rc=1; fi
    rm -rf "$d"
  done
  return $rc
}

# --limits: then scripts/limits.sh on the same build (kept through in_root.sh)
if [ "${1:-}" = --limits ]; then
  export PMKT_LIMITS=1; shift
fi
limits() {
  [ -n "${PMKT_LIMITS:-}" ] || return 0
  scripts/limits.sh --inside "$1" --built
}

case "${1:-}" in
  --all) run_all; exit $? ;;
  --fuzz) shift; exec scripts/fuzz.sh --ci "$@" ;;
  --package) shift; [ $# -gt 0 ] || set -- 15 17 18; package "$@"; exit $? ;;
  --installed)  # the suite against the installed package (package test)
    run_suite "$2"; exit $? ;;
  --inside)  # inside a root: build, install, suite
    shift; major=$1; shift
    export PMKT_IN_ROOT=1
    build || exit 1
    run_suite "$major" "$@" && limits "$major"; exit $? ;;
  --pg) major=${2:?--pg needs 15, 17 or 18}; shift 2 ;;
  *) major=15 ;;
esac

case "$major" in
  15)
    scripts/deps.sh || exit 1
    build || exit 1
    run_suite 15 "$@" && limits 15; exit $? ;;
  17|18)
    d=$(scratch_copy "pg$major")
    "$d/scripts/in_root.sh" "$major" scripts/test.sh --inside "$major" "$@"; rc=$?
    [ -f "$d/regression.diffs" ] && [ $rc -ne 0 ] && cp "$d/regression.diffs" "$top/regression.diffs"
    rm -rf "$d"; exit $rc ;;
  *) echo "test.sh: PostgreSQL $major is not supported (15, 17, 18)" >&2; exit 2 ;;
esac
