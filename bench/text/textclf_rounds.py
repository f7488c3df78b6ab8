# bench/text/textclf_rounds.py PORT DB ROUNDS: the rounds of
# bench/text/textclf.sh (run as the postgres user, same machine).  Each round
# runs every query once, in the same order; CPU time of a query = the
# backend's /proc/<pid>/schedstat run time around it; the peer's = its own
# process CPU time plus the backend's during the COPY export.  One warm-up
# query per connection first.
import io, os, statistics, sys, time
import psycopg2
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB

port, db, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])


def connect(workers):
    c = psycopg2.connect(host='/var/run/postgresql', port=port, dbname=db)
    c.autocommit = True
    cur = c.cursor()
    cur.execute("SET max_parallel_workers_per_gather = %d" % workers)
    cur.execute("SELECT pg_backend_pid()")
    return cur, cur.fetchone()[0]


def cpu(pid):
    with open('/proc/%d/schedstat' % pid) as f:
        return int(f.read().split()[0]) / 1e6


cur, pid = connect(0)
pcur, ppid = connect(2)
M = "(SELECT m FROM bench.tc_model WHERE config = '%s')"
Q = [('floor: sum(length(body))', cur, pid, "SELECT sum(length(body)) FROM bench.tc_texts")]
for c in ('english', 'simple'):
    Q += [(f'floor: to_tsvector({c})', cur, pid, f"SELECT count(to_tsvector('{c}', body)) FROM bench.tc_texts"),
          (f'pmkt train ({c})', cur, pid,
           f"SELECT pmkt.text_classifier_info(pmkt.text_classifier_train('SELECT body, label FROM bench.tc_texts', config => '{c}')) ->> 'terms'"),
          (f'pmkt score ({c})', cur, pid,
           f"SELECT count(*) FILTER (WHERE pmkt.text_classify_label({M % c}, body) = label) FROM bench.tc_texts"),
          (f'pmkt score ({c}), parallel plan', pcur, ppid,
           f"SELECT count(*) FILTER (WHERE pmkt.text_classify_label({M % c}, body) = label) FROM bench.tc_texts")]
plan = pcur
plan.execute("EXPLAIN " + Q[-1][3])
par_plan = any('Parallel' in r[0] for r in plan.fetchall())
res = {q[0]: [] for q in Q}
for k in ('sklearn train (COPY + CountVectorizer + NB)', 'sklearn score (COPY + transform + predict)', '  of which the COPY export'):
    res[k] = []


def export():
    buf = io.StringIO()
    s0, p0, w0 = cpu(pid), time.process_time(), time.perf_counter()
    cur.copy_expert("COPY (SELECT body, label FROM bench.tc_texts) TO STDOUT", buf)
    rows = [l.split('\t') for l in buf.getvalue().splitlines()]
    return ([r[0] for r in rows], [r[1] for r in rows],
            (cpu(pid) - s0) + (time.process_time() - p0) * 1000, (time.perf_counter() - w0) * 1000)


for c_, p_ in ((cur, pid), (pcur, ppid)):
    c_.execute("SELECT count(*) FROM bench.tc_texts")
    c_.fetchall()
acc = None
for r in range(rounds):
    for name, c_, p_, sql in Q:
        t0, w0 = cpu(p_), time.perf_counter()
        c_.execute(sql)
        c_.fetchall()
        res[name].append((cpu(p_) - t0, (time.perf_counter() - w0) * 1000))
    X, y, ec, ew = export()
    p0, w0 = time.process_time(), time.perf_counter()
    cv = CountVectorizer()
    nb = MultinomialNB().fit(cv.fit_transform(X), y)
    res['sklearn train (COPY + CountVectorizer + NB)'].append((ec + (time.process_time() - p0) * 1000, ew + (time.perf_counter() - w0) * 1000))
    res['  of which the COPY export'].append((ec, ew))
    X, y, ec, ew = export()
    p0, w0 = time.process_time(), time.perf_counter()
    pred = nb.predict(cv.transform(X))
    res['sklearn score (COPY + transform + predict)'].append((ec + (time.process_time() - p0) * 1000, ew + (time.perf_counter() - w0) * 1000))
    acc = sum(a == b for a, b in zip(pred, y)) / len(y)
med = lambda v, i: statistics.median(x[i] for x in v)
print(f"{'query':46s} {'CPU ms':>10s} {'wall ms':>10s}   (medians of {rounds} rounds)")
for k, v in res.items():
    cpu_s = '%10.1f' % med(v, 0) if 'parallel' not in k else '%10s' % '-'
    print(f"{k:46s} {cpu_s} {med(v, 1):10.1f}")
print(f"parallel plan used for the parallel scoring query: {par_plan}; sklearn training-set accuracy {acc:.4f}")
sk = {'train': 'sklearn train (COPY + CountVectorizer + NB)', 'score': 'sklearn score (COPY + transform + predict)'}
for c in ('english', 'simple'):
    for t in ('train', 'score'):
        a, b = res[sk[t]], res[f'pmkt {t} ({c})']
        rc = [x[0] / y[0] for x, y in zip(a, b)]
        rw = [x[1] / y[1] for x, y in zip(a, b)]
        line = (f"{c:8s} {t}: sklearn / pmkt = {statistics.median(rc):.2f}x CPU (rounds {min(rc):.2f}-{max(rc):.2f}), "
                f"{statistics.median(rw):.2f}x wall")
        if t == 'score':
            pw = [x[1] / y[1] for x, y in zip(a, res[f'pmkt score ({c}), parallel plan'])]
            line += f"; parallel plan {statistics.median(pw):.2f}x wall"
        fl = [y[0] / x[0] for x, y in zip(res[f'floor: to_tsvector({c})'], b)]
        line += f"; pmkt / to_tsvector floor {statistics.median(fl):.2f} CPU"
        print(line)
