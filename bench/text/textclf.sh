#!/usr/bin/env bash
# bench/text/textclf.sh: pmkt.text_classifier_train (naive Bayes) and
# pmkt.text_classify_label against scikit-learn's CountVectorizer +
# MultinomialNB (Debian python3-sklearn) on BENCH_TEXTCLF_ROWS short texts
# (default 1 000 000; 8 to 16 words from a 120-word English vocabulary,
# label = one of 3 topics drawn from the words), in one run:
#   floor    a scan reading every text (sum(length(body)))
#   pmkt     train = text_classifier_train over the table (naive Bayes: the
#            combinable aggregate pmkt.text_nb_counts over the query);
#            score = text_classify_label on every row, counting the correct
#            ones
#   sklearn  the texts and labels exported with COPY ... TO STDOUT
#            (psycopg2 copy_expert, parsed into Python lists: that time is
#            counted), then CountVectorizer().fit_transform +
#            MultinomialNB().fit (train) and the export again +
#            transform + predict (score); single-threaded, as a user runs it
# pmkt runs with both the 'english' configuration (Snowball stemming, stop
# words: more work than sklearn's regex tokenizer) and 'simple' (lower-case
# words only, as CountVectorizer).  Floors: a scan reading every text, and
# count(to_tsvector(config, body)) (the server's parser and dictionaries on
# every text, what pmkt's reading cost before its per-token cache).
# BENCH_REPS (default 2 here) interleaved rounds
# (bench/text/textclf_rounds.py); per query the median CPU time and wall
# time.  pmkt runs twice: serial (max_parallel_workers_per_gather = 0; CPU =
# the backend's /proc/<pid>/schedstat) and with parallel workers allowed
# (the server's setting; the planner decides; CPU = leader + workers, wall =
# what a user waits).  Ratios are medians of the per-round ratios.  The load
# average is printed before and after: on a shared machine wall times are
# noisy, CPU ratios much less so.
# Standalone: builds and installs this checkout into the pmktbench cluster
# (bench_setup) unless BENCH_SKIP_SETUP=1 (then BENCH_PORT / BENCH_DB, and
# PGHOST for a socket directory other than /var/run/postgresql, point at a
# cluster that already has this build).  Scale: BENCH_TEXTCLF_ROWS.  About
# 4 minutes at 1 M texts and BENCH_REPS=2 on an idle 2-core machine; run it
# under nice on a shared one.
export BENCH_REPS=${BENCH_REPS:-2}
export BENCH_DB=${BENCH_DB:-pmkt_bench_textclf}
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
[ "${BENCH_KEEP_TABLE:-0}" = 1 ] && bpsql -tAc "SELECT 1 FROM pg_tables WHERE schemaname = 'bench' AND tablename = 'tc_texts'" | grep -q 1 && skip_build=1
N=${BENCH_TEXTCLF_ROWS:-1000000}
[ -n "${skip_build:-}" ] || bpsql <<SQL
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
t_start=$(date +%s)
echo "== text classifier: $n texts, $words words, $BENCH_REPS rounds, $(nproc) cores; $(date -u '+%F %T UTC'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
bpsql -c "DROP TABLE IF EXISTS bench.tc_model; CREATE TABLE bench.tc_model AS SELECT c AS config, pmkt.text_classifier_train('SELECT body, label FROM bench.tc_texts', config => c::regconfig) AS m FROM (VALUES ('english'), ('simple')) v(c)"
runuser -u postgres -- /usr/bin/python3 "$(dirname "$0")/textclf_rounds.py" "$BENCH_PORT" "$BENCH_DB" "$BENCH_REPS"
acc_pmkt=$(bpsql -tAc "SELECT string_agg(config || ' ' || round(a, 4), ', ') FROM (SELECT config, avg((pmkt.text_classify_label(m, body) = label)::int) a FROM bench.tc_model, bench.tc_texts GROUP BY config) s")
echo "training-set accuracy, pmkt: $acc_pmkt; load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(( $(date +%s) - t_start )) s from the table to here"
