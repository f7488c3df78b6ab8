#!/usr/bin/env bash
# bench/classify/forest.sh: pmkt.forest_train / pmkt.tree_train against
# scikit-learn (n_jobs=1, export counted) on the same split of the same rows,
# and pmkt.predict_proba against the floor of reading the feature columns.
#   BENCH_CLS_ROWS rows (default 200 000) x 10 mixed features (6 numeric,
#   2 boolean, 2 text categories) with a planted response; 80 % train
#   (pmkt.train_test_split), AUC on the 20 % test rows; scikit-learn gets the
#   categories one-hot encoded (pandas.get_dummies), as it has no native
#   categorical splits in its trees.
# BENCH_SKIP_SETUP=1 uses an already running server (PGHOST/BENCH_PORT)
# with pmkt installed, instead of bench_setup's pmktbench cluster.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
N=${BENCH_CLS_ROWS:-200000}
TREES=${BENCH_CLS_TREES:-20}
DEPTH=${BENCH_CLS_DEPTH:-10}
BENCH_REPS=1
if [ -z "${BENCH_SKIP_SETUP:-}" ]; then
  bench_setup
else
  bpsql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1 \
    || bpsql -d postgres -c "CREATE DATABASE $BENCH_DB" >/dev/null
  bpsql -c "DROP EXTENSION IF EXISTS pmkt CASCADE; CREATE EXTENSION pmkt" >/dev/null
fi
bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.cls, bench.cls_model, bench.cls_tree;
SELECT setseed(0.13);
CREATE TABLE bench.cls AS
SELECT g AS id, n1, n2, n3, n4, n5, n6, b1, b2, c1, c2,
       random() < 1 / (1 + exp(-(1.2 * n1 - 0.8 * n2 + 0.5 * n3 + 0.7 * b1::int
                                  + CASE c1 WHEN 'web' THEN 0.9 WHEN 'shop' THEN -0.4 ELSE 0 END
                                  + CASE WHEN c2 IN ('r1', 'r4', 'r7') THEN 0.6 ELSE -0.2 END - 0.5))) AS responded
FROM (SELECT g, random() * 2 - 1 AS n1, random() * 2 - 1 AS n2, random() * 2 - 1 AS n3,
             random() AS n4, random() AS n5, random() * 10 AS n6,
             random() < 0.3 AS b1, random() < 0.5 AS b2,
             (ARRAY['web', 'shop', 'phone', 'mail'])[1 + floor(random() * 4)::int] AS c1,
             'r' || floor(random() * 10)::int AS c2
      FROM generate_series(1, $N) g) s;
ALTER TABLE bench.cls ADD COLUMN split text;
UPDATE bench.cls SET split = pmkt.train_test_split(id::text, 0.2, 42);
VACUUM ANALYZE bench.cls;
SQL
COLS='n1, n2, n3, n4, n5, n6, b1, b2, c1, c2'
echo "--- $N rows x 10 features, $TREES trees, max_depth $DEPTH (one run) ---"
bench_time "pmkt.forest_train" \
  "CREATE TABLE bench.cls_model AS SELECT pmkt.forest_train('SELECT $COLS, responded FROM bench.cls WHERE split = ''train''', 'responded', n_trees => $TREES, max_depth => $DEPTH, seed => 1, permutation_importance => false) AS m"
pmkt_forest=$LAST_MS
bench_time "pmkt.tree_train" \
  "CREATE TABLE bench.cls_tree AS SELECT pmkt.tree_train('SELECT $COLS, responded FROM bench.cls WHERE split = ''train''', 'responded', max_depth => $DEPTH) AS m"
pmkt_tree=$LAST_MS
auc_forest=$(bpsql -tAc "SELECT pmkt.roc_auc(pmkt.predict_proba(m, c), c.responded) FROM bench.cls_model, bench.cls c WHERE split = 'test'")
auc_tree=$(bpsql -tAc "SELECT pmkt.roc_auc(pmkt.predict_proba(m, c), c.responded) FROM bench.cls_tree, bench.cls c WHERE split = 'test'")
bench_time "floor: read the 10 feature columns of all rows" \
  "SELECT count(n1 + n2 + n3 + n4 + n5 + n6), count(b1 AND b2), count(c1 || c2) FROM bench.cls"
floor=$LAST_MS
bench_time "pmkt.predict_proba(forest, row) over all rows" \
  "SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_model, bench.cls c"
pred=$LAST_MS
bench_time "pmkt.predict_proba(tree, row) over all rows" \
  "SELECT sum(pmkt.predict_proba(m, c)) FROM bench.cls_tree, bench.cls c"
pred_tree=$LAST_MS
bpsql -c "DROP TABLE bench.cls_model, bench.cls_tree"
py=$(/usr/bin/python3 - "$N" "$TREES" "$DEPTH" <<'PY'
import io, subprocess, sys, time, os
import numpy as np, pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.metrics import roc_auc_score
n, trees, depth = map(int, sys.argv[1:4])
port = os.environ.get("BENCH_PORT", "5499"); db = os.environ.get("BENCH_DB", "pmkt_bench")
t0 = time.time()
csv = subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-p", port, "-d", db, "-c",
                      "COPY (SELECT n1, n2, n3, n4, n5, n6, b1::int, b2::int, c1, c2, responded::int, (split = 'test')::int AS test "
                      "FROM bench.cls ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)"],
                     check=True, capture_output=True).stdout
df = pd.read_csv(io.BytesIO(csv))
X = pd.get_dummies(df.drop(columns=["responded", "test"]), columns=["c1", "c2"]).to_numpy(dtype=np.float64)
y = df["responded"].to_numpy(); te = df["test"].to_numpy().astype(bool)
t_export = time.time() - t0
t1 = time.time()
rf = RandomForestClassifier(n_estimators=trees, max_depth=depth, max_features="sqrt", n_jobs=1, random_state=1).fit(X[~te], y[~te])
t_rf = time.time() - t1
t2 = time.time()
dt = DecisionTreeClassifier(max_depth=depth, random_state=1).fit(X[~te], y[~te])
t_dt = time.time() - t2
print(t_export * 1000, t_rf * 1000, t_dt * 1000,
      roc_auc_score(y[te], rf.predict_proba(X[te])[:, 1]), roc_auc_score(y[te], dt.predict_proba(X[te])[:, 1]))
PY
)
read -r export_ms rf_ms dt_ms sk_auc_forest sk_auc_tree <<<"$py"
printf '%-50s %12.1f ms\n' "scikit-learn: export (COPY csv + pandas + one-hot)" "$export_ms"
printf '%-50s %12.1f ms\n' "scikit-learn: RandomForestClassifier.fit n_jobs=1" "$rf_ms"
printf '%-50s %12.1f ms\n' "scikit-learn: DecisionTreeClassifier.fit" "$dt_ms"
echo "forest: sklearn (export + fit) / pmkt = $(ratio "$(awk "BEGIN{print $export_ms + $rf_ms}")" "$pmkt_forest")"
echo "tree:   sklearn (export + fit) / pmkt = $(ratio "$(awk "BEGIN{print $export_ms + $dt_ms}")" "$pmkt_tree")"
echo "predict_proba forest / floor = $(ratio "$pred" "$floor"), tree / floor = $(ratio "$pred_tree" "$floor")"
printf 'test AUC forest: pmkt %.4f, sklearn %.4f (diff %.4f)\n' "$auc_forest" "$sk_auc_forest" "$(awk "BEGIN{print $auc_forest - $sk_auc_forest}")"
printf 'test AUC tree:   pmkt %.4f, sklearn %.4f (diff %.4f)\n' "$auc_tree" "$sk_auc_tree" "$(awk "BEGIN{print $auc_tree - $sk_auc_tree}")"
