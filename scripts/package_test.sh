#!/usr/bin/env bash
# scripts/package_test.sh build|install MAJOR   (called by scripts/test.sh --package)
#   build:   in a checkout copy on a machine with the build dependencies (the
#            host for 15, the build root for 17/18): debian/control for MAJOR
#            (pg_buildext updatecontrol), dpkg-buildpackage, the .deb kept in
#            the checkout's packages/ folder.
#   install: in a clean run root (server and PGXS only, no LAPACKE/OpenBLAS):
#            apt-get install ./packages/postgresql-MAJOR-pmkt_*.deb (its
#            Depends pull LAPACKE/OpenBLAS), then the regression suite and the
#            pg_cron job against the installed package, with no build step.
set -euo pipefail
action=${1:?build or install}; major=${2:?major}
cd "$(dirname "$0")/.."
case "$action" in
  build)
    export PG_SUPPORTED_VERSIONS=$major PG_UPDATECONTROL=yes DEB_BUILD_OPTIONS=nocheck
    pg_buildext updatecontrol >/dev/null
    grep -q "^Package: postgresql-$major-pmkt\$" debian/control
    rm -rf packages; mkdir -p packages
    dpkg-buildpackage -us -uc -b >packages/build.log 2>&1 || { tail -n 40 packages/build.log; exit 1; }
    mv ../postgresql-"$major"-pmkt_*.deb packages/
    rm -f ../pmkt_*.buildinfo ../pmkt_*.changes ../postgresql-"$major"-pmkt-dbgsym_*.deb
    echo "built: $(cd packages && ls *.deb)"
    dpkg-deb -f packages/postgresql-"$major"-pmkt_*.deb Depends
    ;;
  install)
    export DEBIAN_FRONTEND=noninteractive
    deb=$(ls packages/postgresql-"$major"-pmkt_*.deb)
    if dpkg-query -W -f='${Status}\n' liblapacke 2>/dev/null | grep -q "ok installed"; then
      echo "the run root is not clean: liblapacke is installed"; exit 1
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "./$deb" >/tmp/apt.log 2>&1 || { tail -n 30 /tmp/apt.log; exit 1; }
    dpkg-query -W -f='${Package} ${Version}\n' "postgresql-$major-pmkt" liblapacke 'libopenblas0*'
    # nothing of the checkout is built or installed from here on
    rm -f pmkt.so src/*.o src/*/*.o
    PMKT_INSTALLED=1 PMKT_IN_ROOT=1 scripts/test.sh --installed "$major"
    ;;
  *) echo "package_test.sh: build or install" >&2; exit 2 ;;
esac
