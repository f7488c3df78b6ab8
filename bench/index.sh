#!/usr/bin/env bash
# bench/index.sh: pca_components and entropy_weights over bench.wide
# (BENCH_ROWS rows x 8 columns) against the ARRAY scan floor, the plain-SQL
# alternative (every covar_samp pair / per-column sums in one query) and
# exporting to numpy (psycopg2 COPY + np.cov/eigh, Debian's python3).
# BENCH_SKIP_SETUP=1 skips bench_setup (cluster already up with this build).
source "$(dirname "$0")/lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
ensure_wide

F="f1, f2, f3, f4, f5, f6, f7, f8"
echo "== index: pca_components / entropy_weights over $(bpsql -tAc 'SELECT count(*) FROM bench.wide') rows x 8"

bench_time "floor: sum(array_length(ARRAY[f1..f8]))" \
  "SELECT sum(array_length(ARRAY[$F], 1)) FROM bench.wide;"
floor=$LAST_MS

bench_time "pmkt.pca_components(ARRAY[f1..f8])" \
  "SELECT pmkt.pca_components(ARRAY[$F]) FROM bench.wide;"
pca=$LAST_MS

# plain SQL: the 36 covar_samp pairs and the 8 means in one query
pairs=""
for i in 1 2 3 4 5 6 7 8; do
  pairs="$pairs, avg(f$i)"
  for j in $(seq "$i" 8); do pairs="$pairs, covar_samp(f$i, f$j)"; done
done
bench_time "plain SQL: 36 covar_samp + 8 avg" \
  "SELECT ${pairs#, } FROM bench.wide;"
sqlcov=$LAST_MS

bench_time "pmkt.entropy_weights(ARRAY[f1..f8])" \
  "SELECT pmkt.entropy_weights(ARRAY[$F]) FROM bench.wide;"
ent=$LAST_MS

# plain SQL entropy: per column sum x and sum x ln x in one query
sums=""
for i in 1 2 3 4 5 6 7 8; do
  sums="$sums, sum(f$i), sum(CASE WHEN f$i > 0 THEN f$i * ln(f$i) ELSE 0 END)"
done
bench_time "plain SQL: 8 x (sum x, sum x ln x)" \
  "SELECT count(*)${sums} FROM bench.wide;"
sqlent=$LAST_MS

# numpy: COPY out with psycopg2, then np.corrcoef + eigh / entropy weights
read -r np_copy np_pca np_ent < <(runuser -u postgres -- env PGHOST="${PGHOST:-}" /usr/bin/python3 - "$BENCH_PORT" "$BENCH_DB" <<'PY'
import io, sys, time
import numpy as np, pandas as pd, psycopg2
port, db = sys.argv[1], sys.argv[2]
conn = psycopg2.connect(port=port, dbname=db)
t0 = time.perf_counter()
buf = io.StringIO()
conn.cursor().copy_expert("COPY (SELECT f1, f2, f3, f4, f5, f6, f7, f8 FROM bench.wide) TO STDOUT WITH (FORMAT csv)", buf)
buf.seek(0)
X = pd.read_csv(buf, header=None, dtype=np.float64).to_numpy()
t1 = time.perf_counter()
w, V = np.linalg.eigh(np.corrcoef(X, rowvar=False))
t2 = time.perf_counter()
P = X / X.sum(0)
with np.errstate(divide="ignore", invalid="ignore"):
    L = np.where(P > 0, P * np.log(P), 0.0)
e = -L.sum(0) / np.log(X.shape[0]); d = 1 - e; wts = d / d.sum()
t3 = time.perf_counter()
print(f"{(t1-t0)*1000:.1f} {(t2-t1)*1000:.1f} {(t3-t2)*1000:.1f}")
PY
)
printf '%-50s %12.1f ms\n' "numpy: COPY + parse (psycopg2, pandas)" "$np_copy"
printf '%-50s %12.1f ms\n' "numpy: corrcoef + eigh" "$np_pca"
printf '%-50s %12.1f ms\n' "numpy: entropy weights" "$np_ent"

echo
echo "ratios (same run):"
echo "  pca_components / floor            $(ratio "$pca" "$floor")   (target <= 1.30)"
echo "  plain-SQL covariances / floor      $(ratio "$sqlcov" "$floor")"
echo "  plain-SQL / pca_components         $(ratio "$sqlcov" "$pca")"
echo "  numpy (COPY + PCA) / pca_components $(ratio "$(awk "BEGIN{print $np_copy+$np_pca}")" "$pca")"
echo "  entropy_weights / floor            $(ratio "$ent" "$floor")   (target <= 1.30)"
echo "  plain-SQL entropy sums / floor     $(ratio "$sqlent" "$floor")"
echo "  numpy (COPY + entropy) / entropy_weights $(ratio "$(awk "BEGIN{print $np_copy+$np_ent}")" "$ent")"
