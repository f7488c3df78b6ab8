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
# GRID: "factors:regularization:alpha[:b] ..." (default below); ":b" =
# item_bias => true (score x_u . y_i + b_i, the item bias learnt with the
# factors), else the plain Hu-Koren-Volinsky model.  The best setting over
# both models (by validation NDCG@10) is the one run on the test split.
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
GRID=${GRID:-"64:0.01:40 16:10:1 16:100:1 32:300:10 64:300:10
  64:0.01:40:b 16:70:1:b 32:50:1:b 32:70:1:b 32:100:1:b 64:70:1:b"}
ev() {  # ev VIEW FACTORS REG ALPHA MODELS ITEM_BIAS
  bpsql -tA -F ' | ' -c "SELECT model, round(precision_at_k::numeric, 4), round(hit_rate_at_k::numeric, 4),
      round(ndcg_at_k::numeric, 4), round(coverage::numeric, 3)
    FROM pmkt.recommend_evaluate('$1', k => 10, factors => $2, regularization => $3, alpha => $4,
                                 item_bias => ${6:-false}, digits => NULL)
   WHERE model = ANY ('{$5}')"
}
echo "validation split (held out: each customer's second-to-last basket), k = 10"
echo "factors | regularization | alpha | item bias | model | precision@10 | hit rate@10 | NDCG@10 | coverage"
best=""; bestv=-1; bestp=""; bestpv=-1
first=1
for g in $GRID; do
  IFS=: read -r f r a b <<<"$g"
  ib=false; [ "${b:-}" = b ] && ib=true
  models=als; [ $first = 1 ] && models="als,popularity,item_knn"; first=0
  while read -r line; do
    echo "$f | $r | $a | $ib | $line"
    if [[ $line == als* ]]; then
      v=$(awk -F' [|] ' '{print $4}' <<<"$line")
      if awk "BEGIN{exit !($v > $bestv)}"; then bestv=$v; best=$g; fi
      if [ $ib = false ] && awk "BEGIN{exit !($v > $bestpv)}"; then bestpv=$v; bestp=$g; fi
    fi
  done < <(ev "$S.purchases_val" "$f" "$r" "$a" "$models" "$ib")
done
echo "best on validation (NDCG@10): $best ($bestv); best without the item bias: $bestp ($bestpv)"
IFS=: read -r f r a b <<<"$best"
ib=false; [ "${b:-}" = b ] && ib=true
echo "test split (held out: each customer's last basket), k = 10, settings from validation: factors $f, regularization $r, alpha $a, item_bias $ib"
ev "$S.purchases" "$f" "$r" "$a" "als,popularity,item_knn" "$ib"
IFS=: read -r f r a b <<<"$bestp"
echo "test split, the best validation setting without the item bias: factors $f, regularization $r, alpha $a"
ev "$S.purchases" "$f" "$r" "$a" "als" false
echo "test split, the defaults (64, 0.01, 40), without and with the item bias:"
ev "$S.purchases" 64 0.01 40 "als" false
ev "$S.purchases" 64 0.01 40 "als" true
