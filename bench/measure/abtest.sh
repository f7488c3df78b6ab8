#!/usr/bin/env bash
# bench/measure/abtest.sh: A/B test figures (see bench/measure/abtest.md for the last run).
#
# 1 M A/B comparisons (one row each: conversions and visitors of two arms,
# plus per-arm mean/sd/n for Welch), in table bench.ab, built once:
#   floor      SELECT sum(ca + na + cb + nb)  (just reading the columns)
#   pmkt       pmkt.ab_test_proportions per row: z, p-value, CI (sum of p)
#   plain SQL  the same z and Wald interval written as SQL expressions; the
#              p-value via the Abramowitz-Stegun 7.1.26 erfc approximation
#              (PostgreSQL 15 has no erf/erfc; it is good to ~1e-7 absolute,
#              useless for small p-values), and without any p-value
#   numpy      COPY into numpy + vectorised formula with scipy.stats.norm.sf
#              (Debian's /usr/bin/python3, psycopg2)
#   Welch      pmkt.welch_t_test per row against SQL for t and df only
#              (no t distribution in SQL at all)
#
# Environment: AB_ROWS (default 1000000), BENCH_SKIP_SETUP=1 to use an
# already running server on BENCH_PORT (and PGHOST) with pmkt installed.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
AB_ROWS=${AB_ROWS:-1000000}
PY=/usr/bin/python3

have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname='bench' AND tablename='ab'")
if [ "$have" = 0 ]; then
  echo "building bench.ab ($AB_ROWS rows)..." >&2
  bpsql >/dev/null <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
SELECT setseed(0.22);
CREATE TABLE bench.ab AS
SELECT g AS id, na, nb,
       (na * (0.05 + 0.05 * random()))::bigint AS ca,
       (nb * (0.05 + 0.06 * random()))::bigint AS cb,
       50 + 10 * random() AS mean_a, 15 + 5 * random() AS sd_a,
       50 + 10 * random() AS mean_b, 15 + 5 * random() AS sd_b
FROM (SELECT g, (500 + 20000 * random())::bigint AS na, (500 + 20000 * random())::bigint AS nb
      FROM generate_series(1, $AB_ROWS) g) s;
VACUUM ANALYZE bench.ab;
SQL
fi

echo "== $AB_ROWS two-proportion z-tests (serial plans)"
P0="SET max_parallel_workers_per_gather = 0;"
bench_time "floor: sum(ca + na + cb + nb)" "$P0 SELECT sum(ca + na + cb + nb) FROM bench.ab"; FLOOR=$LAST_MS
bench_time "pmkt.ab_test_proportions (z, p, CI)" \
  "$P0 SELECT sum((r).p_value), sum((r).ci_lower) FROM (SELECT pmkt.ab_test_proportions(ca, na, cb, nb) AS r
                                                      FROM bench.ab OFFSET 0) s"; PM=$LAST_MS
bench_time "  same, called in FROM (LATERAL function scan)" \
  "$P0 SELECT sum(r.p_value), sum(r.ci_lower) FROM bench.ab, pmkt.ab_test_proportions(ca, na, cb, nb) r"; PL=$LAST_MS
bench_time "plain SQL z + CI + A&S 7.1.26 p-value" "$P0
SELECT sum(p), sum(lo) FROM (
  SELECT z, lo, t * exp(-x * x) * (0.254829592 + t * (-0.284496736 + t * (1.421413741
           + t * (-1.453152027 + t * 1.061405429)))) AS p
  FROM (SELECT z, lo, abs(z) / sqrt(2) AS x, 1 / (1 + 0.3275911 * abs(z) / sqrt(2)) AS t
        FROM (SELECT (rb - ra) / sqrt(pp * (1 - pp) * (1.0 / na + 1.0 / nb)) AS z,
                     (rb - ra) - 1.959963984540054 * sqrt(ra * (1 - ra) / na + rb * (1 - rb) / nb) AS lo
              FROM (SELECT ca::float8 / na AS ra, cb::float8 / nb AS rb,
                           (ca + cb)::float8 / (na + nb) AS pp, na, nb FROM bench.ab) a) b) c) d"; SQ=$LAST_MS
bench_time "plain SQL z + CI only (no p-value)" "$P0
SELECT sum(z), sum(lo) FROM (
  SELECT (rb - ra) / sqrt(pp * (1 - pp) * (1.0 / na + 1.0 / nb)) AS z,
         (rb - ra) - 1.959963984540054 * sqrt(ra * (1 - ra) / na + rb * (1 - rb) / nb) AS lo
  FROM (SELECT ca::float8 / na AS ra, cb::float8 / nb AS rb,
               (ca + cb)::float8 / (na + nb) AS pp, na, nb FROM bench.ab) a) b"; SZ=$LAST_MS

# numpy/scipy: COPY the four columns out, vectorised z, p and CI
best=""
for _ in $(seq "$BENCH_REPS"); do
  t=$(runuser -u postgres -- env PGHOST="${PGHOST:-}" $PY - "$BENCH_PORT" "$BENCH_DB" <<'PYEOF'
import io, sys, time
import numpy as np, psycopg2
from scipy.stats import norm
t0 = time.time()
conn = psycopg2.connect(port=int(sys.argv[1]), dbname=sys.argv[2])
buf = io.StringIO()
conn.cursor().copy_expert("COPY (SELECT ca, na, cb, nb FROM bench.ab) TO STDOUT", buf)
buf.seek(0)
a = np.loadtxt(buf, dtype=np.float64)
ca, na, cb, nb = a.T
ra, rb, pp = ca / na, cb / nb, (ca + cb) / (na + nb)
z = (rb - ra) / np.sqrt(pp * (1 - pp) * (1 / na + 1 / nb))
p = 2 * norm.sf(np.abs(z))
lo = (rb - ra) - norm.isf(0.025) * np.sqrt(ra * (1 - ra) / na + rb * (1 - rb) / nb)
s = p.sum() + lo.sum()
print("%.1f" % ((time.time() - t0) * 1000))
PYEOF
)
  if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
done
printf '%-50s %12.1f ms\n' "numpy/scipy via COPY (z, p, CI)" "$best"; NP=$best

echo "== $AB_ROWS Welch t-tests from summary statistics (serial plans)"
bench_time "pmkt.welch_t_test (t, df, p, CI)" \
  "$P0 SELECT sum((r).p_value), sum((r).ci_lower) FROM (SELECT pmkt.welch_t_test(mean_a, sd_a, na, mean_b, sd_b, nb) AS r
                                                      FROM bench.ab OFFSET 0) s"; WP=$LAST_MS
bench_time "plain SQL t and df only" "$P0
SELECT sum(t), sum(df) FROM (
  SELECT (mean_b - mean_a) / sqrt(va + vb) AS t,
         (va + vb) ^ 2 / (va * va / (na - 1) + vb * vb / (nb - 1)) AS df
  FROM (SELECT mean_a, mean_b, sd_a * sd_a / na AS va, sd_b * sd_b / nb AS vb, na, nb FROM bench.ab) a) b"; WS=$LAST_MS

echo
echo "ratios (lower is better)"
echo "  z-test: pmkt / floor                       $(ratio "$PM" "$FLOOR")"
echo "  z-test: pmkt in FROM / pmkt in SELECT list  $(ratio "$PL" "$PM")"
echo "  z-test: pmkt / plain SQL with A&S p-value   $(ratio "$PM" "$SQ")"
echo "  z-test: pmkt / plain SQL without p-value    $(ratio "$PM" "$SZ")"
echo "  z-test: pmkt / numpy+scipy via COPY         $(ratio "$PM" "$NP")"
echo "  Welch:  pmkt / floor                        $(ratio "$WP" "$FLOOR")"
echo "  Welch:  pmkt / plain SQL t and df only      $(ratio "$WP" "$WS")"
