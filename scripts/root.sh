#!/usr/bin/env bash
# scripts/root.sh MAJOR
# Makes (on first use) and prints a throwaway Debian root holding PostgreSQL
# MAJOR with its headers, pg_cron, LAPACKE/OpenBLAS and the build tools: 17
# from Debian 13 (trixie), 18 from sid.  Mixing suites on the host is not
# safe; a root is.  Roots live under $PMKT_ROOTS (default /var/tmp/pmkt-roots)
# and are reused; a root is complete only once its .ready stamp exists.
set -euo pipefail
major=${1:?usage: scripts/root.sh 17|18}
case "$major" in
  17) suite=trixie ;;
  18) suite=sid ;;
  *) echo "root.sh: no root for PostgreSQL $major (17 or 18)" >&2; exit 2 ;;
esac
base=${PMKT_ROOTS:-/var/tmp/pmkt-roots}
dir=$base/pg$major
pkgs="build-essential postgresql-$major postgresql-server-dev-$major postgresql-$major-cron
      postgresql-common liblapacke-dev libopenblas-dev ca-certificates locales-all
      debhelper devscripts fakeroot python3 procps"

mkdir -p "$base"
exec 9>"$base/.pg$major.lock"
flock 9
if [ ! -f "$dir/.ready" ]; then
  command -v debootstrap >/dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  rm -rf "$dir"
  echo "root.sh: debootstrap $suite into $dir" >&2
  debootstrap --variant=minbase "$suite" "$dir" http://deb.debian.org/debian >"$base/pg$major.log" 2>&1 \
    || { tail -20 "$base/pg$major.log" >&2; exit 1; }
  # no daemons may start inside the root while packages install
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"; chmod +x "$dir/usr/sbin/policy-rc.d"
  # the registry serves a dated snapshot: its Release files may have expired
  echo 'Acquire::Check-Valid-Until "false";' >"$dir/etc/apt/apt.conf.d/99pmkt-snapshot"
  mkdir -p "$dir/etc/postgresql-common/createcluster.d"
  echo "create_main_cluster = false" >"$dir/etc/postgresql-common/createcluster.d/pmkt.conf"
  scripts/in_root.sh "$major" --raw bash -c "
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $pkgs)" \
    >>"$base/pg$major.log" 2>&1 || { tail -20 "$base/pg$major.log" >&2; exit 1; }
  touch "$dir/.ready"
fi
echo "$dir"
