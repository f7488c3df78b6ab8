#!/usr/bin/env bash
# bench/segment/shop.sh: the issue-16 shop reports over order lines.
# pmkt.rfm with order_col, pmkt.cohort_retention and pmkt.churn_survival
# against the floor (the GROUP BY per order and per customer every one of
# them needs) and against the plain SQL a user would write for the same
# result, all in one run.  SHOP_LINES lines (default 2 000 000, about
# 3.2 lines per order, 60 000 customers over two years).
source "${BENCH_LIB:-$(dirname "$0")/../lib.sh}"
bench_setup
LINES=${SHOP_LINES:-2000000}

have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'bench_shop' AND tablename = 'lines_$LINES'")
if [ "$have" = 0 ]; then
  echo "building bench_shop.lines_$LINES..." >&2
  bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench_shop;
SELECT setseed(0.16);
CREATE TABLE bench_shop.lines_$LINES AS
SELECT o.order_id, o.customer_id, o.ordered_at, round((1 + 30 * random() * random())::numeric, 2) AS amount
FROM (SELECT g AS order_id, (1 + floor(power(random(), 1.5) * 60000))::int AS customer_id,
             '2023-01-01'::timestamptz + random() * interval '730 days' AS ordered_at
      FROM generate_series(1, ($LINES / 3.2)::int) g) o,
     LATERAL generate_series(1, 1 + (o.order_id * 7919) % 5) l
LIMIT $LINES;
VACUUM ANALYZE bench_shop.lines_$LINES;
SQL
fi
T=bench_shop.lines_$LINES
bpsql -tAc "SELECT count(*) || ' lines, ' || count(DISTINCT order_id) || ' orders, ' || count(DISTINCT customer_id) || ' customers' FROM $T"

echo "--- RFM over order lines ---"
bench_time "floor: GROUP BY order, then GROUP BY customer" \
  "SELECT count(*) FROM (SELECT customer_id, min(t), max(t), count(*), sum(a) FROM
     (SELECT customer_id, order_id, min(ordered_at) AS t, sum(amount) AS a FROM $T GROUP BY 1, 2) o GROUP BY 1) s"
f=$LAST_MS
bench_time "pmkt.rfm(order_col => 'order_id')" \
  "SELECT sum(r_score + f_score + m_score) FROM pmkt.rfm('$T', order_col => 'order_id')"
p=$LAST_MS
bench_time "plain SQL: the same + 3 ntile windows (ties 'first')" \
  "WITH o AS (SELECT customer_id, order_id, min(ordered_at) AS t, sum(amount) AS a FROM $T GROUP BY 1, 2),
        b AS (SELECT customer_id, max(t) AS last_at, count(*) AS frequency, sum(a) AS monetary FROM o GROUP BY 1)
   SELECT sum(r + fs + m) FROM (
     SELECT ntile(5) OVER (ORDER BY last_at, customer_id) AS r,
            ntile(5) OVER (ORDER BY frequency, customer_id) AS fs,
            ntile(5) OVER (ORDER BY monetary, customer_id) AS m FROM b) s"
s=$LAST_MS
echo "pmkt.rfm / floor: $(ratio "$p" "$f")   plain SQL / pmkt.rfm: $(ratio "$s" "$p")"

echo "--- cohort retention (months) ---"
bench_time "plain SQL: first month per customer, then per cohort and month" \
  "WITH f AS (SELECT customer_id, date_trunc('month', min(ordered_at)) AS cohort FROM $T GROUP BY 1),
        p AS (SELECT f.cohort, date_trunc('month', l.ordered_at) AS m, count(DISTINCT l.customer_id) AS c, sum(l.amount) AS r
              FROM $T l JOIN f USING (customer_id) GROUP BY 1, 2)
   SELECT count(*), sum(c) FROM p"
cf=$LAST_MS
bench_time "pmkt.cohort_retention(order_col => 'order_id')" \
  "SELECT count(*), sum(customers) FROM pmkt.cohort_retention('$T', order_col => 'order_id')"
cp=$LAST_MS
echo "pmkt.cohort_retention / plain SQL: $(ratio "$cp" "$cf")"

echo "--- churn curves ---"
bench_time "pmkt.churn_survival(segments => 'all')" \
  "SELECT count(*), min(survival) FROM pmkt.churn_survival('$T', segments => 'all', order_col => 'order_id')"
ka=$LAST_MS
bench_time "pmkt.churn_survival (study segments)" \
  "SELECT count(*), min(survival) FROM pmkt.churn_survival('$T', order_col => 'order_id')"
ks=$LAST_MS
echo "churn_survival(all) / rfm floor: $(ratio "$ka" "$f")   (study) / (all): $(ratio "$ks" "$ka")"
