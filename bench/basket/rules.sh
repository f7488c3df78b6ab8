#!/usr/bin/env bash
# bench/basket/rules.sh: basket analysis at scale (issue 12, part 3), in one
# run, round-robin, best of BENCH_REPS for each case:
#   floor      SELECT count(DISTINCT order_id), count(*) over the demo's
#              order_lines (reading every line and counting the baskets)
#   rules      pmkt.association_rules over the same lines, min_support 0.001
#              (the FP-growth mining and the rules, min_confidence 0.1)
#   counts     pmkt.basket_counts(items, true) (the combinable item and pair
#              counts) over the same lines grouped by order_id in a subquery
#   floor_join count(*) of the customer x product lines item_neighbors reads
#              (order_lines joined to orders for the customer)
#   neighbors  pmkt.item_neighbors over that join (cosine, 20 neighbours)
# and the peak resident memory of the backend (VmHWM) after each case; then,
# once each (they take longer):
#   als        pmkt.als_train over the same join, 64 factors, 10 iterations
#   peer knn / peer als: bench/basket/recommend_peer.py, the numpy /
#              scipy.sparse route (same equations), its export through
#              COPY ... TO STDOUT counted, its own VmHWM.
# BASKET_ORDERS (default 1 000 000) orders of pmkt.generate_demo (about 2.4
# lines per order), built once into schema bench_basket_<orders>.
# BENCH_SKIP_SETUP=1 skips bench_setup (cluster already up with this build).
# ALS_ONLY=1: only the ALS part, plain and with item_bias => true, each with
# its numpy peer (same equations), in one run.
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
N=${BASKET_ORDERS:-1000000}
S=bench_basket_$N
have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = '$S' AND tablename = 'order_lines'")
if [ "$have" = 0 ]; then
  echo "building $S (pmkt.generate_demo, $N orders)..." >&2
  bpsql -c "SELECT * FROM pmkt.generate_demo('$S', orders => $N)" -c "VACUUM ANALYZE $S.order_lines, $S.orders"
fi
bpsql -c "SELECT count(DISTINCT order_id) AS orders, count(*) AS lines, count(DISTINCT product_id) AS products FROM $S.order_lines"

LINES="SELECT order_id, product_id FROM $S.order_lines"
CUST="SELECT o.customer_id, l.product_id FROM $S.order_lines l JOIN $S.orders o USING (order_id)"
cases=(floor rules counts floor_join neighbors)
# BASKET_RULES_ONLY=1: the floor, association_rules and basket_counts only
# (no item_neighbors, ALS or Python peers)
RULES_ONLY=${BASKET_RULES_ONLY:-0}
[ "$RULES_ONLY" = 1 ] && cases=(floor rules counts)
declare -A label sql best mem
label[floor]="floor: count(DISTINCT order_id), count(*)"
label[rules]="pmkt.association_rules, min_support 0.001"
label[counts]="pmkt.basket_counts(items, true), lines by order"
label[floor_join]="floor: count(*) of the customer x product join"
label[neighbors]="pmkt.item_neighbors, cosine, n 20"
sql[floor]="SELECT count(DISTINCT order_id), count(*) FROM $S.order_lines;"
sql[rules]="SELECT count(*) FROM pmkt.association_rules('$LINES', min_support => 0.001);"
sql[counts]="SELECT pmkt.basket_counts_info(pmkt.basket_counts(items, true)) FROM (SELECT array_agg(product_id::bigint) AS items FROM $S.order_lines GROUP BY order_id) b;"
sql[floor_join]="SELECT count(*) FROM ($CUST) s;"
sql[neighbors]="SELECT count(*) FROM pmkt.item_neighbors('$CUST');"
als_case() {  # als_case ITEM_BIAS PEER_MODE: pmkt.als_train once, then its peer
  local ALS_SQL="SELECT pmkt.als_info(pmkt.als_train('$CUST_ALS', factors => 64, iterations => 10, item_bias => $1));"
  local SCHED='SELECT split_part(pg_read_file($$/proc/self/schedstat$$), $$ $$, 1);'
  local out ms kb cpu peer pcpu pms
  out=$(printf '%s\n%s\n\\timing on\n%s\n\\timing off\n%s\nSELECT substring(pg_read_file($$/proc/self/status$$) FROM $$VmHWM:\\s*([0-9]+) kB$$);\n' "$BUDGET_SQL" "$SCHED" "$ALS_SQL" "$SCHED" \
        | bpsql -tA 2>&1)
  ms=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$out" | head -1)
  kb=$(tail -1 <<<"$out")
  cpu=$(grep -E '^[0-9]+$' <<<"$out" | head -3 | awk 'NR==1{a=$1} NR==2{b=$1} END{printf "%.1f", (b-a)/1e6}')
  [ -n "$ms" ] || { echo "no timing for als: $out" >&2; exit 1; }
  printf '%-60s %10.1f ms  VmHWM %5d MB  backend CPU %s ms (load average: %s)\n' "pmkt.als_train, 64 factors, 10 iterations, item_bias $1" "$ms" "$((kb / 1024))" "$cpu" "$(cut -d' ' -f1-3 /proc/loadavg)"
  peer=$(runuser -u postgres -- env OPENBLAS_NUM_THREADS=1 PGHOST="${PGHOST:-/var/run/postgresql}" /usr/bin/python3 "$(dirname "$0")/recommend_peer.py" "$BENCH_PORT" "$BENCH_DB" "$CUST_ALS" als 64 10 "$2")
  echo "$peer"
  pms=$(sed -n 's/^peer als total.*: \([0-9.]*\) ms.*/\1/p' <<<"$peer")
  pcpu=$(sed -n 's/^peer als CPU.*: \([0-9.]*\) ms.*/\1/p' <<<"$peer")
  echo "als_train (item_bias $1) / numpy peer: CPU $(ratio "$cpu" "$pcpu")x (pmkt's whole call against the peer's 10 iterations alone), wall $(ratio "$ms" "$pms")x (target: below 1)"
}
# ALS_BUDGET (e.g. 1900MB): pmkt.max_train_memory (and its cap) for the ALS
# calls; all 1.2 M customers of the 12 M-order demo (ALS_SAMPLE=1) need about
# 1.8 GB, above the 1 GB default (53200 names the budget that is enough)
BUDGET_SQL="SELECT 1 WHERE false;"
[ -n "${ALS_BUDGET:-}" ] && BUDGET_SQL="SET pmkt.max_train_memory_limit = '$ALS_BUDGET'; SET pmkt.max_train_memory = '$ALS_BUDGET';"
if [ "${ALS_ONLY:-0}" = 1 ]; then
  AS=${ALS_SAMPLE:-5}
  CUST_ALS="$CUST WHERE o.customer_id % $AS = 0"
  echo "ALS on customers with customer_id % $AS = 0: $(bpsql -tAc "SELECT count(DISTINCT customer_id) || ' customers, ' || count(*) || ' lines' FROM ($CUST_ALS) s")"
  als_case false plain
  als_case true bias
  exit 0
fi
for rep in $(seq "$BENCH_REPS"); do
  for c in "${cases[@]}"; do
    # one session per case: the time of the query, then the backend's peak RSS
    out=$(printf '\\timing on\n%s\n\\timing off\n\\o\nSELECT substring(pg_read_file($$/proc/self/status$$) FROM $$VmHWM:\\s*([0-9]+) kB$$);\n' "${sql[$c]}" \
          | bpsql -tA -o /dev/null 2>&1)
    t=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$out" | head -1)
    kb=$(tail -1 <<<"$out")
    [ -n "$t" ] || { echo "no timing for $c: $out" >&2; exit 1; }
    echo "rep $rep $c: $t ms, VmHWM $((kb / 1024)) MB"
    if [ -z "${best[$c]:-}" ] || awk "BEGIN{exit !($t < ${best[$c]})}"; then best[$c]=$t; fi
    mem[$c]=$kb
  done
done
rules=$(bpsql -tAc "SELECT count(*) FROM pmkt.association_rules('$LINES', min_support => 0.001)")
sets=$(bpsql -tAc "SELECT count(*) FROM pmkt.frequent_itemsets('$LINES', min_support => 0.001)")
echo "--- best of $BENCH_REPS ($N orders; $sets frequent itemsets, $rules rules at min_support 0.001)"
for c in "${cases[@]}"; do
  printf '%-50s %10.1f ms  VmHWM %5d MB\n' "${label[$c]}" "${best[$c]}" "$((mem[$c] / 1024))"
done
echo "association_rules / floor: $(ratio "${best[rules]}" "${best[floor]}")x (target: at most 3x)"
if [ "$RULES_ONLY" = 1 ]; then
  echo "CPU time (bench/cpu_rounds.py, 3 rounds, no parallel workers; load average: $(cut -d' ' -f1-3 /proc/loadavg)):"
  runuser -u postgres -- env PGHOST="${PGHOST:-/var/run/postgresql}" PGOPTIONS="${PGOPTIONS:-}" BENCH_PORT="$BENCH_PORT" BENCH_DB="$BENCH_DB" \
    /usr/bin/python3 "$(dirname "$0")/../cpu_rounds.py" 3 "floor=${sql[floor]}" "rules=${sql[rules]}"
  exit 0
fi
echo "item_neighbors / floor: $(ratio "${best[neighbors]}" "${best[floor]}")x; / the join floor: $(ratio "${best[neighbors]}" "${best[floor_join]}")x"

# ALS and the Python peers, once each; ALS on every ALS_SAMPLE-th customer
# (default 5: the numpy peer takes minutes per 10 iterations at 100 k customers)
AS=${ALS_SAMPLE:-5}
CUST_ALS="$CUST WHERE o.customer_id % $AS = 0"
echo "ALS on customers with customer_id % $AS = 0: $(bpsql -tAc "SELECT count(DISTINCT customer_id) || ' customers, ' || count(*) || ' lines' FROM ($CUST_ALS) s")"
ALS_SQL="SELECT pmkt.als_info(pmkt.als_train('$CUST_ALS', factors => 64, iterations => 10));"
# the backend's CPU time (schedstat, ns) around the call, then its VmHWM
SCHED='SELECT split_part(pg_read_file($$/proc/self/schedstat$$), $$ $$, 1);'
out=$(printf '%s\n\\timing on\n%s\n\\timing off\n%s\nSELECT substring(pg_read_file($$/proc/self/status$$) FROM $$VmHWM:\\s*([0-9]+) kB$$);\n' "$SCHED" "$ALS_SQL" "$SCHED" \
      | bpsql -tA 2>&1)
als_ms=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$out" | head -1)
als_kb=$(tail -1 <<<"$out")
als_cpu=$(grep -E '^[0-9]+$' <<<"$out" | head -3 | awk 'NR==1{a=$1} NR==2{b=$1} END{printf "%.1f", (b-a)/1e6}')
[ -n "$als_ms" ] || { echo "no timing for als: $out" >&2; exit 1; }
printf '%-50s %10.1f ms  VmHWM %5d MB\n' "pmkt.als_train, 64 factors, 10 iterations" "$als_ms" "$((als_kb / 1024))"
echo "pmkt.als_train backend CPU: $als_cpu ms (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
PEER="$(dirname "$0")/recommend_peer.py"
peer=$(runuser -u postgres -- env OPENBLAS_NUM_THREADS=1 PGHOST="${PGHOST:-/var/run/postgresql}" /usr/bin/python3 "$PEER" "$BENCH_PORT" "$BENCH_DB" "$CUST" knn)
echo "$peer"
peer_knn=$(sed -n 's/^peer knn total.*: \([0-9.]*\) ms.*/\1/p' <<<"$peer")
peer=$(runuser -u postgres -- env OPENBLAS_NUM_THREADS=1 PGHOST="${PGHOST:-/var/run/postgresql}" /usr/bin/python3 "$PEER" "$BENCH_PORT" "$BENCH_DB" "$CUST_ALS" als 64 10)
echo "$peer"
peer_als=$(sed -n 's/^peer als total.*: \([0-9.]*\) ms.*/\1/p' <<<"$peer")
echo "item_neighbors / python peer (scipy.sparse): $(ratio "${best[neighbors]}" "$peer_knn")x (target: below 1)"
peer_als_cpu=$(sed -n 's/^peer als CPU.*: \([0-9.]*\) ms.*/\1/p' <<<"$peer")
echo "als_train / python peer (numpy, row by row solves): wall $(ratio "$als_ms" "$peer_als")x; CPU of the 10 iterations: pmkt's backend (load included) $als_cpu ms, the peer's $peer_als_cpu ms (target: below 1)"
# CPU time of the floors, association_rules and item_neighbors, interleaved
# rounds, serial
echo "CPU time (bench/cpu_rounds.py, 3 rounds, no parallel workers; load average: $(cut -d' ' -f1-3 /proc/loadavg)):"
runuser -u postgres -- env PGHOST="${PGHOST:-/var/run/postgresql}" PGOPTIONS="${PGOPTIONS:-}" BENCH_PORT="$BENCH_PORT" BENCH_DB="$BENCH_DB" \
  /usr/bin/python3 "$(dirname "$0")/../cpu_rounds.py" 3 "floor=${sql[floor]}" "rules=${sql[rules]}" \
  "floor_join=${sql[floor_join]}" "neighbors=${sql[neighbors]}"
