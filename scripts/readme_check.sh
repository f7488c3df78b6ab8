#!/usr/bin/env bash
# scripts/readme_check.sh: every README example runs, in order, on a fresh
# database with the extension (issue 16, point 6).  scripts/readme_check.py
# takes the statements of the README's SQL blocks (psql sessions: statement,
# then its output) in order; they run in one psql session on a new database
# where only CREATE EXTENSION pmkt was done (the README creates its demo data
# itself, e.g. generate_demo before channel_effectiveness).  Fails on an
# ERROR the README does not show after that statement, and on a shown ERROR
# that did not happen.  Statements for other extensions (pg_cron's
# cron.schedule) are skipped when that extension is not installed.
#   scripts/readme_check.sh            install, then run in a throwaway cluster
#   scripts/readme_check.sh --inside   in the current cluster (PGHOST/PGPORT set)
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--inside" ]; then
  # a private install (Debian's extension_destdir, as scripts/fuzz.sh): no
  # wait on the shared install lock, nothing written to the server's folders
  major=$(pg_config --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
  if [ -n "${PMKT_IN_ROOT:-}" ]; then
    # inside a Debian root (scripts/in_root.sh) the build is installed, and ours
    pg_virtualenv -v "$major" -t "$PWD/scripts/readme_check.sh" --inside
    exit $?
  fi
  make -s all || exit 1
  dest=$(mktemp -d "${TMPDIR:-/var/tmp}/pmkt-readme.XXXXXX")
  chmod 755 "$dest"
  trap 'rm -rf "$dest"' EXIT
  make -s install DESTDIR="$dest" >/dev/null || exit 1
  lib=$dest$(pg_config --pkglibdir)
  # pg_virtualenv takes the first free port: a cluster starting at the same
  # moment can take it, so retry when ours did not come up (as scripts/fuzz.sh)
  for attempt in 1 2 3; do
    pg_virtualenv -v "$major" -t -o extension_destdir="$dest" -o dynamic_library_path="$lib:\$libdir" \
      bash -c "touch '$dest/started' && '$PWD/scripts/readme_check.sh' --inside"
    rc=$?
    [ -e "$dest/started" ] && exit $rc
    echo "readme_check: the cluster did not start (attempt $attempt), retrying" >&2; sleep $((RANDOM % 5 + 2))
  done
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t0=$(date +%s)
python3 scripts/readme_check.py extract README.md "$work/readme.sql" || exit 1
export PGDATABASE=postgres
psql -X -q -c 'DROP DATABASE IF EXISTS pmkt_readme' -c 'CREATE DATABASE pmkt_readme' || exit 1
psql -X -q -d pmkt_readme -c 'CREATE EXTENSION pmkt' || exit 1
# pg_cron's statements only where pg_cron is there
psql -X -qtA -d pmkt_readme -c "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'" | grep -qx 1 ||
  python3 - "$work/readme.sql" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
parts = re.split(r'(?m)^(?=\\echo @@ \d+$)', s)
out = [x if not re.search(r'\bcron\.|pg_cron', x) else re.sub(r'(?ms)^(\\echo @@ \d+\n).*', r'\1SELECT 1 AS skipped_needs_pg_cron;\n', x) for x in parts]
open(p, 'w').write(''.join(out))
PY
# the README's expected errors use the default verbosity and no statement echo
PGOPTIONS='-c client_min_messages=warning' psql -X -d pmkt_readme -v ON_ERROR_STOP=0 \
  -f "$work/readme.sql" > "$work/readme.log" 2>&1
python3 scripts/readme_check.py compare "$work/readme.sql.expect" "$work/readme.log"
rc=$?
[ $rc = 0 ] || [ -z "${README_CHECK_LOG:-}" ] || cp "$work/readme.log" "$README_CHECK_LOG"
echo "readme_check: $([ $rc = 0 ] && echo ok || echo FAILED) in $(( $(date +%s) - t0 )) s"
exit $rc
