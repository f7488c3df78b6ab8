#!/usr/bin/env bash
# scripts/in_root.sh ROOT [--raw] COMMAND...
# Runs COMMAND inside a Debian root (scripts/root.sh): ROOT is 17 or 18 (the
# build root of that PostgreSQL major), or NN-run (the run root, then through
# an overlay: whatever COMMAND installs vanishes with it).  /proc, /dev and
# this checkout (bind-mounted at /build/pmkt, the working directory) are
# mounted in a private mount namespace.  The environment is cleared except
# for PMKT_* and BENCH_* variables.  --raw: the root exists, do not check it.
set -euo pipefail
root=${1:?usage: scripts/in_root.sh 17|18|NN-run COMMAND...}; shift
here=$(cd "$(dirname "$0")/.." && pwd)
base=${PMKT_ROOTS:-/var/tmp/pmkt-roots}
r=${root#pg}
case "$r" in
  *-run) major=${r%-run}; flavour=run ;;
  *) major=$r; flavour=build ;;
esac
raw=""
[ "${1:-}" = --raw ] && { raw=1; shift; }
if [ -n "$raw" ]; then
  if [ "$flavour" = run ]; then dir=$base/pg$major-run; else dir=$base/pg$major; fi
else
  dir=$("$here/scripts/root.sh" "$major" "$flavour")
fi
overlay=""
[ "$flavour" = run ] && [ -z "$raw" ] && overlay=$(mktemp -d "${TMPDIR:-/var/tmp}/pmkt-overlay.XXXXXX")
keep=$(env | grep -E '^(PMKT|BENCH)_[A-Za-z0-9_]*=' | sed 's/^/export /; s/=\(.*\)$/="\1"/' || true)
rc=0
unshare --mount --propagation private bash -c '
  set -e
  dir=$1; here=$2; overlay=$3; shift 3
  if [ -n "$overlay" ]; then
    mkdir -p "$overlay/upper" "$overlay/work" "$overlay/merged"
    mount -t overlay overlay -o "lowerdir=$dir,upperdir=$overlay/upper,workdir=$overlay/work" "$overlay/merged"
    dir=$overlay/merged
  fi
  mount -t proc proc "$dir/proc"
  mount --rbind /dev "$dir/dev"
  mkdir -p "$dir/build/pmkt" "$dir/tmp"; chmod 1777 "$dir/tmp"
  mount --bind "$here" "$dir/build/pmkt"
  cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
  exec chroot "$dir" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM=dumb bash -c "'"$keep"'
cd /build/pmkt && exec \"\$@\"" bash "$@"
' bash "$dir" "$here" "$overlay" "$@" || rc=$?
[ -n "$overlay" ] && rm -rf "$overlay"
exit $rc
