#!/usr/bin/env bash
# scripts/root.sh MAJOR [run]
# Makes (on first use) and prints a throwaway Debian root for PostgreSQL MAJOR:
#   build root (default): the server, its headers, pg_cron, LAPACKE/OpenBLAS
#     and the packaging tools: where scripts/test.sh --pg MAJOR builds and
#     tests (17 from Debian 13 trixie, 18 from sid; 15 is the host's).
#   run root: only the server and PGXS (for `make installcheck`), no
#     LAPACKE/OpenBLAS: the clean machine the package test installs the
#     .deb into, through an overlay so that the root itself stays clean
#     (15 from Debian 12 bookworm, 17 trixie, 18 sid).
# Mixing suites on the host is not safe; a root is.  Roots live under
# $PMKT_ROOTS (default /var/tmp/pmkt-roots) and are reused; a root is
# complete once its .ready stamp exists, and packages added to the lists
# below are installed into existing roots on the next use.
set -euo pipefail
major=${1:?usage: scripts/root.sh 15|17|18 [run]}
flavour=${2:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
case "$major" in
  15) suite=bookworm ;;
  17) suite=trixie ;;
  18) suite=sid ;;
  *) echo "root.sh: no root for PostgreSQL $major (15, 17 or 18)" >&2; exit 2 ;;
esac
case "$flavour" in
  build)
    [ "$major" != 15 ] || { echo "root.sh: PostgreSQL 15 builds on the host" >&2; exit 2; }
    name=pg$major
    pkgs="build-essential postgresql-$major postgresql-server-dev-$major postgresql-$major-cron
          postgresql-server-dev-all postgresql-common liblapacke-dev libopenblas-serial-dev
          ca-certificates locales-all debhelper dpkg-dev fakeroot python3 procps" ;;
  run)
    name=pg$major-run
    pkgs="postgresql-$major postgresql-server-dev-$major postgresql-$major-cron postgresql-common make
          ca-certificates locales-all procps" ;;
  *) echo "root.sh: flavour is build or run" >&2; exit 2 ;;
esac
base=${PMKT_ROOTS:-/var/tmp/pmkt-roots}
dir=$base/$name
log=$base/$name.log

mkdir -p "$base"
exec 9>"$base/.$name.lock"
flock 9
if [ ! -f "$dir/.bootstrapped" ]; then
  command -v debootstrap >/dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  rm -rf "$dir"
  echo "root.sh: debootstrap $suite into $dir" >&2
  debootstrap --variant=minbase "$suite" "$dir" http://deb.debian.org/debian >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; exit 1; }
  # no daemons may start inside the root while packages install
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"; chmod +x "$dir/usr/sbin/policy-rc.d"
  # the registry serves a dated snapshot: its Release files may have expired
  echo 'Acquire::Check-Valid-Until "false";' >"$dir/etc/apt/apt.conf.d/99pmkt-snapshot"
  # Debian 12 is the host's suite: the same updates and security fixes, so
  # that a package built on the host installs in the run root
  if [ "$suite" = bookworm ]; then
    printf '%s\n' "deb http://deb.debian.org/debian bookworm main" \
      "deb http://deb.debian.org/debian bookworm-updates main" \
      "deb http://deb.debian.org/debian-security bookworm-security main" >"$dir/etc/apt/sources.list"
  fi
  mkdir -p "$dir/etc/postgresql-common/createcluster.d"
  echo "create_main_cluster = false" >"$dir/etc/postgresql-common/createcluster.d/pmkt.conf"
  touch "$dir/.bootstrapped"
fi
# install what the list names and the root lacks (all of it on first use)
have=$(chroot "$dir" dpkg-query -W -f='${Package} ${Status}\n' $pkgs 2>/dev/null \
       | awk '$NF == "installed" {print $1}' | sort || true)
missing=$(comm -13 <(echo "$have") <(printf '%s\n' $pkgs | sort))
if [ -n "$missing" ]; then
  echo "root.sh: installing into $name: $(echo $missing)" >&2
  "$here/scripts/in_root.sh" "$name" --raw bash -c "
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $missing)" \
    >>"$log" 2>&1 || { tail -n 20 "$log" >&2; exit 1; }
fi
touch "$dir/.ready"
echo "$dir"
