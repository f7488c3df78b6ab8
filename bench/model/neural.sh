#!/usr/bin/env bash
# bench/model/neural.sh: neural-network figures (see bench/model/neural.md for the last run).
#
#  1. Scoring: pmkt.nn_predict(model, ARRAY[f1..f8]) with an 8-10-1 sigmoid
#     network over bench.wide (BENCH_ROWS rows, default 12 M) against the
#     scan floor SELECT sum(array_length(ARRAY[f1..f8], 1)) and a
#     columns-only floor sum(num_nonnulls(f1..f8)); also the array form
#     without the planner rewrite (array built per row), the portable pass,
#     and the network as a plain SQL expression (what a user without pmkt
#     would write).  Serial backend CPU time in interleaved rounds
#     (bench/cpu_rounds.py), then wall time with the default parallel plan.
#  2. Training throughput (samples x epochs / s), same architecture,
#     optimizer (Adam), batch 32, learning rate 0.001 and epochs:
#       a. the accuracy test's problem: 2000 rows x 2 features, 16 hidden
#          sigmoid units, 200 epochs;
#       b. 100 000 rows of bench.wide, 8-10-1, 10 epochs;
#     pmkt.bpnn_train end to end from the table (load included) against
#     scikit-learn's MLPRegressor.fit on the same rows (Debian's
#     /usr/bin/python3; rows fetched with psycopg2 COPY, fit timed alone).
#
# Environment: BENCH_ROWS (default 12000000), BENCH_SKIP_SETUP=1 to use an
# already running server on BENCH_PORT with pmkt installed.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
ensure_wide
PY=/usr/bin/python3
ARR8="ARRAY[f1,f2,f3,f4,f5,f6,f7,f8]"

bpsql <<'SQL'
DROP TABLE IF EXISTS bench.nn_model, bench.nn_smooth;
CREATE TABLE bench.nn_model AS
SELECT pmkt.bpnn_train('SELECT ARRAY[f1,f2,f3,f4,f5,f6,f7,f8], y FROM bench.wide WHERE id <= 20000',
                       10, epochs => 20, validation_fraction => 0) AS model;
CREATE TABLE bench.nn_smooth AS
SELECT i::int AS i, ARRAY[x1, x2] AS features,
       sin(x1) + x2*x2/2 + 0.2*(s - floor(s) - 0.5) AS y
FROM (SELECT i,
             6*(i*0.6180339887498949::float8 - floor(i*0.6180339887498949::float8)) - 3 AS x1,
             4*(i*0.7548776662466927::float8 - floor(i*0.7548776662466927::float8)) - 2 AS x2,
             sin(i)*43758.5453::float8 AS s
      FROM generate_series(1, 3000) g, LATERAL (SELECT g::float8 AS i) c) d;
SQL

# the network as a plain SQL expression, generated from the model's JSON
PLAIN=$(bpsql -tA <<'SQL'
WITH j AS (SELECT model::text::json AS j FROM bench.nn_model),
z AS (SELECT i, format('((f%s - %s) / %s)', i, j->'input_mean'->>(i-1), j->'input_scale'->>(i-1)) AS zi
      FROM j, generate_series(1, 8) i),
hid AS (SELECT u, format('(1/(1+exp(-(%s + %s))))', j->'hidden_bias'->>(u-1),
               (SELECT string_agg(format('%s*%s', j->'hidden_weights'->(u-1)->>(i-1), zi), ' + ' ORDER BY i) FROM z)) AS h
        FROM j, generate_series(1, 10) u)
SELECT format('%s + %s * (%s + %s)', j->'target_mean'->>0, j->'target_scale'->>0, j->'output_bias'->>0,
              (SELECT string_agg(format('%s*%s', j->'output_weights'->0->>(u-1), h), ' + ' ORDER BY u) FROM hid))
FROM j;
SQL
)

# the array form without the planner rewrite: the same C function, no SUPPORT
bpsql -q <<'SQL'
CREATE OR REPLACE FUNCTION bench.nn_predict_array(pmkt.nnmodel, float8[]) RETURNS float8
AS '$libdir/pmkt', 'pmkt_nn_predict' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
SQL
M="(SELECT model FROM bench.nn_model)"
COLS="f1,f2,f3,f4,f5,f6,f7,f8"
Q_FLOOR="SELECT sum(array_length($ARR8, 1)) FROM bench.wide"
Q_COLS="SELECT sum(num_nonnulls($COLS)) FROM bench.wide"
Q_PRED="SELECT sum(pmkt.nn_predict($M, $ARR8)) FROM bench.wide"
Q_ARR="SELECT sum(bench.nn_predict_array($M, $ARR8)) FROM bench.wide"

echo "== scoring, $BENCH_ROWS rows, 8-10-1 network"
bpsql -c "EXPLAIN (VERBOSE, COSTS OFF) $Q_PRED" | grep -m1 'Output:'
echo "-- serial backend CPU time, interleaved rounds (median of $((2 * BENCH_REPS + 1)))"
runuser -u postgres -- env BENCH_PORT="$BENCH_PORT" BENCH_DB="$BENCH_DB" \
  $PY "$BENCH_ROOT/bench/cpu_rounds.py" $((2 * BENCH_REPS + 1)) \
  "floor: sum(array_length(ARRAY[f1..f8], 1))=$Q_FLOOR" \
  "columns only: sum(num_nonnulls(f1..f8))=$Q_COLS" \
  "pmkt.nn_predict(model, ARRAY[f1..f8])=$Q_PRED" \
  "same, array built (no planner rewrite)=$Q_ARR" \
  "same, portable pass (SET pmkt.simd TO off)=SET pmkt.simd TO off;;$Q_PRED"
echo "-- wall time, default plan (parallel workers), best of $BENCH_REPS"
bench_time "floor: sum(array_length(ARRAY[f1..f8]))" "$Q_FLOOR"
FLOOR=$LAST_MS
bench_time "pmkt.nn_predict" "$Q_PRED"
PRED=$LAST_MS
bench_time "same, array built (no planner rewrite)" "$Q_ARR"
ARRW=$LAST_MS
bench_time "plain SQL expression of the network" "SELECT sum($PLAIN) FROM bench.wide"
SQLX=$LAST_MS
echo "nn_predict / floor (wall):           $(ratio "$PRED" "$FLOOR")"
echo "array built / floor (wall):          $(ratio "$ARRW" "$FLOOR")"
echo "plain SQL / nn_predict (wall):       $(ratio "$SQLX" "$PRED")"
bpsql -tAc "SELECT 'check: max |nn_predict - plain SQL| over 1000 rows = ' || max(abs(pmkt.nn_predict($M, $ARR8) - ($PLAIN))) FROM bench.wide WHERE id <= 1000"
bpsql -tAc "SELECT 'check: rows where the rewritten and array forms differ: ' || count(*) FROM bench.wide WHERE id <= 100000 AND pmkt.nn_predict($M, $ARR8) <> bench.nn_predict_array($M, $ARR8)"

echo "== training throughput (samples x epochs / s)"
bench_time "pmkt.bpnn_train 2000 x 2, 16 hidden, 200 epochs" \
  "SELECT pmkt.bpnn_train('SELECT features, y FROM bench.nn_smooth WHERE i <= 2000', 16, validation_fraction => 0)"
T_A=$LAST_MS
bench_time "pmkt.bpnn_train 100000 x 8, 10 hidden, 10 epochs" \
  "SELECT pmkt.bpnn_train('SELECT ARRAY[f1,f2,f3,f4,f5,f6,f7,f8], y FROM bench.wide WHERE id <= 100000', 10, epochs => 10, validation_fraction => 0)"
T_B=$LAST_MS
echo "pmkt throughput a: $(awk "BEGIN{printf \"%.0f\", 2000*200/($T_A/1000)}") samples x epochs / s"
echo "pmkt throughput b: $(awk "BEGIN{printf \"%.0f\", 100000*10/($T_B/1000)}") samples x epochs / s"

runuser -u postgres -- env \
  BENCH_PORT="$BENCH_PORT" BENCH_DB="$BENCH_DB" BENCH_REPS="$BENCH_REPS" \
  T_A="$T_A" T_B="$T_B" $PY - <<'PYEOF'
import io, os, time, warnings
import numpy as np, psycopg2
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler
warnings.filterwarnings("ignore")
conn = psycopg2.connect(port=int(os.environ["BENCH_PORT"]), dbname=os.environ["BENCH_DB"])
def load(sql, ncols):
    buf = io.StringIO()
    conn.cursor().copy_expert("COPY (%s) TO STDOUT (FORMAT csv)" % sql, buf)
    a = np.loadtxt(io.StringIO(buf.getvalue()), delimiter=",", ndmin=2)
    return a[:, :ncols], a[:, ncols]
reps = int(os.environ["BENCH_REPS"])
for label, sql, d, h, ep, t_ms in [
    ("a", "SELECT features[1], features[2], y FROM bench.nn_smooth WHERE i <= 2000", 2, 16, 200, float(os.environ["T_A"])),
    ("b", "SELECT f1,f2,f3,f4,f5,f6,f7,f8, y FROM bench.wide WHERE id <= 100000", 8, 10, 10, float(os.environ["T_B"]))]:
    X, y = load(sql, d)
    X = StandardScaler().fit_transform(X)
    best = None
    for _ in range(reps):
        m = MLPRegressor(hidden_layer_sizes=(h,), activation="logistic", solver="adam", alpha=0.0,
                         batch_size=32, learning_rate_init=0.001, max_iter=ep, tol=0,
                         n_iter_no_change=10**9, shuffle=True, random_state=0)
        t = time.perf_counter(); m.fit(X, y); el = time.perf_counter() - t
        best = el if best is None else min(best, el)
    n = len(y)
    print("sklearn MLPRegressor.fit %s: %.1f ms, throughput %.0f samples x epochs / s; pmkt / sklearn speed: %.1fx"
          % (label, best * 1000, n * ep / best, best * 1000 / t_ms))
PYEOF
