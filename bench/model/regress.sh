#!/usr/bin/env bash
# bench/model/regress.sh: pmkt.ols / pmkt.logistic_train / predict throughput.
#   - the ols pass over BENCH_ROWS (12 M) rows x 8 regressors of bench.wide
#     against the ARRAY scan floor;
#   - statsmodels OLS after exporting the same columns with COPY (on
#     BENCH_PY_ROWS rows, default 2 M, scaled linearly to BENCH_ROWS);
#   - ols_predict / logistic_predict over all rows against the floor;
#   - logistic_train on BENCH_LOGIT_ROWS (1 M) rows, in memory and by SQL
#     passes, against statsmodels Logit (export + fit);
#   - the kernels alone (bench/model/ols_kernel.c): Householder QR in double and
#     long double vs the double-double Gram update pmkt.ols uses.
# BENCH_SKIP_SETUP=1 uses an already running server (PGHOST/BENCH_PORT)
# with pmkt installed, instead of bench_setup's pmktbench cluster.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
PY_ROWS=${BENCH_PY_ROWS:-2000000}
LOGIT_ROWS=${BENCH_LOGIT_ROWS:-1000000}

if [ -z "${BENCH_SKIP_SETUP:-}" ]; then
  bench_setup
else
  bpsql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1 \
    || bpsql -d postgres -c "CREATE DATABASE $BENCH_DB" >/dev/null
  bpsql -c "DROP EXTENSION IF EXISTS pmkt CASCADE; CREATE EXTENSION pmkt" >/dev/null
fi
ensure_wide

echo "--- kernels alone (4 M rows, m = 10 columns) ---"
gcc -O2 -o /tmp/pmkt_ols_kernel "$BENCH_ROOT/bench/model/ols_kernel.c" -lm
/tmp/pmkt_ols_kernel 4000000

F8='f1, f2, f3, f4, f5, f6, f7, f8'
echo "--- OLS over bench.wide ($BENCH_ROWS rows x 8 regressors) ---"
bench_time "floor: sum(array_length(ARRAY[f1..f8],1))" \
  "SELECT sum(array_length(ARRAY[$F8], 1)) FROM bench.wide"
floor=$LAST_MS
bench_time "pmkt.ols(y, ARRAY[f1..f8])" \
  "SELECT (pmkt.ols(y, ARRAY[$F8])).r_squared FROM bench.wide"
ols=$LAST_MS
echo "ols / floor: $(ratio "$ols" "$floor")"
bpsql -c "SELECT variable, round(coefficient::numeric, 4) AS coefficient, round(std_error::numeric, 6) AS std_error
          FROM pmkt.ols_report((SELECT pmkt.ols(y, ARRAY[$F8]) FROM bench.wide))"

echo "--- statsmodels OLS: COPY export + fit ($PY_ROWS rows, scaled to $BENCH_ROWS) ---"
py_out=$(runuser -u postgres -- env ${PGHOST:+PGHOST=$PGHOST} /usr/bin/python3 - "$BENCH_PORT" "$BENCH_DB" "$PY_ROWS" <<'PY'
import io, sys, time
import numpy as np, pandas as pd, psycopg2, statsmodels.api as sm
port, db, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
conn = psycopg2.connect(port=port, dbname=db)
t0 = time.time()
buf = io.StringIO()
conn.cursor().copy_expert(
    "COPY (SELECT f1, f2, f3, f4, f5, f6, f7, f8, y FROM bench.wide WHERE id <= %d) TO STDOUT WITH CSV" % rows, buf)
buf.seek(0)
a = pd.read_csv(buf, header=None).to_numpy()
t1 = time.time()
res = sm.OLS(a[:, 8], sm.add_constant(a[:, :8])).fit()
t2 = time.time()
print("%.1f %.1f %.6f" % ((t1 - t0) * 1000, (t2 - t1) * 1000, res.rsquared))
PY
)
read -r py_export py_fit py_r2 <<<"$py_out"
scale=$(awk "BEGIN{print $BENCH_ROWS/$PY_ROWS}")
py_total=$(awk "BEGIN{print ($py_export + $py_fit) * $scale}")
printf '%-50s %12.1f ms (export %.0f + fit %.0f on %d rows; R2 %s)\n' \
  "statsmodels OLS, scaled to $BENCH_ROWS rows" "$py_total" "$py_export" "$py_fit" "$PY_ROWS" "$py_r2"
echo "statsmodels / pmkt.ols: $(ratio "$py_total" "$ols")"

echo "--- predict over all rows ---"
bpsql -c "DROP TABLE IF EXISTS bench.reg_models;
  CREATE TABLE bench.reg_models AS
  SELECT (SELECT pmkt.ols(y, ARRAY[$F8]) FROM bench.wide WHERE id <= 100000) AS ols,
         pmkt.logistic_train('SELECT ARRAY[$F8], label FROM bench.wide WHERE id <= 100000') AS logit" >/dev/null
pfloor=$floor
bench_time "sum(pmkt.ols_predict(ARRAY[f1..f8], model))" \
  "SELECT sum(pmkt.ols_predict(ARRAY[$F8], (SELECT ols FROM bench.reg_models))) FROM bench.wide"
echo "ols_predict / floor: $(ratio "$LAST_MS" "$pfloor")  ($(awk "BEGIN{printf \"%.1f\", $BENCH_ROWS/$LAST_MS/1000}") M rows/s)"
bench_time "sum(pmkt.logistic_predict(ARRAY[f1..f8], model))" \
  "SELECT sum(pmkt.logistic_predict(ARRAY[$F8], (SELECT logit FROM bench.reg_models))) FROM bench.wide"
echo "logistic_predict / floor: $(ratio "$LAST_MS" "$pfloor")  ($(awk "BEGIN{printf \"%.1f\", $BENCH_ROWS/$LAST_MS/1000}") M rows/s)"

echo "--- logistic regression on $LOGIT_ROWS rows x 3 regressors ---"
LQ="SELECT ARRAY[f1, f2, f3], label FROM bench.wide WHERE id <= $LOGIT_ROWS"
bench_time "floor: sum(array_length(ARRAY[f1,f2,f3],1))" \
  "SELECT sum(array_length(ARRAY[f1, f2, f3], 1)) FROM bench.wide WHERE id <= $LOGIT_ROWS"
lfloor=$LAST_MS
bench_time "pmkt.logistic_train (in memory)" \
  "SELECT (pmkt.logistic_train('$LQ')).iterations"
lmem=$LAST_MS
bench_time "pmkt.logistic_train (SQL passes, budget 64 kB)" \
  "SET pmkt.max_train_memory = 64; SELECT (pmkt.logistic_train('$LQ')).iterations"
lsql=$LAST_MS
bpsql -c "SELECT iterations, converged, array_to_string(ARRAY(SELECT round(c::numeric, 4) FROM unnest(coefficients) c), ', ') AS coefficients
          FROM pmkt.logistic_train('$LQ')"
echo "in memory / floor: $(ratio "$lmem" "$lfloor"); SQL passes / floor: $(ratio "$lsql" "$lfloor")"
py_out=$(runuser -u postgres -- env ${PGHOST:+PGHOST=$PGHOST} /usr/bin/python3 - "$BENCH_PORT" "$BENCH_DB" "$LOGIT_ROWS" <<'PY'
import io, sys, time
import numpy as np, pandas as pd, psycopg2, statsmodels.api as sm
port, db, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
conn = psycopg2.connect(port=port, dbname=db)
t0 = time.time()
buf = io.StringIO()
conn.cursor().copy_expert(
    "COPY (SELECT f1, f2, f3, label::int FROM bench.wide WHERE id <= %d) TO STDOUT WITH CSV" % rows, buf)
buf.seek(0)
a = pd.read_csv(buf, header=None).to_numpy(dtype=float)
t1 = time.time()
res = sm.Logit(a[:, 3], sm.add_constant(a[:, :3])).fit(disp=0)
t2 = time.time()
print("%.1f %.1f %s" % ((t1 - t0) * 1000, (t2 - t1) * 1000, ",".join("%.4f" % v for v in res.params)))
PY
)
read -r lpy_export lpy_fit lpy_coef <<<"$py_out"
lpy_total=$(awk "BEGIN{print $lpy_export + $lpy_fit}")
printf '%-50s %12.1f ms (export %.0f + fit %.0f; coefficients %s)\n' \
  "statsmodels Logit (export + fit)" "$lpy_total" "$lpy_export" "$lpy_fit" "$lpy_coef"
echo "statsmodels / pmkt in memory: $(ratio "$lpy_total" "$lmem")"
bpsql -c "DROP TABLE IF EXISTS bench.reg_models" >/dev/null
