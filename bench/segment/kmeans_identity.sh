#!/usr/bin/env bash
# bench/segment/kmeans_identity.sh: the in-memory k-means gives the same
# models bit for bit as main at b2bc8fd (before Hamerly's bounds, the
# threaded canonical order and the vectorised k-means++ passes): 29
# kmeans_train models on 5 tables (k 2..30, d 1..10, k-means++ / random /
# density / given centroids, n_init 3, standardize, ties on a grid, empty
# clusters), each as the md5 of its exact text form, with 1 thread and with
# 3 (max_parallel_workers_per_gather 0 and 2), and with 3 and the
# parallel load (the tables unlogged instead of temporary, parallel costs
# 0: every load through a Gather whose workers write into shared blocks;
# mode "2p").  The reference md5s
# (kmeans_identity.expected) were taken from main's build.  Needs bench.wide
# (BENCH_ROWS >= 300000) and bench.km3 (bench/segment/kmeans_e2e.sh makes
# them); environment as bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
rc=0
for mode in 0 2 2p; do
  w=${mode%p}
  if [ "$mode" = 2p ]; then
    tmp="UNLOGGED TABLE bench.kid_"; par="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
  else
    tmp="TEMP TABLE bench_kid_"; par="SET parallel_setup_cost = 1000;"
  fi
  got=$(sed -e "s/TEMP TABLE /$tmp/" -e "s/ FROM \(grid\|w3\|k2\|blobs\)\b/ FROM KID\1/g" <<'SQL' | sed -e "s/KID/$([ "$mode" = 2p ] && echo bench.kid_ || echo bench_kid_)/g" \
        | bpsql -At -c "SET max_parallel_workers_per_gather = $w" -c "$par" -f - | grep -v '^SET$\|^SELECT [0-9]\|^DROP TABLE$'
SET client_min_messages = warning;
CREATE TEMP TABLE grid AS SELECT g, (g % 7)::float8 AS a, (g % 11)::float8 AS b, ((g*7) % 13)::float8 / 4 AS c FROM generate_series(1, 120000) g;
CREATE TEMP TABLE w3 AS SELECT * FROM bench.wide WHERE id <= 300000;
CREATE TEMP TABLE k2 AS SELECT * FROM bench.km3 WHERE id <= 250000;
CREATE TEMP TABLE blobs AS SELECT g, (g%4)*10 + ((g::bigint*2654435761) % 100003)::float8/100003 AS a, (g%4 / 2) * 7 + ((g::bigint*40503) % 65537)::float8/65537*3 AS b FROM generate_series(1, 200000) g;
SELECT 'A'||k, md5(pmkt.kmeans_train('SELECT ARRAY[f1,f2,f3] FROM k2', k, max_iter => 40, tol => 0)::text) FROM unnest(ARRAY[2,3,5,8,12]) k;
SELECT 'B'||k, md5(pmkt.kmeans_train('SELECT ARRAY[f1,f2,f3,f4,f5,f6,f7,f8] FROM w3', k, max_iter => 25, tol => 0)::text) FROM unnest(ARRAY[5,7,16]) k;
SELECT 'C'||k, md5(pmkt.kmeans_train('SELECT ARRAY[a,b] FROM grid', k, max_iter => 50)::text) FROM unnest(ARRAY[4,6,9,20]) k;
SELECT 'D'||k, md5(pmkt.kmeans_train('SELECT ARRAY[a,b,c] FROM grid', k, init => 'random', n_init => 3, max_iter => 300)::text) FROM unnest(ARRAY[3,5,8]) k;
SELECT 'E'||k, md5(pmkt.kmeans_train('SELECT ARRAY[a] FROM grid', k, max_iter => 30, tol => 0)::text) FROM unnest(ARRAY[2,5,9]) k;
SELECT 'F'||k, md5(pmkt.kmeans_train('SELECT ARRAY[f1,f2,f3,f4,f5,f6,f7,f8,f1*f2,f3-f4] FROM w3', k, max_iter => 20, tol => 0, standardize => true)::text) FROM unnest(ARRAY[3,5,10]) k;
SELECT 'G'||k, md5(pmkt.kmeans_train('SELECT ARRAY[a,b] FROM blobs', k, max_iter => 300)::text) FROM unnest(ARRAY[4,5,6]) k;
SELECT 'H'||k, md5(pmkt.kmeans_train('SELECT ARRAY[a,b] FROM blobs', k, init => 'density', max_iter => 300, tol => 0)::text) FROM unnest(ARRAY[4,7]) k;
SELECT 'I', md5(pmkt.kmeans_train('SELECT ARRAY[f1,f2,f3] FROM k2', 5, max_iter => 300, tol => 1e-4)::text);
SELECT 'J', md5(pmkt.kmeans_train('SELECT ARRAY[a,b] FROM grid', 30, init => 'random', max_iter => 100, tol => 0)::text);
SELECT 'K', md5(pmkt.kmeans_train('SELECT ARRAY[f1,f2,f3] FROM k2 WHERE id <= 2000', 5, initial_centroids => ARRAY[[100,100,100],[0,0,0],[1,1,1],[200,200,200],[3,3,3]]::float8[], max_iter => 50, tol => 0)::text);
DROP TABLE IF EXISTS KIDgrid, KIDw3, KIDk2, KIDblobs;
SQL
)
  if diff <(echo "$got") "$(dirname "$0")/kmeans_identity.expected" >/dev/null; then
    echo "max_parallel_workers_per_gather = $w$([ "$mode" = 2p ] && echo ", parallel load"): $(echo "$got" | wc -l) models, all identical to main's"
  else
    echo "max_parallel_workers_per_gather = $w$([ "$mode" = 2p ] && echo ", parallel load"): DIFFERENT"; diff <(echo "$got") "$(dirname "$0")/kmeans_identity.expected" || true; rc=1
  fi
done
exit $rc
