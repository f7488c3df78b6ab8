#!/usr/bin/env bash
# bench/measure/metrics.sh: the money metrics on the 12 M-order demo data set.
# Builds pmkt_demo with pmkt.generate_demo(orders => BENCH_ROWS) once (timed),
# then times each pmkt metric against the plain-SQL expression a user would
# otherwise write, and both against the scan floor (sum(amount)).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup

have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'pmkt_demo' AND tablename = 'orders'")
rows=0
[ "$have" = 1 ] && rows=$(bpsql -tAc "SELECT count(*) FROM pmkt_demo.orders")
if [ "$rows" != "$BENCH_ROWS" ]; then
  echo "building pmkt_demo ($BENCH_ROWS orders)..." >&2
  BENCH_REPS=1 bench_time "generate_demo($BENCH_ROWS orders)" \
    "SELECT * FROM pmkt.generate_demo('pmkt_demo', $BENCH_ROWS, 42)"
  GEN_MS=$LAST_MS
  bpsql -c "VACUUM ANALYZE pmkt_demo.orders" >/dev/null
fi

O=pmkt_demo.orders
echo "--- floor"
bench_time "floor: sum(amount)" "SELECT sum(amount) FROM $O"
floor=$LAST_MS

# time_once SQL: wall time of one run in ms (psql \timing).  Each run is a
# new session: the library (and OpenBLAS) is loaded before the clock starts,
# for both sides, so small queries do not measure dlopen.
time_once() {
  printf "LOAD 'pmkt';\n\\\\timing on\n%s\n" "$1" | bpsql -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}

# pair LABEL PMKT_SQL PLAIN_SQL: best of BENCH_REPS runs each, alternating the
# two so that load from other processes hits both alike.
pair() {
  local p="" s="" t
  for _ in $(seq "$BENCH_REPS"); do
    t=$(time_once "$2"); if [ -z "$p" ] || awk "BEGIN{exit !($t < $p)}"; then p=$t; fi
    t=$(time_once "$3"); if [ -z "$s" ] || awk "BEGIN{exit !($t < $s)}"; then s=$t; fi
  done
  printf '%-44s pmkt %9.1f ms  plain %9.1f ms  pmkt/plain %s  pmkt/floor %s\n' \
    "$1" "$p" "$s" "$(ratio "$p" "$s")" "$(ratio "$p" "$floor")"
  [ -n "${BENCH_OUT:-}" ] && echo "$1 $p $s" >> "$BENCH_OUT"
  return 0
}

echo "--- aggregates over 12 M orders"
# NPS over a 0-10 score per row (product_id % 11 stands in for a survey score)
pair "nps(score)" \
  "SELECT pmkt.nps(product_id % 11) FROM $O" \
  "SELECT 100.0 * (count(*) FILTER (WHERE product_id % 11 >= 9) - count(*) FILTER (WHERE product_id % 11 <= 6)) / count(product_id % 11) FROM $O"
pair "nps(score) by channel" \
  "SELECT channel, pmkt.nps(product_id % 11) FROM $O GROUP BY 1" \
  "SELECT channel, 100.0 * (count(*) FILTER (WHERE product_id % 11 >= 9) - count(*) FILTER (WHERE product_id % 11 <= 6)) / count(product_id % 11) FROM $O GROUP BY 1"
# conversion rate over a boolean per row
pair "conversion_rate(bool) by channel" \
  "SELECT channel, pmkt.conversion_rate(amount > 100) FROM $O GROUP BY 1" \
  "SELECT channel, avg((amount > 100)::int) FROM $O GROUP BY 1"
# CLV over (period, revenue, cost) rows: month index 1..24, 30 % margin, 1 %/month
pair "clv(period, revenue, cost, r) by channel" \
  "SELECT channel, pmkt.clv(product_id % 24 + 1, amount, 0.7 * amount, 0.01) FROM $O GROUP BY 1" \
  "SELECT channel, sum((amount - 0.7 * amount) / power(1.01, product_id % 24 + 1)) FROM $O GROUP BY 1"
echo "--- row functions over 12 M orders"
pair "sum(roi(net, investment))" \
  "SELECT sum(pmkt.roi(amount - 50, 50)) FROM $O" \
  "SELECT sum((amount - 50) / nullif(50, 0) * 100) FROM $O"
pair "sum(cac(spend, new_customers))" \
  "SELECT sum(pmkt.cac(amount, product_id::bigint)) FROM $O" \
  "SELECT sum(amount / nullif(product_id::bigint, 0)) FROM $O"
pair "sum(ctr(clicks, impressions))" \
  "SELECT sum(pmkt.ctr(product_id::bigint, 500::bigint)) FROM $O" \
  "SELECT sum(product_id::bigint::float8 / nullif(500, 0)) FROM $O"
echo "--- channel table (campaigns, 96 rows)"
pair "channel_effectiveness" \
  "SELECT * FROM pmkt.channel_effectiveness('pmkt_demo.campaigns')" \
  "WITH c AS (SELECT *, row_number() OVER (PARTITION BY channel ORDER BY month) AS i, count(*) OVER (PARTITION BY channel) AS n FROM pmkt_demo.campaigns)
   SELECT channel, count(*), sum(spend), sum(impressions), sum(clicks), sum(clicks)::float8 / nullif(sum(impressions), 0),
          sum(conversions), sum(conversions)::float8 / nullif(sum(clicks), 0), sum(new_customers), sum(revenue),
          sum(revenue) FILTER (WHERE i > n - n / 2) / nullif(sum(revenue) FILTER (WHERE i <= n / 2), 0) - 1,
          (sum(revenue) - sum(spend)) / nullif(sum(spend), 0) * 100, sum(spend) / nullif(sum(new_customers), 0)
   FROM c GROUP BY channel ORDER BY channel"
[ -n "${GEN_MS:-}" ] && echo "generator: $BENCH_ROWS orders in $(awk "BEGIN{printf \"%.1f\", $GEN_MS/1000}") s"
exit 0
