#!/usr/bin/env bash
# bench/text/sentiment.sh: pmkt.sentiment over the 2 475 test sentences of
# test/text/vader_gen.py repeated BENCH_TEXT_REPEAT times (default 40:
# 99 000 sentences) against the floor (a scan reading every text) and NLTK's
# VADER (Debian python3-nltk, polarity_scores on the same sentences already
# in memory: NLTK's scoring time alone, no export), in one run.  Also the
# lexicon cache: the first call of a session (reads pmkt.sentiment_lexicon,
# 7 506 rows) against the next ones.
# BENCH_SKIP_SETUP=1 skips bench_setup (cluster already up with this build).
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
"$BENCH_ROOT/scripts/deps.sh" python3-nltk
REPEAT=${BENCH_TEXT_REPEAT:-40}
sents=$(mktemp)
/usr/bin/python3 "$BENCH_ROOT/test/text/vader_gen.py" tsv > "$sents"
chmod a+r "$sents"
bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.vader_once, bench.vader_sentences;
CREATE TABLE bench.vader_once(txt text);
\copy bench.vader_once FROM '$sents' WITH (FORMAT text)
CREATE TABLE bench.vader_sentences AS
SELECT r, txt FROM bench.vader_once, generate_series(1, $REPEAT) r;
ANALYZE bench.vader_sentences;
SQL
n=$(bpsql -tAc "SELECT count(*) FROM bench.vader_sentences")
echo "== sentiment: $n sentences ($(wc -l < "$sents") distinct x $REPEAT)"

labels=("floor: sum(length(txt))"
        "pmkt.sentiment(txt) (all 5 fields)"
        "pmkt.sentiment_compound(txt)")
queries=("SELECT sum(length(txt)) FROM bench.vader_sentences;"
         "SELECT sum((pmkt.sentiment(txt)).compound) FROM bench.vader_sentences;"
         "SELECT sum(pmkt.sentiment_compound(txt)) FROM bench.vader_sentences;")
best=()
# interleaved rounds: NLTK, then each query; every one keeps its best
nltk_best=""
for _ in $(seq "$BENCH_REPS"); do
  t=$(/usr/bin/python3 - "$sents" "$REPEAT" "$BENCH_ROOT" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[3] + "/test/text")
from vader_gen import nltk_lexicon_file
from nltk.sentiment.vader import SentimentIntensityAnalyzer
sents = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")] * int(sys.argv[2])
sia = SentimentIntensityAnalyzer(lexicon_file=nltk_lexicon_file())
t0 = time.perf_counter()
s = sum(sia.polarity_scores(x)["compound"] for x in sents)
print(f"{(time.perf_counter() - t0) * 1000:.1f}")
PY
)
  if [ -z "$nltk_best" ] || awk "BEGIN{exit !($t < $nltk_best)}"; then nltk_best=$t; fi
  for q in "${!queries[@]}"; do
    t=$(printf '\\timing on\n%s\n' "${queries[$q]}" | bpsql -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
    if [ -z "${best[$q]:-}" ] || awk "BEGIN{exit !($t < ${best[$q]})}"; then best[$q]=$t; fi
  done
done
for q in "${!queries[@]}"; do printf '%-40s %12.1f ms\n' "${labels[$q]}" "${best[$q]}"; done
printf '%-40s %12.1f ms\n' "NLTK polarity_scores (in memory)" "$nltk_best"
awk -v f="${best[0]}" -v s="${best[1]}" -v c="${best[2]}" -v p="$nltk_best" -v n="$n" 'BEGIN{
  printf "pmkt.sentiment: %.0f sentences/s; NLTK / pmkt.sentiment = %.1fx (net of the floor: %.1fx)\n", n/(s/1000), p/s, p/(s-f)
  printf "pmkt.sentiment_compound: NLTK / pmkt = %.1fx\n", p/c }'

# the lexicon cache: first call of a session (reads the table) vs the next
for _ in 1 2 3; do
  printf '\\timing on\nSELECT pmkt.sentiment_compound($$good$$);\nSELECT pmkt.sentiment_compound($$good$$);\nSELECT pmkt.sentiment_compound($$good$$);\n' \
    | bpsql -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | paste -sd' '
done | awk '{ if (NR == 1 || $1 < c) c = $1; if (NR == 1 || $3 < w) w = $3 } END {
  printf "lexicon cache: first call of a session %.2f ms (reads 7 506 rows), next calls %.3f ms\n", c, w }'
# a change to the lexicon: the next call reads it again
printf '\\timing on\nSELECT pmkt.sentiment_compound($$good$$);\nUPDATE pmkt.sentiment_lexicon SET valence = valence WHERE term = $$good$$;\nSELECT pmkt.sentiment_compound($$good$$);\nSELECT pmkt.sentiment_compound($$good$$);\n' \
  | bpsql -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | paste -sd' ' \
  | awk '{ printf "after an UPDATE of one lexicon row: next call %.2f ms, then %.3f ms\n", $3, $4 }'
rm -f "$sents"
