#!/usr/bin/env bash
# scripts/fuzz.sh [fuzz.py options]      e.g. --seed 7 --cases 100000
# scripts/fuzz.sh --ci                   what `scripts/test.sh --fuzz` runs
#
# Builds pmkt (warnings are errors), installs it into a private DESTDIR (so
# concurrent checkouts and the host's own install are untouched), starts a
# throwaway PostgreSQL 15 cluster with pg_virtualenv that loads pmkt from
# there (Debian's extension_destdir), and runs scripts/fuzz.py in it.
# See scripts/fuzz.py for what is fuzzed and what counts as a failure.
# Exits non-zero on any failure (or when the self-test misses a planted one).
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
# the CI mode: a fixed seed and a bounded number of cases (~2-3 min on 2 cores)
CI_ARGS=(--self-test --seed 20261204 --cases 30000 --timeout 5 --memory-mb 512 --progress 10000)
if [ "${1:-}" = --ci ]; then shift; set -- "${CI_ARGS[@]}" "$@"; fi

scripts/deps.sh || exit 1
if [ -z "${PMKT_FUZZ_NOBUILD:-}" ]; then
  make -s clean >/dev/null && make -s -j2 COPT=-Werror all || exit 1
fi
dest=$(mktemp -d "${TMPDIR:-/var/tmp}/pmkt-fuzz.XXXXXX")
chmod 755 "$dest"   # the server (user postgres) reads the install from here
trap 'rm -rf "$dest"' EXIT
make -s install DESTDIR="$dest" >/dev/null || exit 1
lib=$dest$(pg_config --pkglibdir)
cd /
# the backend's /proc/PID/status is read by this script: pg_virtualenv as root
# runs the server as postgres and the fuzzer as root, which can read it
# pg_virtualenv picks the first free port: another cluster starting at the
# same moment can take it, so retry when the cluster did not come up
started=$dest/started
for attempt in 1 2 3; do
  pg_virtualenv -v 15 -t -o extension_destdir="$dest" -o dynamic_library_path="$lib:\$libdir" \
    -o restart_after_crash=on -o shared_buffers=32MB \
    bash -c "touch '$started' && psql -qc 'CREATE EXTENSION pmkt' && PMKT_FUZZ_DEST='$dest' /usr/bin/python3 '$top/scripts/fuzz.py' $(printf '%q ' "$@")"
  rc=$?
  [ -e "$started" ] && exit $rc
  echo "fuzz: the cluster did not start (attempt $attempt), retrying" >&2; sleep $((RANDOM % 5 + 2))
done
exit $rc
