#!/usr/bin/env bash
# bench/lifetime/cdnow.sh SUMMARY_CSV [TRANSACTIONS_TXT]: pmkt's BG/NBD,
# Pareto/NBD and Gamma-Gamma fits on the CDNOW sample (the 2 357 customers, a
# tenth of the cohort of CDNOW's first-quarter-1997 customers, the data set of
# the papers) beside the figures the papers publish and the scipy references of
# test/lifetime (btyd_ref.py, pnbd_ref.py) on the same rows.
#
# The data is not part of this repository. SUMMARY_CSV: a CSV with a header and
# the columns id, frequency, recency, T (weeks; 39-week calibration period), as
# the lifetimes repository's lifetimes/datasets/cdnow_customers_summary.csv.
# TRANSACTIONS_TXT: the sample's transactions, whitespace-separated master id,
# customer id, date (YYYYMMDD), number of CDs, amount, as its CDNOW_sample.txt;
# pmkt.clv_summary turns the calibration period (to 1997-09-30) into each
# customer's frequency and mean repeat spend for the Gamma-Gamma fit (left out
# without the file), and its frequency, recency and T are checked against
# SUMMARY_CSV.
#
# Published figures, typed in from the papers (see bench/lifetime/cdnow.md for
# which of them were checked against a second source):
#   BG/NBD      Fader, Hardie and Lee (2005), "Counting your customers the easy
#               way", Marketing Science 24(2), section 7
#   Pareto/NBD  the same paper, section 7 (and Fader, Hardie and Lee's 2005 note
#               "A note on implementing the Pareto/NBD model in MATLAB")
#   Gamma-Gamma Fader and Hardie, "The Gamma-Gamma model of monetary value"
#               (note, 2013), CDNOW sample, 946 repeat customers
# MBG/NBD is left out: its paper (Batislam et al. 2007) publishes no CDNOW fit.
source "${BENCH_LIB:-$(dirname "$0")/../lib.sh}"
SUMMARY=${1:?usage: cdnow.sh SUMMARY_CSV [TRANSACTIONS_TXT]}
TRANS=${2:-}
bench_setup
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
tail -n +2 "$SUMMARY" > "$tmp/summary.csv"
bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.cdnow_summary, bench.cdnow_orders;
CREATE TABLE bench.cdnow_summary (id int, frequency int, recency float8, t float8);
\\copy bench.cdnow_summary FROM '$tmp/summary.csv' CSV
SQL
bpsql -c "SELECT count(*) AS customers, count(*) FILTER (WHERE frequency > 0) AS repeat_customers,
  sum(frequency) AS repeat_transactions, max(t) AS max_t_weeks FROM bench.cdnow_summary"
if [ -n "$TRANS" ]; then
  awk 'NF == 5 { printf "%d,%s-%s-%s,%s\n", $2, substr($3, 1, 4), substr($3, 5, 2), substr($3, 7, 2), $5 }' "$TRANS" > "$tmp/orders.csv"
  bpsql <<SQL
CREATE TABLE bench.cdnow_orders (customer_id int, ordered_at date, amount float8);
\\copy bench.cdnow_orders FROM '$tmp/orders.csv' CSV
-- the calibration period: weeks 1-39, to 1997-09-30
CREATE TABLE bench.cdnow_cal AS SELECT * FROM bench.cdnow_orders WHERE ordered_at <= '1997-09-30';
DROP TABLE IF EXISTS bench.cdnow_spend;
CREATE TABLE bench.cdnow_spend AS
SELECT * FROM pmkt.clv_summary('bench.cdnow_cal', unit => 'day', observation_end => '1997-09-30');
DROP TABLE bench.cdnow_cal;
SQL
  echo "pmkt.clv_summary of the transactions (days, observation end 1997-09-30) against SUMMARY_CSV (weeks = days / 7, 2 decimals):"
  bpsql -c "SELECT count(*) AS customers, count(s.id) AS in_summary,
    count(*) FILTER (WHERE c.frequency = s.frequency) AS same_frequency,
    count(*) FILTER (WHERE round((c.recency / 7)::numeric, 2) = round(s.recency::numeric, 2)) AS same_recency,
    count(*) FILTER (WHERE round((c.t / 7)::numeric, 2) = round(s.t::numeric, 2)) AS same_t,
    count(*) FILTER (WHERE c.frequency > 0) AS repeat_customers
    FROM bench.cdnow_spend c LEFT JOIN bench.cdnow_summary s ON s.id = c.customer_id"
fi

# pmkt's fits: params, log-likelihood, iterations, converged
Q="SELECT frequency, recency, t FROM bench.cdnow_summary"
fit() {  # fit SQL: params and the rest as one line
  bpsql -At -F' ' -c "SELECT array_to_string(params, ' '), log_likelihood, iterations, converged,
    array_to_string(std_errors, ' ') FROM ($1) m" | tr '\n' ' '
}
bg=$(fit "SELECT (pmkt.clv_fit('$Q', 'bgnbd', 'week')).*")
pn=$(fit "SELECT (pmkt.clv_fit('$Q', 'pareto_nbd', 'week')).*")
gg=""
if [ -n "$TRANS" ]; then
  gg=$(fit "SELECT (pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM bench.cdnow_spend')).*")
  bpsql -At -F, -c "SELECT frequency, monetary_value FROM bench.cdnow_spend WHERE frequency > 0" > "$tmp/spend.csv"
fi
bpsql -At -F, -c "$Q" > "$tmp/fit.csv"

# the scipy references on the same rows, then the table
cd "$BENCH_ROOT/test/lifetime"
/usr/bin/python3 - "$tmp/fit.csv" "$tmp/spend.csv" "$bg" "$pn" "$gg" <<'PY'
import os, sys, numpy as np
import btyd_ref, pnbd_ref
a = np.loadtxt(sys.argv[1], delimiter=',')
x, tx, T = a[:, 0], a[:, 1], a[:, 2]
sp = btyd_ref.fit(btyd_ref.ll_bgnbd, (x, tx, T), 4)
spp = pnbd_ref.fit(x, tx, T)
spg = None
if os.path.getsize(sys.argv[2]) if os.path.exists(sys.argv[2]) else 0:
    s = np.loadtxt(sys.argv[2], delimiter=',')
    spg = btyd_ref.fit(btyd_ref.ll_gg, (s[:, 0], s[:, 1]), 3)


def row(model, names, published, source, pm, sc, k, llf):
    v = pm.split()
    p, ll, it, conv = [float(t) for t in v[:k]], float(v[k]), v[k + 1], v[k + 2]
    print('%s (pmkt: %s iterations, converged %s; source: %s)' % (model, it, conv, source))
    print('  %-8s %12s %16s %16s %10s' % ('', 'published', 'pmkt', 'scipy', 'pmkt rounded'))
    for j, nm in enumerate(names):
        pub = published[j]
        dec = len(pub.split('.')[1]) if '.' in pub else 0
        print('  %-8s %12s %16.9g %16.9g %10s %s' % (nm, pub, p[j], sc[0][j], '%.*f' % (dec, p[j]),
              'same' if '%.*f' % (dec, p[j]) == pub else 'DIFFERS'))
    pub = published[k] if len(published) > k else ''
    if pub:
        dec = len(pub.split('.')[1])
        print('  %-8s %12s %16.9g %16.9g %10s %s' % ('LL', pub, ll, sc[1], '%.*f' % (dec, ll),
              'same' if '%.*f' % (dec, ll) == pub else 'DIFFERS'))
    else:
        print('  %-8s %12s %16.9g %16.9g' % ('LL', '(none)', ll, sc[1]))
    print('  largest relative difference pmkt / scipy: params %.1e, LL %.1e' % (
        max(abs(p[j] / sc[0][j] - 1) for j in range(k)), abs(ll / sc[1] - 1)))
    print('  LL at the published (rounded) params, scipy: %.5f' % llf(np.array([float(t) for t in published[:k]])))


row('BG/NBD', ['r', 'alpha', 'a', 'b'], ['0.243', '4.414', '0.793', '2.426', '-9582.4'],
    'Fader, Hardie and Lee 2005, section 7', sys.argv[3], sp, 4,
    lambda q: float(np.sum(btyd_ref.ll_bgnbd(q, x, tx, T)).real))
row('Pareto/NBD', ['r', 'alpha', 's', 'beta'], ['0.553', '10.578', '0.606', '11.669', '-9595.0'],
    'Fader, Hardie and Lee 2005, section 7 / the MATLAB note', sys.argv[4], spp, 4,
    lambda q: float(np.sum(pnbd_ref.ll_pnbd(q, x, tx, T))))
if spg is not None:
    row('Gamma-Gamma', ['p', 'q', 'gamma'], ['6.25', '3.74', '15.44'],
        'Fader and Hardie, the Gamma-Gamma note (no LL published there)', sys.argv[5], spg, 3,
        lambda q: float(np.sum(btyd_ref.ll_gg(q, s[:, 0], s[:, 1])).real))
PY
