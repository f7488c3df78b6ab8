#!/usr/bin/env bash
# bench/model/robust.sh: the robust standard-error pass (issue 16, point 3).
#   bench.rob: BENCH_ROB_ROWS (default 1 M) rows, 3 regressors, y with
#   heteroskedastic noise.  Same run, best of BENCH_REPS:
#   - floor: reading the columns (sum(array_length(ARRAY[x1, x2, x3], 1)));
#   - pmkt.ols (the fit) and pmkt.ols_robust 'HC1' / 'HC3' (the second pass);
#   - statsmodels: COPY export + pandas, then OLS fit, then fit(cov_type='HC3').
# Run it with nice on a shared machine:
#   nice bench/model/robust.sh                     (bench cluster, bench/lib.sh)
#   BENCH_SKIP_SETUP=1 BENCH_PORT=... nice bench/model/robust.sh   (a running server with pmkt)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
ROWS=${BENCH_ROB_ROWS:-1000000}

if [ -z "${BENCH_SKIP_SETUP:-}" ]; then
  bench_setup
else
  bpsql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1 \
    || bpsql -d postgres -c "CREATE DATABASE $BENCH_DB" >/dev/null
  bpsql -c "DROP EXTENSION IF EXISTS pmkt CASCADE; CREATE EXTENSION pmkt" >/dev/null
fi
bpsql <<SQL >/dev/null
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.rob;
SELECT setseed(0.16);
CREATE TABLE bench.rob AS
SELECT g AS id, x1, x2, x3,
       1 + 0.5 * x1 - 0.3 * x2 + 0.2 * x3 + (random() - 0.5) * (0.2 + 0.4 * x1) AS y
FROM (SELECT g, random() * 4 AS x1, random() * 2 - 1 AS x2, (g % 7)::float8 AS x3
      FROM generate_series(1, $ROWS) g) s;
VACUUM ANALYZE bench.rob;
DROP TABLE IF EXISTS bench.rob_fit;
CREATE TABLE bench.rob_fit AS SELECT pmkt.ols(y, ARRAY[x1, x2, x3]) AS m FROM bench.rob;
SQL
X='ARRAY[x1, x2, x3]'
echo "--- $ROWS rows x 3 regressors, best of $BENCH_REPS ---"
bench_time "floor: sum(array_length(ARRAY[x1,x2,x3], 1))" "SELECT sum(array_length($X, 1)) FROM bench.rob"
floor=$LAST_MS
bench_time "pmkt.ols(y, x)" "SELECT (pmkt.ols(y, $X)).r_squared FROM bench.rob"
ols=$LAST_MS
bench_time "pmkt.ols_robust(y, x, model, 'HC1')" \
  "SELECT (pmkt.ols_robust(y, $X, (SELECT m FROM bench.rob_fit), 'HC1')).std_errors FROM bench.rob"
hc1=$LAST_MS
bench_time "pmkt.ols_robust(y, x, model, 'HC3')" \
  "SELECT (pmkt.ols_robust(y, $X, (SELECT m FROM bench.rob_fit), 'HC3')).std_errors FROM bench.rob"
hc3=$LAST_MS
pm_se=$(bpsql -tAc "SELECT array_to_string((pmkt.ols_robust(y, $X, (SELECT m FROM bench.rob_fit), 'HC3')).std_errors, ' ') FROM bench.rob")

py_out=$(runuser -u postgres -- env ${PGHOST:+PGHOST=$PGHOST} /usr/bin/python3 - "$BENCH_PORT" "$BENCH_DB" "$BENCH_REPS" <<'PY'
import io, sys, time
import numpy as np, pandas as pd, psycopg2, statsmodels.api as sm
port, db, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
conn = psycopg2.connect(port=port, dbname=db)
def best(f):
    b, r = None, None
    for _ in range(reps):
        t0 = time.time(); r = f(); t = (time.time() - t0) * 1000
        b = t if b is None or t < b else b
    return b, r
def export():
    buf = io.StringIO()
    conn.cursor().copy_expert("COPY (SELECT x1, x2, x3, y FROM bench.rob) TO STDOUT WITH CSV", buf)
    buf.seek(0)
    return pd.read_csv(buf, header=None).to_numpy()
t_exp, a = best(export)
X = sm.add_constant(a[:, :3]); y = a[:, 3]
t_fit, _ = best(lambda: sm.OLS(y, X).fit())
t_hc3, r = best(lambda: sm.OLS(y, X).fit(cov_type="HC3"))
print("%.1f %.1f %.1f %s" % (t_exp, t_fit, t_hc3, " ".join(repr(v) for v in r.bse)))
PY
)
read -r py_exp py_fit py_hc3 py_se <<<"$py_out"
printf '%-50s %12.1f ms\n' "statsmodels: COPY export + pandas" "$py_exp"
printf '%-50s %12.1f ms\n' "statsmodels: OLS fit (data in numpy)" "$py_fit"
printf '%-50s %12.1f ms\n' "statsmodels: OLS fit(cov_type='HC3')" "$py_hc3"
echo "ols / floor: $(ratio "$ols" "$floor"); HC1 pass / floor: $(ratio "$hc1" "$floor"); HC3 pass / floor: $(ratio "$hc3" "$floor")"
echo "statsmodels HC3 fit alone / pmkt HC3 pass: $(ratio "$py_hc3" "$hc3"); with the export: $(ratio "$(awk "BEGIN{print $py_exp + $py_hc3}")" "$hc3")"
echo "pmkt HC3 SE:        $pm_se"
echo "statsmodels HC3 SE: $py_se"
bpsql -c "DROP TABLE bench.rob, bench.rob_fit" >/dev/null
