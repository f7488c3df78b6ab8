#!/usr/bin/env bash
# bench/text/textclf.sh: pmkt.text_classifier_train (naive Bayes) and
# pmkt.text_classify_label against scikit-learn's CountVectorizer +
# MultinomialNB (Debian python3-sklearn) on BENCH_TEXTCLF_ROWS short texts
# (default 1 000 000; 8 to 16 words from a 120-word English vocabulary,
# label = one of 3 topics drawn from the words), in one run:
#   floor    a scan reading every text (sum(length(body)))
#   pmkt     train = text_classifier_train over the table; score =
#            text_classify_label on every row, counting the correct ones
#   sklearn  the texts and labels exported with COPY ... TO STDOUT
#            (psycopg2 copy_expert, parsed into Python lists: that time is
#            counted), then CountVectorizer().fit_transform +
#            MultinomialNB().fit (train) and the export again +
#            transform + predict (score)
# pmkt runs with both the 'english' configuration (Snowball stemming, stop
# words: more work than sklearn's regex tokenizer) and 'simple' (lower-case
# words only, as CountVectorizer).  Best of BENCH_REPS for each.
# Runs in its own database (pmkt_bench_textclf) of the pmktbench cluster.
export BENCH_DB=${BENCH_DB:-pmkt_bench_textclf}
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
N=${BENCH_TEXTCLF_ROWS:-1000000}
bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.tc_texts;
SELECT setseed(0.18);
CREATE TABLE bench.tc_texts AS
WITH v AS (SELECT ARRAY[
 'quality','fabric','stitching','material','sturdy','broke','broken','cheap','durable','design',
 'battery','colour','faded','zipper','build','finish','defective','works','size','fit',
 'delivery','parcel','courier','late','early','package','tracking','shipping','arrived','damaged',
 'lost','week','days','fast','slow','dispatch','carrier','box','postage','transit',
 'support','agent','refund','return','rude','friendly','replied','emails','service','staff',
 'seller','response','ignored','helpful','call','chat','complaint','solved','answer','waiting',
 'the','and','was','very','but','not','really','good','bad','great','terrible','love','hate','okay',
 'again','never','always','after','before','with','without','my','our','their','this','that',
 'product','order','item','price','value','money','time','store','online','website','app','account',
 'excellent','poor','awful','nice','happy','unhappy','disappointed','pleased','recommend','avoid',
 'quick','quickly','slowly','finally','still','already','once','twice','today','yesterday'] AS w),
d AS (SELECT g, (g % 3) AS topic, 8 + (random() * 8)::int AS len FROM generate_series(1, $N) g)
SELECT d.g AS id,
       (SELECT string_agg(v.w[CASE WHEN random() < 0.4 + 0 * k THEN 1 + d.topic * 20 + (random() * 19)::int
                                   ELSE 61 + (random() * 59)::int END], ' ')
        FROM generate_series(1, d.len) k WHERE k > 0 AND d.g > 0) AS body,
       (ARRAY['quality', 'logistics', 'service'])[d.topic + 1] AS label
FROM d, v;
ANALYZE bench.tc_texts;
SQL
n=$(bpsql -tAc "SELECT count(*) FROM bench.tc_texts")
words=$(bpsql -tAc "SELECT sum(array_length(string_to_array(body, ' '), 1)) FROM bench.tc_texts")
echo "== text classifier: $n texts, $words words"

t_of() { printf '\\timing on\n%s\n' "$1" | bpsql -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1; }
declare -A best
keep() { if [ -z "${best[$1]:-}" ] || awk "BEGIN{exit !($2 < ${best[$1]})}"; then best[$1]=$2; fi; }
bpsql -c "DROP TABLE IF EXISTS bench.tc_model; CREATE TABLE bench.tc_model AS SELECT c AS config, pmkt.text_classifier_train('SELECT body, label FROM bench.tc_texts', config => c::regconfig) AS m FROM (VALUES ('english'), ('simple')) v(c)"
for _ in $(seq "$BENCH_REPS"); do
  keep floor "$(t_of "SELECT sum(length(body)) FROM bench.tc_texts;")"
  for c in english simple; do
    keep "train_$c" "$(t_of "SELECT pmkt.text_classifier_info(pmkt.text_classifier_train('SELECT body, label FROM bench.tc_texts', config => '$c')) ->> 'terms';")"
    keep "score_$c" "$(t_of "SELECT count(*) FILTER (WHERE pmkt.text_classify_label((SELECT m FROM bench.tc_model WHERE config = '$c'), body) = label) FROM bench.tc_texts;")"
  done
  read -r e1 tr e2 sc acc < <(/usr/bin/python3 - "$BENCH_PORT" "$BENCH_DB" <<'PY'
import io, sys, time
import psycopg2
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB
import os
conn = psycopg2.connect(host=os.environ.get('PGHOST', '/var/run/postgresql'), port=sys.argv[1], dbname=sys.argv[2], user='postgres')
def export():
    buf = io.StringIO()
    conn.cursor().copy_expert("COPY (SELECT body, label FROM bench.tc_texts) TO STDOUT", buf)
    rows = [l.split('\t') for l in buf.getvalue().splitlines()]
    return [r[0] for r in rows], [r[1] for r in rows]
t0 = time.perf_counter(); X, y = export(); t1 = time.perf_counter()
cv = CountVectorizer(); M = cv.fit_transform(X); nb = MultinomialNB().fit(M, y); t2 = time.perf_counter()
X, y = export(); t3 = time.perf_counter()
p = nb.predict(cv.transform(X)); t4 = time.perf_counter()
acc = sum(a == b for a, b in zip(p, y)) / len(y)
print(f"{(t1-t0)*1000:.1f} {(t2-t1)*1000:.1f} {(t3-t2)*1000:.1f} {(t4-t3)*1000:.1f} {acc:.4f}")
PY
)
  keep sk_train "$(awk "BEGIN{print $e1 + $tr}")"
  keep sk_score "$(awk "BEGIN{print $e2 + $sc}")"
  keep sk_export "$e1"
done
acc_pmkt=$(bpsql -tAc "SELECT string_agg(config || ' ' || round(a, 4), ', ') FROM (SELECT config, avg((pmkt.text_classify_label(m, body) = label)::int) a FROM bench.tc_model, bench.tc_texts GROUP BY config) s")
printf '%-52s %10.1f ms\n' "floor: sum(length(body))" "${best[floor]}"
for c in english simple; do
  printf '%-52s %10.1f ms\n' "pmkt train (naive Bayes, $c)" "${best[train_$c]}"
  printf '%-52s %10.1f ms\n' "pmkt score (text_classify_label, $c)" "${best[score_$c]}"
done
printf '%-52s %10.1f ms\n' "sklearn train (COPY export + CountVectorizer + NB)" "${best[sk_train]}"
printf '%-52s %10.1f ms\n' "sklearn score (COPY export + transform + predict)" "${best[sk_score]}"
printf '%-52s %10.1f ms\n' "  of which the COPY export" "${best[sk_export]}"
echo "training-set accuracy: pmkt $acc_pmkt; sklearn $acc"
for c in english simple; do
  awk -v a="${best[sk_train]}" -v b="${best[train_$c]}" -v s="${best[sk_score]}" -v t="${best[score_$c]}" -v c="$c" 'BEGIN{
    printf "%s: sklearn / pmkt = %.2fx (train), %.2fx (score)\n", c, a/b, s/t }'
done
