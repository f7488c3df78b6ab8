#!/usr/bin/env bash
# scripts/in_root.sh MAJOR [--raw] COMMAND...
# Runs COMMAND inside the PostgreSQL MAJOR root (scripts/root.sh), with /proc,
# /dev and /dev/pts mounted and this checkout bind-mounted at /build/pmkt
# (the working directory).  The environment is cleared except for PMKT_* and
# BENCH_* variables.  --raw skips making the root (used by root.sh itself).
set -euo pipefail
major=${1:?usage: scripts/in_root.sh MAJOR COMMAND...}; shift
here=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = --raw ]; then
  shift; dir=${PMKT_ROOTS:-/var/tmp/pmkt-roots}/pg$major
else
  dir=$("$here/scripts/root.sh" "$major")
fi
# one private mount namespace per call: the mounts vanish with it
keep=$(env | grep -E '^(PMKT|BENCH)_[A-Za-z0-9_]*=' | sed 's/^/export /; s/=\(.*\)$/="\1"/' || true)
exec unshare --mount --propagation private bash -c '
  set -e
  dir=$1; here=$2; shift 2
  mount -t proc proc "$dir/proc"
  mount --rbind /dev "$dir/dev"
  mkdir -p "$dir/build/pmkt" "$dir/tmp"; chmod 1777 "$dir/tmp"
  mount --bind "$here" "$dir/build/pmkt"
  cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
  exec chroot "$dir" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM=dumb bash -c "'"$keep"'
cd /build/pmkt && exec \"\$@\"" bash "$@"
' bash "$dir" "$here" "$@"
