# bench/text/textclf_rounds.py PORT DB ROUNDS: the rounds of
# bench/text/textclf.sh (run as the postgres user, same machine).  Each round
# runs every query once, in the same order.
#   serial    max_parallel_workers_per_gather = 0: CPU time of a query = the
#             backend's /proc/<pid>/schedstat run time around it
#   parallel  the server's defaults (max_parallel_workers_per_gather as
#             configured, 2 here): the planner decides; CPU time = the
#             leader's run time plus the parallel workers' (they are reaped
#             by the postmaster before the query returns: its children's
#             CPU time, /proc/<postmaster>/stat cutime + cstime, in clock
#             ticks); wall time is what a user waits
#   peer      scikit-learn, single-threaded as a user runs it: its own CPU
#             time plus the backend's during the COPY export; wall time
# One warm-up query per connection first.  Ratios: medians of the per-round
# ratios.
import io, os, statistics, sys, time
import psycopg2
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB

port, db, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
host = os.environ.get('PGHOST', '/var/run/postgresql')
TICK = os.sysconf('SC_CLK_TCK')


def connect(serial):
    c = psycopg2.connect(host=host, port=port, dbname=db)
    c.autocommit = True
    cur = c.cursor()
    if serial:
        cur.execute("SET max_parallel_workers_per_gather = 0")
    cur.execute("SELECT pg_backend_pid(), current_setting('max_parallel_workers_per_gather')")
    pid, w = cur.fetchone()
    return cur, pid, w


def cpu(pid):
    with open('/proc/%d/schedstat' % pid) as f:
        return int(f.read().split()[0]) / 1e6


def ppid(pid):
    with open('/proc/%d/stat' % pid) as f:
        return int(f.read().rsplit(')', 1)[1].split()[1])


def reaped(pm):
    with open('/proc/%d/stat' % pm) as f:
        v = f.read().rsplit(')', 1)[1].split()
    return (int(v[13]) + int(v[14])) * 1000.0 / TICK   # cutime + cstime


cur, pid, _ = connect(True)
pcur, ppid_, workers = connect(False)
postmaster = ppid(ppid_)
M = "(SELECT m FROM bench.tc_model WHERE config = '%s')"
TRAIN = "SELECT pmkt.text_classifier_info(pmkt.text_classifier_train('SELECT body, label FROM bench.tc_texts', config => '%s')) ->> 'terms'"
SCORE = "SELECT count(*) FILTER (WHERE pmkt.text_classify_label(%s, body) = label) FROM bench.tc_texts"
Q = [('floor: sum(length(body))', False, "SELECT sum(length(body)) FROM bench.tc_texts")]
for c in ('english', 'simple'):
    Q += [(f'floor: to_tsvector({c})', False, f"SELECT count(to_tsvector('{c}', body)) FROM bench.tc_texts"),
          (f'pmkt train ({c})', False, TRAIN % c),
          (f'pmkt score ({c})', False, SCORE % (M % c)),
          (f'pmkt train ({c}), parallel allowed', True, TRAIN % c),
          (f'pmkt score ({c}), parallel allowed', True, SCORE % (M % c))]


def plan_is_parallel(sql):
    pcur.execute("EXPLAIN " + sql)
    return any('Parallel' in r[0] or 'Gather' in r[0] for r in pcur.fetchall())


plans = {
    'training pass (the aggregate over the query)': plan_is_parallel(
        "SELECT pmkt.text_nb_counts(q.doc::text, q.label::text, 'english', 1) "
        "FROM (SELECT body, label FROM bench.tc_texts) AS q(doc, label)"),
    'scoring query': plan_is_parallel(SCORE % (M % 'english')),
}
SK_T, SK_S, SK_C = ('sklearn train (COPY + CountVectorizer + NB)', 'sklearn score (COPY + transform + predict)',
                    '  of which the COPY export')
res = {q[0]: [] for q in Q}
for k in (SK_T, SK_S, SK_C):
    res[k] = []


def export():
    buf = io.StringIO()
    s0, p0, w0 = cpu(pid), time.process_time(), time.perf_counter()
    cur.copy_expert("COPY (SELECT body, label FROM bench.tc_texts) TO STDOUT", buf)
    rows = [l.split('\t') for l in buf.getvalue().splitlines()]
    return ([r[0] for r in rows], [r[1] for r in rows],
            (cpu(pid) - s0) + (time.process_time() - p0) * 1000, (time.perf_counter() - w0) * 1000)


for c_ in (cur, pcur):
    c_.execute("SELECT count(*) FROM bench.tc_texts")
    c_.fetchall()
acc = None
for r in range(rounds):
    for name, par, sql in Q:
        c_, p_ = (pcur, ppid_) if par else (cur, pid)
        t0, k0, w0 = cpu(p_), reaped(postmaster), time.perf_counter()
        c_.execute(sql)
        c_.fetchall()
        w = (time.perf_counter() - w0) * 1000
        t = cpu(p_) - t0 + ((reaped(postmaster) - k0) if par else 0)
        res[name].append((t, w))
    X, y, ec, ew = export()
    p0, w0 = time.process_time(), time.perf_counter()
    cv = CountVectorizer()
    nb = MultinomialNB().fit(cv.fit_transform(X), y)
    res[SK_T].append((ec + (time.process_time() - p0) * 1000, ew + (time.perf_counter() - w0) * 1000))
    res[SK_C].append((ec, ew))
    X, y, ec, ew = export()
    p0, w0 = time.process_time(), time.perf_counter()
    pred = nb.predict(cv.transform(X))
    res[SK_S].append((ec + (time.process_time() - p0) * 1000, ew + (time.perf_counter() - w0) * 1000))
    acc = sum(a == b for a, b in zip(pred, y)) / len(y)
med = lambda v, i: statistics.median(x[i] for x in v)
print(f"{'query':46s} {'CPU ms':>10s} {'wall ms':>10s}   (medians of {rounds} rounds; "
      f"parallel: CPU of the leader and its workers)")
for k, v in res.items():
    print(f"{k:46s} {med(v, 0):10.1f} {med(v, 1):10.1f}")
print(f"max_parallel_workers_per_gather (parallel runs): {workers}; the planner chose a parallel plan for: "
      + ', '.join(f"{k}: {'yes' if v else 'NO'}" for k, v in plans.items()))
print(f"sklearn training-set accuracy {acc:.4f}")
sk = {'train': SK_T, 'score': SK_S}
print("sklearn / pmkt (median of the rounds' ratios):")
for c in ('english', 'simple'):
    for t in ('train', 'score'):
        a, b, p = res[sk[t]], res[f'pmkt {t} ({c})'], res[f'pmkt {t} ({c}), parallel allowed']
        rc = [x[0] / y[0] for x, y in zip(a, b)]
        rw = [x[1] / y[1] for x, y in zip(a, b)]
        pw = [x[1] / y[1] for x, y in zip(a, p)]
        pc = [x[0] / y[0] for x, y in zip(a, p)]
        fl = [y[0] / x[0] for x, y in zip(res[f'floor: to_tsvector({c})'], b)]
        print(f"  {c:8s} {t}: CPU {statistics.median(rc):.2f}x (rounds {min(rc):.2f}-{max(rc):.2f}), "
              f"wall serial {statistics.median(rw):.2f}x | parallel allowed: wall {statistics.median(pw):.2f}x "
              f"(rounds {min(pw):.2f}-{max(pw):.2f}), CPU {statistics.median(pc):.2f}x | "
              f"pmkt / to_tsvector floor {statistics.median(fl):.2f} CPU")
