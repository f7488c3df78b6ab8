#!/usr/bin/env bash
# bench/classify/agreement.sh: test AUC of pmkt's trees and forests against
# scikit-learn's with MATCHING settings (issue 13, item 4), beside the
# native-categorical comparison of forest.sh.
#   Reads bench.cls, the table bench/classify/forest.sh builds (run it first,
#   same BENCH_DB / BENCH_PORT); 80 % train / 20 % test by its split column.
#   matching settings: both sides get exactly the same numeric matrix, the
#   16 numeric / boolean columns and the 4 text columns one-hot encoded
#   (one 0/1 column per category, 42 columns, as pandas.get_dummies), read
#   from one table bench.cls_oh; the same settings: criterion gini,
#   max_depth BENCH_CLS_DEPTH (10), min_samples_split 2, min_samples_leaf 1,
#   no class weights, no pruning; pmkt's splitter 'exact' (every midpoint,
#   as scikit-learn's best splitter).  Forests: BENCH_CLS_TREES (20) trees,
#   max_features sqrt, bootstrap of n rows; the random draws cannot match,
#   so each side is run with BENCH_CLS_SEEDS seeds (1..S) and the mean and
#   the standard deviation of the test AUC are reported.
#   native: pmkt on the 20 columns as they are (text as categories, its
#   default 'hist' splitter), scikit-learn on the one-hot matrix (it has no
#   categorical splits): the comparison forest.sh reports, here over the
#   same seeds.
# Prints one line per model and seed, then the summary.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
TREES=${BENCH_CLS_TREES:-20}
DEPTH=${BENCH_CLS_DEPTH:-10}
SEEDS=${BENCH_CLS_SEEDS:-3}
N=$(bpsql -tAc "SELECT count(*) FROM bench.cls")
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $N rows"
# the one-hot table: a 0/1 int column per category of each text column
OH=$(bpsql -tAc "SELECT string_agg(format('(%I = %L)::int AS %I', c, v, c || '_' || v), ', ' ORDER BY c, v)
                 FROM (SELECT DISTINCT 'c1' AS c, c1 AS v FROM bench.cls UNION SELECT DISTINCT 'c2', c2 FROM bench.cls
                       UNION SELECT DISTINCT 'c3', c3 FROM bench.cls UNION SELECT DISTINCT 'c4', c4 FROM bench.cls) q")
bpsql <<SQL
DROP TABLE IF EXISTS bench.cls_oh;
CREATE TABLE bench.cls_oh AS
SELECT id, split, responded, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, i1, i2,
       b1::int AS b1, b2::int AS b2, b3::int AS b3, b4::int AS b4, $OH
FROM bench.cls;
VACUUM ANALYZE bench.cls_oh;
SQL
OHCOLS=$(bpsql -tAc "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
                     WHERE attrelid = 'bench.cls_oh'::regclass AND attnum > 0 AND NOT attisdropped
                       AND attname NOT IN ('id', 'split', 'responded')")
NCOLS=$(echo "$OHCOLS" | tr ',' '\n' | wc -l)
COLS='n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, i1, i2, b1, b2, b3, b4, c1, c2, c3, c4'
echo "matching matrix: $NCOLS numeric columns"
# pmkt_auc TABLE COLUMNS TRAIN_ARGS: test AUC of a model trained on the train rows
pmkt_auc() {
  bpsql -tA <<SQL | tail -1
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE mdl AS SELECT $3 AS m;
SELECT pmkt.roc_auc(pmkt.predict_proba(m, c), c.responded) FROM mdl, $1 c WHERE split = 'test';
SQL
}
declare -A AUC
AUC[pmkt_tree_oh]=$(pmkt_auc bench.cls_oh "$OHCOLS" "pmkt.tree_train('SELECT $OHCOLS, responded FROM bench.cls_oh WHERE split = ''train''', 'responded', max_depth => $DEPTH, splitter => 'exact')")
echo "pmkt tree, one-hot, exact: ${AUC[pmkt_tree_oh]}"
AUC[pmkt_tree_native]=$(pmkt_auc bench.cls "$COLS" "pmkt.tree_train('SELECT $COLS, responded FROM bench.cls WHERE split = ''train''', 'responded', max_depth => $DEPTH)")
echo "pmkt tree, native categories, hist: ${AUC[pmkt_tree_native]}"
for s in $(seq "$SEEDS"); do
  AUC[pmkt_forest_oh_$s]=$(pmkt_auc bench.cls_oh "$OHCOLS" "pmkt.forest_train('SELECT $OHCOLS, responded FROM bench.cls_oh WHERE split = ''train''', 'responded', n_trees => $TREES, max_depth => $DEPTH, seed => $s, permutation_importance => false, splitter => 'exact')")
  echo "pmkt forest seed $s, one-hot, exact: ${AUC[pmkt_forest_oh_$s]}"
  AUC[pmkt_forest_native_$s]=$(pmkt_auc bench.cls "$COLS" "pmkt.forest_train('SELECT $COLS, responded FROM bench.cls WHERE split = ''train''', 'responded', n_trees => $TREES, max_depth => $DEPTH, seed => $s, permutation_importance => false)")
  echo "pmkt forest seed $s, native categories, hist: ${AUC[pmkt_forest_native_$s]}"
done
# scikit-learn on the same matrix (the same table, the same column order)
py=$(${BENCH_NICE:-nice} /usr/bin/python3 - "$TREES" "$DEPTH" "$SEEDS" "$OHCOLS" <<'PY'
import io, os, subprocess, sys
import numpy as np, pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.metrics import roc_auc_score
trees, depth, seeds = map(int, sys.argv[1:4]); cols = sys.argv[4]
port = os.environ.get("BENCH_PORT", "5499"); db = os.environ.get("BENCH_DB", "pmkt_bench")
csv = subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-p", port, "-d", db, "-c",
                      "COPY (SELECT %s, responded::int AS responded, (split = 'test')::int AS test "
                      "FROM bench.cls_oh ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)" % cols],
                     check=True, capture_output=True).stdout
df = pd.read_csv(io.BytesIO(csv)); del csv
y = df.pop("responded").to_numpy(); te = df.pop("test").to_numpy().astype(bool)
X = df.to_numpy(dtype=np.float32); del df
dt = DecisionTreeClassifier(criterion="gini", max_depth=depth, min_samples_split=2, min_samples_leaf=1,
                            random_state=0).fit(X[~te], y[~te])
out = ["sk_tree_oh %.6f" % roc_auc_score(y[te], dt.predict_proba(X[te])[:, 1])]
for s in range(1, seeds + 1):
    rf = RandomForestClassifier(n_estimators=trees, criterion="gini", max_depth=depth, max_features="sqrt",
                                bootstrap=True, n_jobs=1, random_state=s).fit(X[~te], y[~te])
    out.append("sk_forest_oh_%d %.6f" % (s, roc_auc_score(y[te], rf.predict_proba(X[te])[:, 1])))
print("\n".join(out))
PY
)
while read -r k v; do AUC[$k]=$v; echo "scikit-learn $k: $v"; done <<<"$py"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
# summary: mean and standard deviation (n - 1) over the seeds
stats() {  # stats PREFIX -> "mean sd"
  local vals=() s
  for s in $(seq "$SEEDS"); do vals+=("${AUC[$1_$s]}"); done
  printf '%s\n' "${vals[@]}" | awk '{x[NR]=$1; m+=$1} END{m/=NR; for(i=1;i<=NR;i++) v+=(x[i]-m)^2; printf "%.4f %.4f", m, (NR>1?sqrt(v/(NR-1)):0)}'
}
read -r pfo_m pfo_s <<<"$(stats pmkt_forest_oh)"
read -r pfn_m pfn_s <<<"$(stats pmkt_forest_native)"
read -r sfo_m sfo_s <<<"$(stats sk_forest_oh)"
echo "--- test AUC, $N rows, max_depth $DEPTH; forests: $TREES trees, mean (sd) over $SEEDS seeds ---"
printf 'tree,   matching (one-hot, exact): pmkt %.4f, scikit-learn %.4f, diff %+.4f\n' \
  "${AUC[pmkt_tree_oh]}" "${AUC[sk_tree_oh]}" "$(awk "BEGIN{print ${AUC[pmkt_tree_oh]} - ${AUC[sk_tree_oh]}}")"
printf 'tree,   native categories (hist):  pmkt %.4f, scikit-learn (one-hot) %.4f, diff %+.4f\n' \
  "${AUC[pmkt_tree_native]}" "${AUC[sk_tree_oh]}" "$(awk "BEGIN{print ${AUC[pmkt_tree_native]} - ${AUC[sk_tree_oh]}}")"
printf 'forest, matching (one-hot, exact): pmkt %s (%s), scikit-learn %s (%s), diff of means %+.4f\n' \
  "$pfo_m" "$pfo_s" "$sfo_m" "$sfo_s" "$(awk "BEGIN{print $pfo_m - $sfo_m}")"
printf 'forest, native categories (hist):  pmkt %s (%s), scikit-learn (one-hot) %s (%s), diff of means %+.4f\n' \
  "$pfn_m" "$pfn_s" "$sfo_m" "$sfo_s" "$(awk "BEGIN{print $pfn_m - $sfo_m}")"
bpsql -c "DROP TABLE bench.cls_oh"
