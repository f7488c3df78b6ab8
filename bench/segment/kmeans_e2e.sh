#!/usr/bin/env bash
# bench/segment/kmeans_e2e.sh: kmeans_train end to end against COPY BINARY +
# numpy + scikit-learn KMeans (issue 19 point 5), 1 M x 3 and 4 M x 8 in ONE
# run, k = 5, k-means++, 20 iterations (tol 0), ROUNDS rounds alternating
# pmkt and sklearn per size (a load from elsewhere hits both alike).
#   wall: each side's elapsed time;
#   CPU: pmkt = the backend's utime + stime (/proc/PID/stat, all its
#        threads) plus that of its parallel workers (the postmaster's
#        cutime + cstime over the call: the workers have been reaped when the
#        call returns; so use a cluster where nothing else connects or
#        exits meanwhile, e.g. autovacuum off); the session runs with
#        max_parallel_workers_per_gather = PMKT_THREADS - 1, i.e.
#        PMKT_THREADS threads for the canonical order, k-means++ and Lloyd,
#        and PMKT_THREADS - 1 workers for the parallel load (pmkt.parallel_load
#        = on, PMKT_PARALLEL_LOAD=0 turns it off); PMKT_PARALLEL=1 keeps the
#        server's settings instead;
#        sklearn = the Python process's CPU (numpy/OpenBLAS threads
#        included) plus the CPU of the backend that served its COPY.
# Also per pmkt call: the loader's own figures (DEBUG2: time to load, the
# canonical order's CPU phases) and the trainer's (seeding, Lloyd: CPU of
# all threads).  Run with nice; prints the load average.
# Tables: bench.km3 (id, f1..f3, 1 M rows) and bench.wide (BENCH_ROWS rows,
# f1..f8; ensure_wide in bench/lib.sh); BENCH_ROWS=4000000 for 4 M x 8.
# Environment: as bench/lib.sh: BENCH_PORT (5499, the pmktbench cluster),
# BENCH_DB (pmkt_bench), BENCH_ROWS (4000000 for 4 M x 8: bench.wide is
# built once with BENCH_ROWS rows), BENCH_SKIP_SETUP=1 (use the running
# server on BENCH_PORT with pmkt installed, no build or install); ROUNDS
# (3), PMKT_THREADS (2: sklearn's OpenMP uses every core too),
# PMKT_PARALLEL_LOAD (1), PMKT_PARALLEL (0), WARMUP (1: untimed rounds
# first), SERIAL_TOO (1: each round also runs pmkt with pmkt.parallel_load
# off, after sklearn, reported beside), LIB_FIRST (1: pmkt's library is
# loaded in the session before the timing starts, by a call of pmkt.cac, as
# Python imports numpy and scikit-learn before its timing starts; 0 counts
# the library's load in a new backend, 35-40 ms, whose per-connection cost
# bench/ops/connect.sh measures on its own).
# A/B of two builds in the same rounds: PMKT_SO=/path/new.so points pmkt's C
# functions at that file before each of its calls (UPDATE pg_proc.probin,
# outside the timing; a new connection loads it), and PMKT_SO_BASE=/path/old.so
# runs each round a third pmkt call with that build (after sklearn), reported
# beside with the ratios old / new; the probin is restored at the end.  E.g.
#   BENCH_ROWS=4000000 bash bench/segment/kmeans_e2e.sh
#   BENCH_SKIP_SETUP=1 BENCH_PORT=5513 BENCH_ROWS=4000000 ROUNDS=5 bash bench/segment/kmeans_e2e.sh
#   BENCH_SKIP_SETUP=1 BENCH_PORT=5513 BENCH_ROWS=4000000 ROUNDS=5 SERIAL_TOO=0 \
#     PMKT_SO=/var/tmp/x/new.so PMKT_SO_BASE=/var/tmp/x/main.so bash bench/segment/kmeans_e2e.sh
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
ensure_wide
if [ "$(bpsql -tAc "SELECT to_regclass('bench.km3') IS NULL")" = t ]; then
  bpsql -c "CREATE TABLE bench.km3 AS SELECT id, f1, f2, f3 FROM bench.wide WHERE id <= 1000000" \
        -c "VACUUM ANALYZE bench.km3"
fi
echo "== kmeans_train vs COPY BINARY + numpy + sklearn KMeans; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pmkt: $([ "${PMKT_PARALLEL:-0}" = 1 ] && echo "the server's parallel settings" || echo "${PMKT_THREADS:-2} threads, pmkt.parallel_load $([ "${PMKT_PARALLEL_LOAD:-1}" = 1 ] && echo on || echo off)")"
echo "pmkt library: $([ "${LIB_FIRST:-1}" = 1 ] && echo "loaded before the timing (LIB_FIRST=1)" || echo "loaded inside the timing (LIB_FIRST=0)")"
[ -z "${PMKT_SO_BASE:-}" ] || echo "A/B: pmkt = ${PMKT_SO:-the installed build}, base = $PMKT_SO_BASE"
runuser -u postgres -- nice /usr/bin/python3 - "$BENCH_PORT" "$BENCH_DB" "${ROUNDS:-3}" "${PMKT_PARALLEL:-0}" "${PMKT_THREADS:-2}" "${PMKT_PARALLEL_LOAD:-1}" "${WARMUP:-1}" "${SERIAL_TOO:-1}" "${PMKT_SO:-}" "${PMKT_SO_BASE:-}" "${LIB_FIRST:-1}" <<'PY'
import io, os, re, statistics, sys, time
import numpy as np, psycopg2
from sklearn.cluster import KMeans
port, db, rounds, par, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5])
pload = sys.argv[6] == "1"
warmup = int(sys.argv[7])
serial_too = sys.argv[8] == "1" and pload and not par
so_new, so_base = sys.argv[9], sys.argv[10]
lib_first = sys.argv[11] == "1"

def use_so(so):   # point pmkt's C functions at so (a new connection loads it)
    if not so:
        return
    con = psycopg2.connect(port=port, dbname=db); con.autocommit = True
    con.cursor().execute("UPDATE pg_proc SET probin = %s WHERE probin LIKE '%%pmkt%%' AND prolang = 13", (so,))
    con.close()

so_orig = None
if so_new or so_base:   # restored at the end
    con = psycopg2.connect(port=port, dbname=db)
    cur = con.cursor(); cur.execute("SELECT min(probin) FROM pg_proc WHERE probin LIKE '%pmkt%' AND prolang = 13")
    so_orig = cur.fetchone()[0]; con.close()
    so_new = so_new or so_orig   # PMKT_SO_BASE alone: the installed build against it
tck = os.sysconf("SC_CLK_TCK")

def proc_cpu(pid):   # utime + stime of a process, all its threads (s)
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tck

def children_cpu(pid):   # cutime + cstime: the reaped children's CPU (s)
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[13]) + int(f[14])) / tck

def parent(pid):
    return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])

def pmkt_run(tbl, cols, pload=pload, so=None):
    use_so(so if so is not None else so_new)
    con = psycopg2.connect(port=port, dbname=db); con.autocommit = True
    cur = con.cursor()
    if not par:
        cur.execute(f"SET max_parallel_workers_per_gather = {threads - 1}")
        cur.execute(f"SET pmkt.parallel_load = {'on' if pload else 'off'}")
    if lib_first:   # the library loaded outside the timing (see LIB_FIRST)
        cur.execute("SELECT pmkt.cac(100, 5)")
    cur.execute("SET client_min_messages = debug2")
    cur.execute("SELECT pg_backend_pid()"); pid = cur.fetchone()[0]
    pm = parent(pid)
    q = f"SELECT ARRAY[{', '.join(cols)}] FROM {tbl}"
    del con.notices[:]
    time.sleep(0.3)   # the previous connections' backends reaped first
    w0 = children_cpu(pm); c0 = proc_cpu(pid); t0 = time.perf_counter()
    cur.execute("SELECT iterations, inertia FROM pmkt.kmeans_train(%s, 5, max_iter => 20, tol => 0)", (q,))
    it, inertia = cur.fetchone()
    t1 = time.perf_counter(); c1 = proc_cpu(pid); w1 = children_cpu(pm)
    note = " ".join(con.notices)
    shared = re.search(r"parallel load, ([0-9]+) rows in shared blocks, ([0-9]+) of them from ([0-9]+) workers", note)
    load = re.search(r"loaded in ([0-9.]+) ms", note)
    canon = re.search(r"keys and radix sort ([0-9.]+) ms, ties ([0-9.]+) ms, gather ([0-9.]+) ms", note)
    lcpu = re.search(r"loaded in [0-9.]+ ms, ([0-9.]+) ms of this process", note)
    km = re.search(r"seeding [0-9.]+ ms \(CPU ([0-9.]+) ms\), Lloyd .*? [0-9.]+ ms \(CPU ([0-9.]+) ms\)", note)
    con.close()
    nan = float("nan")
    return dict(wall=t1 - t0, cpu=(c1 - c0) + (w1 - w0), wcpu=w1 - w0, it=it, inertia=inertia,
                wshare=int(shared.group(2)) / int(shared.group(1)) if shared else 0.0,
                load=float(load.group(1)) / 1000 if load else nan,
                lcpu=float(lcpu.group(1)) / 1000 if lcpu else nan,
                canon=sum(float(x) for x in canon.groups()) / 1000 if canon else nan,
                seed=float(km.group(1)) / 1000 if km else nan,
                lloyd=float(km.group(2)) / 1000 if km else nan)

def sklearn_run(tbl, cols):
    p0 = os.times(); t0 = time.perf_counter()
    con = psycopg2.connect(port=port, dbname=db)
    cur = con.cursor(); cur.execute("SELECT pg_backend_pid()"); pid = cur.fetchone()[0]
    b0 = proc_cpu(pid)
    buf = io.BytesIO()
    cur.copy_expert(f"COPY (SELECT {', '.join(cols)} FROM {tbl}) TO STDOUT (FORMAT binary)", buf)
    b1 = proc_cpu(pid); con.close()
    raw = buf.getbuffer(); d = len(cols)
    dt = np.dtype([("n", ">i2")] + [(f"l{j}", ">i4") if h == 0 else (f"v{j}", ">f8")
                                      for j in range(d) for h in (0, 1)])
    n = (len(raw) - 19 - 2) // dt.itemsize
    rec = np.frombuffer(raw, dtype=dt, count=n, offset=19)
    X = np.empty((n, d))
    for j in range(d):
        X[:, j] = rec[f"v{j}"]
    km = KMeans(5, init="k-means++", n_init=1, max_iter=20, tol=0, algorithm="lloyd", random_state=42).fit(X)
    t1 = time.perf_counter(); p1 = os.times()
    return dict(wall=t1 - t0, cpu=(p1.user - p0.user) + (p1.system - p0.system) + (b1 - b0),
                it=km.n_iter_, inertia=km.inertia_)

med = statistics.median

def ratio_line(label, num, den):   # per-round num / den, wall and CPU: median and rounds
    wr = [n['wall'] / d['wall'] for n, d in zip(num, den)]
    cr = [n['cpu'] / d['cpu'] for n, d in zip(num, den)]
    print(f"{label}: wall {med(wr):.2f} (rounds {', '.join('%.2f' % x for x in wr)}), "
          f"CPU {med(cr):.2f} (rounds {', '.join('%.2f' % x for x in cr)})")
for label, tbl, cols in (("1 M x 3", "bench.km3", ["f1", "f2", "f3"]),
                         ("4 M x 8", "bench.wide", [f"f{j}" for j in range(1, 9)])):
    P, S, Q, A = [], [], [], []
    for r in range(warmup):   # untimed: caches, the first connection's costs
        pmkt_run(tbl, cols); sklearn_run(tbl, cols)
        if so_base:
            pmkt_run(tbl, cols, so=so_base)
    for r in range(rounds):
        P.append(pmkt_run(tbl, cols)); S.append(sklearn_run(tbl, cols))
        if so_base:
            A.append(pmkt_run(tbl, cols, so=so_base))
        if serial_too:
            Q.append(pmkt_run(tbl, cols, False))
    la = open("/proc/loadavg").read().split()[:3]
    print(f"-- {label} (k = 5, k-means++, 20 iterations), {rounds} rounds, load average at the end {' '.join(la)}")
    for name, R in (("pmkt.kmeans_train", P), ("COPY BINARY + numpy + sklearn", S)) + \
            ((("pmkt, base build", A),) if A else ()) + \
            ((("pmkt, pmkt.parallel_load off", Q),) if Q else ()):
        print(f"{name:32s} wall {med([x['wall'] for x in R])*1000:8.0f} ms  CPU {med([x['cpu'] for x in R])*1000:8.0f} ms"
              f"   (wall {', '.join('%.0f' % (x['wall']*1000) for x in R)}; CPU {', '.join('%.0f' % (x['cpu']*1000) for x in R)})")
    print(f"pmkt CPU: load {med([x['lcpu'] for x in P])*1000:.0f} ms in the backend + {med([x['wcpu'] for x in P])*1000:.0f} ms in parallel workers"
          f" ({med([x['wshare'] for x in P])*100:.0f} % of the rows; {med([x['load'] for x in P])*1000:.0f} ms wall), canonical order {med([x['canon'] for x in P])*1000:.0f} ms,"
          f" k-means++ {med([x['seed'] for x in P])*1000:.0f} ms, Lloyd and final assignment {med([x['lloyd'] for x in P])*1000:.0f} ms")
    print(f"pmkt:"
          f" iterations {P[0]['it']}, inertia {P[0]['inertia']:.6f}; sklearn iterations {S[0]['it']}, inertia {S[0]['inertia']:.6g}")
    ratio_line("sklearn / pmkt", S, P)
    if A:
        print(f"pmkt base build CPU: load {med([x['lcpu'] for x in A])*1000:.0f} ms in the backend + {med([x['wcpu'] for x in A])*1000:.0f} ms in parallel workers"
              f" ({med([x['load'] for x in A])*1000:.0f} ms wall), canonical order {med([x['canon'] for x in A])*1000:.0f} ms,"
              f" k-means++ {med([x['seed'] for x in A])*1000:.0f} ms, Lloyd and final assignment {med([x['lloyd'] for x in A])*1000:.0f} ms;"
              f" inertia {A[0]['inertia']:.6f}{'' if all(x['inertia'] == P[0]['inertia'] for x in A + P) else ' DIFFERENT'}")
        ratio_line("sklearn / pmkt base build", S, A)
        ratio_line("base / new", A, P)
    if Q:
        print(f"pmkt, parallel_load off: load {med([x['lcpu'] for x in Q])*1000:.0f} ms CPU ({med([x['load'] for x in Q])*1000:.0f} ms wall), canonical order {med([x['canon'] for x in Q])*1000:.0f} ms")
        ratio_line("sklearn / pmkt with parallel_load off", S, Q)
if so_orig:
    use_so(so_orig)
PY
