#!/usr/bin/env bash
# bench/classify/forest.sh: pmkt.forest_train / pmkt.tree_train against
# scikit-learn (n_jobs=1, export counted) on the same split of the same rows,
# and pmkt.predict_proba against the floor of reading the feature columns.
#   BENCH_CLS_ROWS rows (default 1 000 000) x 20 mixed features (10 float,
#   2 integer, 4 boolean, 4 text categories) with a planted logistic
#   response; 80 % train (pmkt.train_test_split), AUC on the 20 % test rows;
#   scikit-learn gets the categories one-hot encoded (pandas.get_dummies),
#   as its trees have no categorical splits.
#   Memory: the backend's peak resident set (VmHWM) over the training call,
#   and Python's peak resident set (ru_maxrss) over export and fit.
# BENCH_SKIP_SETUP=1 uses an already running server (PGHOST/BENCH_PORT)
# with pmkt installed, instead of bench_setup's pmktbench cluster.
# BENCH_PMKT_SO=/path/pmkt.so points the extension's C functions at that
# build (a shared machine where other checkouts install theirs meanwhile).
# Scoring is also timed by backend CPU time in interleaved rounds
# (bench/cpu_rounds.py, serial plans), the load average printed with it:
# predict(m, c) with c the table's row is rewritten by the planner into the
# columns form (no row value per row); *_record score the row of an OFFSET 0
# subquery, which is left in the record form (the path before the rewrite);
# *_initplan take the model from a scalar subquery (evaluated once) instead
# of a join with the model's table (a nested loop over a materialized row).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
N=${BENCH_CLS_ROWS:-1000000}
TREES=${BENCH_CLS_TREES:-20}
DEPTH=${BENCH_CLS_DEPTH:-10}
BENCH_REPS=1
# scoring rounds: the floor, the columns form, the record form (cpu_rounds.py),
# over the table $ST (bench.cls, or bench.cls_score: see BENCH_CLS_SCORE_ROWS)
ST=bench.cls
score_rounds() {
  local q=(
    "floor=SELECT count(n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10 + i1 + i2), count(b1 AND b2 AND b3 AND b4), count(c1 || c2 || c3 || c4) FROM $ST"
    "tree=SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_tree, $ST c"
    "forest=SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_model, $ST c"
    "tree_class=SELECT count(pmkt.predict(m, c)) FROM bench.cls_tree, $ST c"
    "forest_class=SELECT count(pmkt.predict(m, c)) FROM bench.cls_model, $ST c"
    "tree_initplan=SELECT sum(pmkt.predict_proba((SELECT m FROM bench.cls_tree), c)) FROM $ST c"
    "forest_initplan=SELECT sum(pmkt.predict_proba((SELECT m FROM bench.cls_model), c)) FROM $ST c")
  # BENCH_CLS_NO_RECORD=1: without the record form (the path before the rewrite)
  [ -n "${BENCH_CLS_NO_RECORD:-}" ] || q+=(
    "tree_record=SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_tree, (SELECT * FROM $ST OFFSET 0) c"
    "forest_record=SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_model, (SELECT * FROM $ST OFFSET 0) c")
  runuser -u postgres -- env BENCH_PORT="$BENCH_PORT" BENCH_DB="$BENCH_DB" ${BENCH_NICE:-nice} /usr/bin/python3 \
    "$BENCH_ROOT/bench/cpu_rounds.py" "${BENCH_CLS_ROUNDS:-3}" "${q[@]}"
}
# BENCH_CLS_SCORE_ONLY=1: only the scoring rounds, on the table and models a
# run of this script left (bench.cls, bench.cls_model, bench.cls_tree with
# BENCH_CLS_KEEP=1), with the extension as installed
# BENCH_CLS_SCORE_ROWS=M (with BENCH_CLS_SCORE_ONLY): score a table
# bench.cls_score of M rows drawn from the same distribution as bench.cls
# (the same generator, another seed; the split column computed in place),
# built once and kept, with the models trained on bench.cls
# gen_rows N [SPLIT]: the generator's rows (20 mixed features and a planted
# response), SPLIT an extra select-list item after them; one place for the
# training table and the scoring table
gen_rows() {
  cat <<GEN
SELECT g AS id, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, i1, i2, b1, b2, b3, b4, c1, c2, c3, c4,
       random() < 1 / (1 + exp(-(1.2 * n1 - 0.8 * n2 + 0.5 * n3 + 0.7 * b1::int - 0.003 * i1 + 0.05 * i2
                                  + CASE c1 WHEN 'web' THEN 0.9 WHEN 'shop' THEN -0.4 ELSE 0 END
                                  + CASE WHEN c2 IN ('r1', 'r4', 'r7') THEN 0.6 ELSE -0.2 END - 0.3))) AS responded${2:+,
       $2}
FROM (SELECT g, random() * 2 - 1 AS n1, random() * 2 - 1 AS n2, random() * 2 - 1 AS n3,
             random() AS n4, random() AS n5, random() * 10 AS n6, floor(random() * 100) AS n7,
             exp(random() * 3) AS n8, round(random() * 1000) AS n9, random() AS n10,
             floor(random() * 366)::int AS i1, 1 + floor(random() * 20)::int AS i2,
             random() < 0.3 AS b1, random() < 0.5 AS b2, random() < 0.1 AS b3, random() < 0.7 AS b4,
             (ARRAY['web', 'shop', 'phone', 'mail'])[1 + floor(random() * 4)::int] AS c1,
             'r' || floor(random() * 10)::int AS c2,
             'k' || floor(random() * 25)::int AS c3,
             (ARRAY['a', 'b', 'c'])[1 + floor(random() * 3)::int] AS c4
      FROM generate_series(1, $1) g) s
GEN
}
# With BENCH_CLS_SCORE_ONLY=1, a database without the models (a fresh
# cluster) first gets them: this script runs once without it (setup unless
# BENCH_SKIP_SETUP, the 1 M-row table, both models kept, no scikit-learn),
# so the lead's 12 M-row rerun is one command:
#   BENCH_CLS_SCORE_ONLY=1 BENCH_CLS_SCORE_ROWS=12000000 BENCH_CLS_NO_RECORD=1 bash bench/classify/forest.sh
# and it ends with the walk's lower bound outside PostgreSQL
# (bench/classify/walk_bound.sh on the same forest and rows; skip it with
# BENCH_CLS_WALK_BOUND=0).
if [ -n "${BENCH_CLS_SCORE_ONLY:-}" ] &&
   [ "$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'bench' AND tablename IN ('cls', 'cls_model', 'cls_tree')" 2>/dev/null || echo 0)" != 3 ]; then
  echo "no models in $BENCH_DB yet: training them first (${BENCH_CLS_ROWS:-1000000} rows)"
  BENCH_CLS_SCORE_ONLY= BENCH_CLS_KEEP=1 BENCH_CLS_SKLEARN=0 bash "$0"
fi
if [ -n "${BENCH_CLS_SCORE_ONLY:-}" ] && [ -n "${BENCH_CLS_SCORE_ROWS:-}" ]; then
  M=$BENCH_CLS_SCORE_ROWS
  ST=bench.cls_score
  have=-1
  if [ "$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'bench' AND tablename = 'cls_score'")" = 1 ]; then
    have=$(bpsql -tAc "SELECT count(*) FROM bench.cls_score")
  fi
  if [ "$have" != "$M" ]; then
    echo "building bench.cls_score ($M rows)..."
    bpsql <<SQL
DROP TABLE IF EXISTS bench.cls_score;
SELECT setseed(0.29);
CREATE TABLE bench.cls_score AS
$(gen_rows "$M" 'pmkt.train_test_split(g::text, 0.2, 42) AS split');
VACUUM ANALYZE bench.cls_score;
SQL
  fi
  # BENCH_CLS_BUILD_ONLY=1: only build it
  [ -z "${BENCH_CLS_BUILD_ONLY:-}" ] || exit 0
fi
if [ -n "${BENCH_CLS_SCORE_ONLY:-}" ]; then
  echo "scoring only: $(bpsql -tAc "SELECT count(*) FROM $ST") rows of $ST ($(bpsql -tAc "SELECT pg_size_pretty(pg_table_size('$ST'))")), models trained on $(bpsql -tAc "SELECT count(*) FROM bench.cls WHERE split = 'train'") rows of bench.cls; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  score_rounds
  echo "wall time, one run each, parallel plans allowed (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
  bench_time "floor: read the 20 feature columns" \
    "SELECT count(n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10 + i1 + i2), count(b1 AND b2 AND b3 AND b4), count(c1 || c2 || c3 || c4) FROM $ST"
  floor=$LAST_MS
  bench_time "predict_proba, tree, joined" "SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_tree, $ST c"
  echo "  / floor $(ratio "$LAST_MS" "$floor")"
  bench_time "predict_proba, forest, joined" "SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_model, $ST c"
  echo "  / floor $(ratio "$LAST_MS" "$floor")"
  bench_time "predict_proba, tree, scalar subquery" "SELECT sum(pmkt.predict_proba((SELECT m FROM bench.cls_tree), c)) FROM $ST c"
  echo "  / floor $(ratio "$LAST_MS" "$floor")"
  bench_time "predict_proba, forest, scalar subquery" "SELECT sum(pmkt.predict_proba((SELECT m FROM bench.cls_model), c)) FROM $ST c"
  echo "  / floor $(ratio "$LAST_MS" "$floor")"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${BENCH_CLS_WALK_BOUND:-1}" != 0 ]; then
    echo "--- the walk alone, outside PostgreSQL (bench/classify/walk_bound.sh on the rows of bench.cls) ---"
    bash "$BENCH_ROOT/bench/classify/walk_bound.sh"
  fi
  exit 0
fi
if [ -z "${BENCH_SKIP_SETUP:-}" ]; then
  bench_setup
else
  bpsql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1 \
    || bpsql -d postgres -c "CREATE DATABASE $BENCH_DB" >/dev/null
  bpsql -c "DROP EXTENSION IF EXISTS pmkt CASCADE; CREATE EXTENSION pmkt" >/dev/null
fi
if [ -n "${BENCH_PMKT_SO:-}" ]; then
  bpsql -c "UPDATE pg_proc SET probin = '$BENCH_PMKT_SO' WHERE probin LIKE '%pmkt%' AND prolang = 13" >/dev/null
fi
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.cls, bench.cls_model, bench.cls_tree;
SELECT setseed(0.13);
CREATE TABLE bench.cls AS
$(gen_rows "$N");
ALTER TABLE bench.cls ADD COLUMN split text;
UPDATE bench.cls SET split = pmkt.train_test_split(id::text, 0.2, 42);
VACUUM ANALYZE bench.cls;
SQL
COLS='n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, i1, i2, b1, b2, b3, b4, c1, c2, c3, c4'
THREADS=$(bpsql -tAc "SELECT 1 + current_setting('max_parallel_workers_per_gather')::int")
echo "--- $N rows x 20 features, $TREES trees, max_depth $DEPTH, $THREADS threads for the forest (one run) ---"
# train_peak NAME SQL: time SQL in one session and report the backend's peak RSS
train_peak() {
  local out
  out=$(bpsql -tA <<SQL
SELECT 'cpu0 ' || (split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint)
FROM (SELECT pg_read_file('/proc/' || pg_backend_pid() || '/stat') AS s) q;
\timing on
$2;
\timing off
SELECT 'hwm1 ' || substring(pg_read_file('/proc/' || pg_backend_pid() || '/status') from 'VmHWM:\s*(\d+)');
SELECT 'cpu1 ' || (split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint)
FROM (SELECT pg_read_file('/proc/' || pg_backend_pid() || '/stat') AS s) q;
SQL
)
  LAST_MS=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
  LAST_MB=$(echo "$out" | awk '/^hwm1/{print int($2 / 1024)}')
  # CPU of the backend and its threads (clock ticks of 10 ms)
  LAST_CPU=$(echo "$out" | awk '/^cpu0/{a=$2} /^cpu1/{b=$2} END{print (b - a) * 10}')
  printf '%-50s %12.1f ms  (CPU %s ms, backend peak RSS %s MB)\n' "$1" "$LAST_MS" "$LAST_CPU" "$LAST_MB"
}
train_peak "pmkt.forest_train" \
  "CREATE TABLE bench.cls_model AS SELECT pmkt.forest_train('SELECT $COLS, responded FROM bench.cls WHERE split = ''train''', 'responded', n_trees => $TREES, max_depth => $DEPTH, seed => 1, permutation_importance => false) AS m"
pmkt_forest=$LAST_MS; pmkt_forest_mb=$LAST_MB; pmkt_forest_cpu=$LAST_CPU
train_peak "pmkt.tree_train" \
  "CREATE TABLE bench.cls_tree AS SELECT pmkt.tree_train('SELECT $COLS, responded FROM bench.cls WHERE split = ''train''', 'responded', max_depth => $DEPTH) AS m"
pmkt_tree=$LAST_MS; pmkt_tree_mb=$LAST_MB; pmkt_tree_cpu=$LAST_CPU
auc_forest=$(bpsql -tAc "SELECT pmkt.roc_auc(pmkt.predict_proba(m, c), c.responded) FROM bench.cls_model, bench.cls c WHERE split = 'test'")
auc_tree=$(bpsql -tAc "SELECT pmkt.roc_auc(pmkt.predict_proba(m, c), c.responded) FROM bench.cls_tree, bench.cls c WHERE split = 'test'")
bench_time "floor: read the 20 feature columns of all rows" \
  "SELECT count(n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10 + i1 + i2), count(b1 AND b2 AND b3 AND b4), count(c1 || c2 || c3 || c4) FROM bench.cls"
floor=$LAST_MS
bench_time "pmkt.predict_proba(forest, row) over all rows" \
  "SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_model, bench.cls c"
pred=$LAST_MS
bench_time "pmkt.predict_proba(tree, row) over all rows" \
  "SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_tree, bench.cls c"
pred_tree=$LAST_MS
# the same three by backend CPU time, interleaved rounds (a load from
# elsewhere hits all three alike)
cpu=$(score_rounds)
echo "scoring by backend CPU time (serial, median of ${BENCH_CLS_ROUNDS:-3} interleaved rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)):"
echo "$cpu"
nodes=$(bpsql -tAc "SELECT (pmkt.tree_model_info(m)->>'nodes') || ' / ' || (SELECT pmkt.tree_model_info(m)->>'nodes' FROM bench.cls_tree) FROM bench.cls_model")
[ -n "${BENCH_CLS_KEEP:-}" ] || bpsql -c "DROP TABLE bench.cls_model, bench.cls_tree"
if [ "${BENCH_CLS_SKLEARN:-1}" = 0 ]; then
  echo "scikit-learn side skipped (BENCH_CLS_SKLEARN=0)"
  echo "predict_proba forest / floor = $(ratio "$pred" "$floor"), tree / floor = $(ratio "$pred_tree" "$floor") (wall)"
  exit 0
fi
py=$(${BENCH_NICE:-nice} /usr/bin/python3 - "$N" "$TREES" "$DEPTH" <<'PY'
import io, subprocess, sys, time, os, resource
import numpy as np, pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.metrics import roc_auc_score
n, trees, depth = map(int, sys.argv[1:4])
port = os.environ.get("BENCH_PORT", "5499"); db = os.environ.get("BENCH_DB", "pmkt_bench")
t0 = time.time(); c0 = time.process_time()
csv = subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-p", port, "-d", db, "-c",
                      "COPY (SELECT n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, i1, i2, b1::int, b2::int, b3::int, b4::int, "
                      "c1, c2, c3, c4, responded::int, (split = 'test')::int AS test "
                      "FROM bench.cls ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)"],
                     check=True, capture_output=True).stdout
df = pd.read_csv(io.BytesIO(csv))
del csv
X = pd.get_dummies(df.drop(columns=["responded", "test"]), columns=["c1", "c2", "c3", "c4"]).to_numpy(dtype=np.float32)
y = df["responded"].to_numpy(); te = df["test"].to_numpy().astype(bool)
del df
Xtr, ytr = X[~te], y[~te]
t_export = time.time() - t0
ch = resource.getrusage(resource.RUSAGE_CHILDREN)
c_export = time.process_time() - c0 + ch.ru_utime + ch.ru_stime   # + psql; the server's COPY not counted
t1 = time.time(); c1 = time.process_time()
rf = RandomForestClassifier(n_estimators=trees, max_depth=depth, max_features="sqrt", n_jobs=1, random_state=1).fit(Xtr, ytr)
t_rf = time.time() - t1; c_rf = time.process_time() - c1
t2 = time.time(); c2 = time.process_time()
dt = DecisionTreeClassifier(max_depth=depth, random_state=1).fit(Xtr, ytr)
t_dt = time.time() - t2; c_dt = time.process_time() - c2
print(c_export * 1000, c_rf * 1000, c_dt * 1000, t_export * 1000, t_rf * 1000, t_dt * 1000,
      roc_auc_score(y[te], rf.predict_proba(X[te])[:, 1]), roc_auc_score(y[te], dt.predict_proba(X[te])[:, 1]),
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, X.shape[1])
PY
)
read -r export_ms rf_ms dt_ms export_wall rf_wall dt_wall sk_auc_forest sk_auc_tree py_mb sk_cols <<<"$py"
printf '%-50s %12.1f ms  (CPU %.0f ms)\n' "scikit-learn: export (COPY csv + pandas + one-hot)" "$export_wall" "$export_ms"
printf '%-50s %12.1f ms  (CPU %.0f ms)\n' "scikit-learn: RandomForestClassifier.fit n_jobs=1" "$rf_wall" "$rf_ms"
printf '%-50s %12.1f ms  (CPU %.0f ms)\n' "scikit-learn: DecisionTreeClassifier.fit" "$dt_wall" "$dt_ms"
echo "scikit-learn: $sk_cols columns after one-hot encoding; Python peak RSS $py_mb MB"
echo "pmkt nodes: forest / tree = $nodes"
echo "forest: sklearn (export + fit) / pmkt, wall = $(ratio "$(awk "BEGIN{print $export_wall + $rf_wall}")" "$pmkt_forest"), CPU = $(ratio "$(awk "BEGIN{print $export_ms + $rf_ms}")" "$pmkt_forest_cpu")"
echo "tree:   sklearn (export + fit) / pmkt, wall = $(ratio "$(awk "BEGIN{print $export_wall + $dt_wall}")" "$pmkt_tree"), CPU = $(ratio "$(awk "BEGIN{print $export_ms + $dt_ms}")" "$pmkt_tree_cpu")"
echo "predict_proba forest / floor = $(ratio "$pred" "$floor"), tree / floor = $(ratio "$pred_tree" "$floor")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "memory: pmkt backend peak RSS forest $pmkt_forest_mb MB, tree $pmkt_tree_mb MB; Python $py_mb MB"
printf 'test AUC forest: pmkt %.4f, sklearn %.4f (diff %.4f)\n' "$auc_forest" "$sk_auc_forest" "$(awk "BEGIN{print $auc_forest - $sk_auc_forest}")"
printf 'test AUC tree:   pmkt %.4f, sklearn %.4f (diff %.4f)\n' "$auc_tree" "$sk_auc_tree" "$(awk "BEGIN{print $auc_tree - $sk_auc_tree}")"
