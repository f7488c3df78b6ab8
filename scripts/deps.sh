#!/usr/bin/env bash
# scripts/deps.sh [extra-package ...]
# Install the Debian packages pmkt needs to build and test, when missing.
set -euo pipefail
pkgs=(build-essential postgresql-15 postgresql-server-dev-15 postgresql-common
      liblapacke-dev libopenblas-serial-dev postgresql-15-cron python3-psycopg2 "$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
