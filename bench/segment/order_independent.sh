#!/usr/bin/env bash
# bench/segment/order_independent.sh [ROWS] [ROUNDS]
#
# CPU cost of the order-independent accumulation of pmkt.kmeans_step and
# pmkt.pca_components (issue 19: double-double sums, exact products in
# pca), against a floor query reading the same arrays.  Run it once with
# the build before the change installed and once with the build after it
# (same table, same moment) and compare the ratios to the floor (the
# last query shows the in-memory kmeans_train with its new count(*) pass
# that decides the path before loading); the
# numbers of one such pair are in order_independent.md.  Needs a running
# server with pmkt (BENCH_PORT, BENCH_DB, as bench/cpu_rounds.py; the table
# pmkt_oi.t is kept for the second run).  BENCH_SETUP: SQL run first on
# every connection (e.g. SET extension_destdir / dynamic_library_path to
# load a build installed with make install DESTDIR=..., Debian's servers).
set -euo pipefail
rows=${1:-1000000}
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_PORT=${BENCH_PORT:-5499} BENCH_DB=${BENCH_DB:-pmkt_bench}
setup=${BENCH_SETUP:-SELECT 1}
psql -X -q -p "$BENCH_PORT" -d "$BENCH_DB" -v ON_ERROR_STOP=1 <<SQL
$setup;
CREATE EXTENSION IF NOT EXISTS pmkt;
CREATE SCHEMA IF NOT EXISTS pmkt_oi;
CREATE TABLE IF NOT EXISTS pmkt_oi.t (x3 float8[], x10 float8[]);
DO \$\$ BEGIN
  IF (SELECT count(*) FROM pmkt_oi.t) <> $rows THEN
    TRUNCATE pmkt_oi.t;
    INSERT INTO pmkt_oi.t
    SELECT ARRAY[(g % 1000) / 7.0, sin(g), ((g * 7919) % 1009)]::float8[],
           ARRAY[(g % 1000) / 7.0, sin(g), ((g * 7919) % 1009), cos(g), g % 3, (g % 17) * 0.25,
                 sqrt(g), (g * 104729) % 1013, sin(g * 0.1), 1e6 + g % 11]::float8[]
    FROM generate_series(1::bigint, $rows) g;
  END IF;
END \$\$;
VACUUM ANALYZE pmkt_oi.t;
SQL
echo "rows $rows, rounds $rounds, load $(cut -d' ' -f1-3 /proc/loadavg); $(psql -X -qAt -p "$BENCH_PORT" -d "$BENCH_DB" -c "$setup" -c 'SELECT pmkt.version()' | tail -1 | cut -c1-60)"
nice /usr/bin/python3 "$here/../cpu_rounds.py" "$rounds" \
  "floor: max(cardinality(x3, x10))=$setup;;SELECT max(cardinality(x3)) + max(cardinality(x10)) FROM pmkt_oi.t" \
  "kmeans_step k 3, d 3=$setup;;SELECT pmkt.kmeans_step(x3, '{{0,0,0},{50,0,500},{100,1,1000}}') FROM pmkt_oi.t" \
  "kmeans_step k 8, d 10=$setup;;SELECT pmkt.kmeans_step(x10, array_fill(1::float8, ARRAY[8,10])) FROM pmkt_oi.t" \
  "pca_components d 3=$setup;;SELECT pmkt.pca_components(x3) FROM pmkt_oi.t" \
  "pca_components d 10=$setup;;SELECT pmkt.pca_components(x10, false) FROM pmkt_oi.t" \
  "kmeans_train k 5, d 3, in memory, 10 it.=$setup;;SELECT (pmkt.kmeans_train('SELECT x3 FROM pmkt_oi.t', 5, max_iter => 10, tol => 0)).inertia"
