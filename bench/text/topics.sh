#!/usr/bin/env bash
# bench/text/topics.sh: pmkt.topics_train (LDA, variational Bayes) against
# scikit-learn's LatentDirichletAllocation and gensim's LdaModel on the demo
# feedback texts, in one run.
#   corpus: pmkt.generate_demo(..., BENCH_TOPICS_ORDERS (default 200 000,
#           the demo's default: 4 166 texts),
#           seed 42).feedback, the comment without its "Likelihood to
#           recommend" sentence; tokens = to_tsvector('english', ...) lexemes
#           (the server's), counts = positions; min_df 5, max_df 0.5
#   model:  n_topics 5, batch, max_iter 10 (scikit-learn's defaults otherwise)
#   pmkt:   SELECT pmkt.topics_train(query ...): reading, to_tsvector, the
#           vocabulary and the 10 passes; floor: the same scan with to_tsvector
#   peers:  the same doc-term counts (exported once, loaded before timing),
#           fit time only (their tokenisation is not timed); gensim: batch
#           LdaModel (update_every 0, passes 10, alpha = eta = 1/5, iterations
#           100, gamma_threshold 0.001), a different implementation of the
#           same method (timed, its perplexity is not comparable)
#   quality: training perplexity, seeds 1..BENCH_TOPICS_SEEDS (default 8)
#           on both sides (pmkt's generator is not numpy's, so every run
#           starts elsewhere and ends in its own local optimum): mean pmkt /
#           mean scikit-learn, with standard errors; and pmkt's models of
#           seeds 1-3 re-scored by scikit-learn's perplexity(X) (same
#           vocabulary order) against pmkt's own figure.  The difference of
#           the means with its standard error and a Welch two-sample 95 %
#           interval (unequal variances, Welch-Satterthwaite degrees of
#           freedom), in % of scikit-learn's mean; BENCH_TOPICS_OUT=FILE keeps
#           the per-seed perplexities (seed, pmkt, scikit-learn).
#   spread: pmkt alone, seeds 1..BENCH_TOPICS_SEEDS, at 10, 50 and 200
#           passes (200 also with mean_change_tol 1e-6): does the spread
#           between seeds shrink with more passes (convergence) or stay
#           (local optima)?  And trained on 4/5 of the texts, the perplexity
#           of the held-out 1/5 (topics_perplexity) against the training one.
#           BENCH_TOPICS_SPREAD=0 skips this part (many seeds: the seeds
#           comparison alone).
# BENCH_SKIP_SETUP=1 skips bench_setup (cluster already up with this build).
# BENCH_IN_VIRTUALENV=1: run inside a throwaway cluster that already has
# this build's pmkt (e.g. pg_virtualenv with extension_destdir), not pmktbench.
source "$(dirname "$0")/../lib.sh"
if [ "${BENCH_IN_VIRTUALENV:-0}" = 1 ]; then
  bpsql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
  bpsql -c "CREATE EXTENSION IF NOT EXISTS pmkt" >/dev/null
elif [ "${BENCH_SKIP_SETUP:-0}" != 1 ]; then
  bench_setup
fi
ORDERS=${BENCH_TOPICS_ORDERS:-200000}
K=5
ITER=10
SEEDS=${BENCH_TOPICS_SEEDS:-8}
tmp=$(mktemp -d)
chmod a+rwx "$tmp"
TXT="split_part(comment, ' Likelihood to recommend', 1)"
Q="SELECT feedback_id, $TXT FROM bench_topics.feedback ORDER BY feedback_id"
bpsql -c "DROP SCHEMA IF EXISTS bench_topics CASCADE" >/dev/null
bpsql -o /dev/null -c "SELECT pmkt.generate_demo('bench_topics', $ORDERS, 42)"
n=$(bpsql -tAc "SELECT count(*) FROM bench_topics.feedback")
bpsql -c "\\copy (SELECT f.feedback_id, t.lexeme, coalesce(array_length(t.positions, 1), 1) FROM bench_topics.feedback f, unnest(to_tsvector('english', $TXT)) t ORDER BY 1, 2) TO '$tmp/counts.tsv'"
echo "== topics: $n feedback texts (generate_demo orders = $ORDERS), n_topics $K, batch, max_iter $ITER"

timed() {  # timed SQL: best of BENCH_REPS, ms
  local best="" t
  for _ in $(seq "$BENCH_REPS"); do
    t=$(printf '\\timing on\n%s\n' "$1" | bpsql -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}
floor=$(timed "SELECT count(to_tsvector('english', $TXT)) FROM bench_topics.feedback;")
pm=$(timed "SELECT pmkt.topics_train('$(echo "$Q" | sed "s/'/''/g")', $K, seed => 1, max_iter => $ITER, min_df => 5, max_df => 0.5);")
for s in $(seq "$SEEDS"); do
  bpsql -tAc "SELECT s, (pmkt.topics_model_info(m)->>'perplexity'), pmkt.topics_vocabulary(m), pmkt.topics_components(m)
              FROM (SELECT $s AS s, pmkt.topics_train('$(echo "$Q" | sed "s/'/''/g")', $K, seed => $s, max_iter => $ITER, min_df => 5, max_df => 0.5) AS m) x" \
    > "$tmp/pmkt_$s.txt"
done
printf '%-52s %10.1f ms\n' "floor: to_tsvector of every text" "$floor"
printf '%-52s %10.1f ms\n' "pmkt.topics_train (read + to_tsvector + 10 passes)" "$pm"
/usr/bin/python3 - "$tmp" "$K" "$ITER" "$BENCH_REPS" "$pm" "$floor" "$SEEDS" <<'PY'
import sys, time, csv
import numpy as np, scipy.sparse as sp
from sklearn.decomposition import LatentDirichletAllocation
d, K, it, reps, pm, floor, S = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
docs, df = {}, {}
for fid, lex, c in csv.reader(open(d + '/counts.tsv'), delimiter='\t', quoting=csv.QUOTE_NONE):
    docs.setdefault(int(fid), {})[lex] = int(c)
    df[lex] = df.get(lex, 0) + 1
n = len(docs)
vocab = sorted((t for t in df if df[t] >= 5 and df[t] <= 0.5 * n), key=lambda s: s.encode())
col = {t: i for i, t in enumerate(vocab)}
rows, cols, vals = [], [], []
for i, fid in enumerate(sorted(docs)):
    for t, c in docs[fid].items():
        if t in col:
            rows.append(i); cols.append(col[t]); vals.append(float(c))
X = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab))); X.sort_indices()
print(f"doc-term matrix: {n} texts x {len(vocab)} lexemes, {X.nnz} non-zeros, {X.sum():.0f} words")
best, sk_ppl = None, []
for s in range(1, S + 1):
    for r in range(reps if s == 1 else 1):
        m = LatentDirichletAllocation(n_components=K, learning_method='batch', max_iter=it, random_state=s)
        t0 = time.perf_counter(); m.fit(X); t = (time.perf_counter() - t0) * 1000
        if s == 1:
            best = t if best is None else min(best, t)
    sk_ppl.append(m.bound_)
print(f"{'scikit-learn fit (counts in memory)':52s} {best:10.1f} ms")
try:
    from gensim.models import LdaModel
    corpus = [[(col[t], c) for t, c in sorted(docs[fid].items()) if t in col] for fid in sorted(docs)]
    id2word = dict(enumerate(vocab))
    gbest = None
    for r in range(reps):
        t0 = time.perf_counter()
        LdaModel(corpus, num_topics=K, id2word=id2word, passes=it, update_every=0, chunksize=n,
                 alpha=[1 / K] * K, eta=1 / K, iterations=100, gamma_threshold=0.001, random_state=1)
        t = (time.perf_counter() - t0) * 1000
        gbest = t if gbest is None else min(gbest, t)
    print(f"{'gensim LdaModel batch (corpus in memory)':52s} {gbest:10.1f} ms")
except ImportError:
    gbest = None
pm_ppl = []
for s in range(1, S + 1):
    line = open(f"{d}/pmkt_{s}.txt").read().strip()
    _, ppl, voc, comp = line.split('|')
    pm_ppl.append(float(ppl))
    pv = voc.strip('{}').split(',')
    assert [v.strip('"') for v in pv] == vocab, 'vocabulary differs'
    C = np.array([[float(x) for x in r.split(',')] for r in comp.strip('{}').split('},{')])
    ref = LatentDirichletAllocation(n_components=K)
    ref._init_latent_vars(len(vocab)); ref.components_ = C
    from sklearn.decomposition._online_lda_fast import _dirichlet_expectation_2d
    ref.exp_dirichlet_component_ = np.exp(_dirichlet_expectation_2d(C))
    if s > 3:
        continue
    rescored = ref.perplexity(X)
    print(f"seed {s}: pmkt perplexity {float(ppl):.4f} (scikit-learn re-scoring pmkt's model: {rescored:.4f}, "
          f"rel. diff {abs(rescored / float(ppl) - 1):.1e}); scikit-learn's own fit {sk_ppl[s - 1]:.4f}")
r = np.mean(pm_ppl) / np.mean(sk_ppl)
se = lambda v: np.std(v, ddof=1) / np.sqrt(len(v))
print(f"perplexity over seeds 1-{S}: pmkt mean {np.mean(pm_ppl):.3f} (s.e. {se(pm_ppl):.3f}, range {min(pm_ppl):.2f}-{max(pm_ppl):.2f}), "
      f"scikit-learn mean {np.mean(sk_ppl):.3f} (s.e. {se(sk_ppl):.3f}, range {min(sk_ppl):.2f}-{max(sk_ppl):.2f})")
sed = np.sqrt(se(pm_ppl) ** 2 + se(sk_ppl) ** 2) / np.mean(sk_ppl)
print(f"ratio of the means pmkt / scikit-learn = {r:.4f} ({abs(r - 1) * 100:.2f} % apart, standard error of the "
      f"difference {sed * 100:.2f} %: 95 % interval {(r - 1 - 1.96 * sed) * 100:+.2f} % to {(r - 1 + 1.96 * sed) * 100:+.2f} %; target 2 %)")
from scipy import stats
a, b = np.array(pm_ppl), np.array(sk_ppl)
va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
dd, sd_d = a.mean() - b.mean(), np.sqrt(va + vb)
dof = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
tq = stats.t.ppf(0.975, dof)
pw = 2 * stats.t.sf(abs(dd) / sd_d, dof)
print(f"difference of the means pmkt - scikit-learn = {dd:+.3f} ({dd / b.mean() * 100:+.2f} % of scikit-learn's mean), "
      f"standard error {sd_d:.3f} ({sd_d / b.mean() * 100:.2f} %); Welch two-sample 95 % interval "
      f"{(dd - tq * sd_d) / b.mean() * 100:+.2f} % to {(dd + tq * sd_d) / b.mean() * 100:+.2f} % "
      f"(df {dof:.1f}, t {tq:.3f}; Welch test p = {pw:.3f}); {len(a)} and {len(b)} seeds")
import os
if os.environ.get('BENCH_TOPICS_OUT'):
    with open(os.environ['BENCH_TOPICS_OUT'], 'w') as f:
        for s, (x, y) in enumerate(zip(pm_ppl, sk_ppl), 1):
            f.write(f"{s}\t{x!r}\t{y!r}\n")
print(f"seed-to-seed spread: pmkt sd {np.std(pm_ppl, ddof=1) / np.mean(pm_ppl) * 100:.2f} % of the mean, "
      f"scikit-learn {np.std(sk_ppl, ddof=1) / np.mean(sk_ppl) * 100:.2f} %")
print(f"time: scikit-learn / pmkt = {best / pm:.2f}x (net of the to_tsvector floor: {best / (pm - floor):.2f}x)"
      + (f"; gensim / pmkt = {gbest / pm:.2f}x" if gbest else ''))
PY
if [ "${BENCH_TOPICS_SPREAD:-1}" = 0 ]; then
  rm -rf "$tmp"; bpsql -c "DROP SCHEMA IF EXISTS bench_topics CASCADE" >/dev/null; exit 0
fi
Qs=$(echo "$Q" | sed "s/'/''/g")
H="SELECT feedback_id, $TXT FROM bench_topics.feedback"
bpsql <<SQL
CREATE TEMP TABLE r AS
SELECT it, tol, s, (pmkt.topics_model_info(pmkt.topics_train('$Qs', $K, seed => s, max_iter => it, min_df => 5,
         max_df => 0.5, mean_change_tol => tol))->>'perplexity')::float8 AS ppl
FROM (VALUES (10, 1e-3), (50, 1e-3), (200, 1e-3), (200, 1e-6)) v(it, tol), generate_series(1, $SEEDS) s;
\echo pmkt training perplexity over seeds by passes (sd_pct: standard deviation / mean)
SELECT it AS passes, tol AS mean_change_tol, count(*) AS seeds, round(avg(ppl)::numeric, 3) AS mean,
       round(stddev(ppl)::numeric, 3) AS sd, round((stddev(ppl) / sqrt(count(*)))::numeric, 3) AS se,
       round(min(ppl)::numeric, 2) AS min, round(max(ppl)::numeric, 2) AS max,
       round((100 * stddev(ppl) / avg(ppl))::numeric, 2) AS sd_pct
FROM r GROUP BY 1, 2 ORDER BY 1, 2;
SELECT round(corr(a.ppl, b.ppl)::numeric, 4) AS corr_10_vs_200_passes,
       round(max(abs(a.ppl / b.ppl - 1))::numeric, 4) AS max_rel_change_10_to_200
FROM r a JOIN r b USING (s) WHERE a.it = 10 AND b.it = 200 AND b.tol = 1e-6;
CREATE TEMP TABLE h AS
SELECT s, (pmkt.topics_model_info(m)->>'perplexity')::float8 AS train_ppl,
       pmkt.topics_perplexity(m, '$(echo "$H WHERE feedback_id % 5 = 0 ORDER BY feedback_id" | sed "s/'/''/g")') AS heldout_ppl
FROM (SELECT s, pmkt.topics_train('$(echo "$H WHERE feedback_id % 5 <> 0 ORDER BY feedback_id" | sed "s/'/''/g")', $K,
        seed => s, max_iter => $ITER, min_df => 5, max_df => 0.5) m FROM generate_series(1, $SEEDS) s) x;
\echo trained on 4/5 of the texts: training and held-out perplexity over seeds
SELECT count(*) AS seeds, round(avg(train_ppl)::numeric, 3) AS train_mean,
       round((100 * stddev(train_ppl) / avg(train_ppl))::numeric, 2) AS train_sd_pct,
       round(avg(heldout_ppl)::numeric, 3) AS heldout_mean,
       round((100 * stddev(heldout_ppl) / avg(heldout_ppl))::numeric, 2) AS heldout_sd_pct,
       round(corr(train_ppl, heldout_ppl)::numeric, 3) AS corr
FROM h;
SQL
rm -rf "$tmp"
bpsql -c "DROP SCHEMA IF EXISTS bench_topics CASCADE" >/dev/null
