#!/usr/bin/env bash
# bench/basket/als_tuning.sh: ALS settings for the demo chosen on a
# validation split, reported on a separate test split (issue 12, part 2).
#   test split:       pmkt.recommend_evaluate over the demo's purchases
#                     (each customer's last basket held out)
#   validation split: the same over the purchases WITHOUT each customer's
#                     last basket (so the held-out basket is the one before
#                     it); the grid is scored here only, by NDCG@10
# then the best validation setting (and the defaults) once on the test split.
# DEMO_ORDERS (default 200 000) orders of pmkt.generate_demo (seed 0), built
# once into schema bench_als_<orders>. BENCH_SKIP_SETUP=1 as in rules.sh.
# GRID: "factors:regularization:alpha ..." (default below).
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
N=${DEMO_ORDERS:-200000}
S=bench_als_$N
have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = '$S' AND tablename = 'order_lines'")
if [ "$have" = 0 ]; then
  bpsql -c "SELECT * FROM pmkt.generate_demo('$S', orders => $N)" >/dev/null
  bpsql -c "VACUUM ANALYZE $S.order_lines, $S.orders"
fi
bpsql <<SQL
CREATE OR REPLACE VIEW $S.purchases AS
SELECT o.customer_id, l.product_id, o.ordered_at FROM $S.orders o JOIN $S.order_lines l USING (order_id);
CREATE TABLE IF NOT EXISTS $S.purchases_val AS
SELECT p.* FROM $S.purchases p
  JOIN (SELECT customer_id, max(ordered_at) AS last_at FROM $S.orders GROUP BY customer_id) q USING (customer_id)
 WHERE p.ordered_at < q.last_at;
SQL
GRID=${GRID:-"64:0.01:40 16:1:1 16:10:1 16:100:1 16:10:5 16:100:5 32:100:5 32:300:10 8:100:5 64:300:10"}
ev() {  # ev VIEW FACTORS REG ALPHA MODELS
  bpsql -tA -F ' | ' -c "SELECT model, round(precision_at_k::numeric, 4), round(hit_rate_at_k::numeric, 4),
      round(ndcg_at_k::numeric, 4), round(coverage::numeric, 3)
    FROM pmkt.recommend_evaluate('$1', k => 10, factors => $2, regularization => $3, alpha => $4, digits => NULL)
   WHERE model = ANY ('{$5}')"
}
echo "validation split (held out: each customer's second-to-last basket), k = 10"
echo "factors | regularization | alpha | model | precision@10 | hit rate@10 | NDCG@10 | coverage"
best=""; bestv=-1
first=1
for g in $GRID; do
  IFS=: read -r f r a <<<"$g"
  models=als; [ $first = 1 ] && models="als,popularity,item_knn"; first=0
  while read -r line; do
    echo "$f | $r | $a | $line"
    if [[ $line == als* ]]; then
      v=$(awk -F' [|] ' '{print $4}' <<<"$line")
      if awk "BEGIN{exit !($v > $bestv)}"; then bestv=$v; best=$g; fi
    fi
  done < <(ev "$S.purchases_val" "$f" "$r" "$a" "$models")
done
echo "best on validation (NDCG@10): $best ($bestv)"
IFS=: read -r f r a <<<"$best"
echo "test split (held out: each customer's last basket), k = 10, settings from validation: factors $f, regularization $r, alpha $a"
ev "$S.purchases" "$f" "$r" "$a" "als,popularity,item_knn"
echo "test split, the defaults (64, 0.01, 40):"
ev "$S.purchases" 64 0.01 40 "als"
