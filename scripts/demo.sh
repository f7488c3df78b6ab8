#!/usr/bin/env bash
# scripts/demo.sh [orders] [seed]
# The demo from a fresh Debian 12 machine: installs missing packages, builds
# and installs pmkt, then in a throwaway cluster (pg_virtualenv) generates the
# synthetic marketing data set (default 200000 orders; 12000000 is the
# study's scale) and prints the analysis report, one section per demo/*.sql.
set -euo pipefail
cd "$(dirname "$0")/.."
export PMKT_DEMO_ORDERS=${1:-200000}
export PMKT_DEMO_SEED=${2:-42}
scripts/deps.sh
make -s all
flock -o /tmp/pmkt-install.lock make -s install >/dev/null
pg_virtualenv -t -o max_worker_processes=16 bash -c '
  set -e
  for f in demo/*.sql; do
    psql -X -q -v ON_ERROR_STOP=1 -v orders="$PMKT_DEMO_ORDERS" -v seed="$PMKT_DEMO_SEED" -f "$f"
  done
'
