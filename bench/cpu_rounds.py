# bench/cpu_rounds.py: serial backend CPU time of several queries, run in
# interleaved rounds (a load from elsewhere hits all of them alike).
#
#   /usr/bin/python3 bench/cpu_rounds.py ROUNDS name=SQL [name=SETUP;;SQL] ...
#
# One connection per query, max_parallel_workers_per_gather = 0, one
# warm-up round; CPU time is the backend's /proc/<pid>/schedstat run time
# around each query (run as the postgres user, same machine).  Prints per
# query the median CPU ms and the median of the per-round ratios to the
# first query (the floor).
import os, statistics, sys
import psycopg2

rounds = int(sys.argv[1])
port = int(os.environ.get("BENCH_PORT", "5499"))
db = os.environ.get("BENCH_DB", "pmkt_bench")
qs = []
for arg in sys.argv[2:]:
    name, sql = arg.split("=", 1)
    setup = None
    if ";;" in sql:
        setup, sql = sql.split(";;", 1)
    conn = psycopg2.connect(port=port, dbname=db)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SET max_parallel_workers_per_gather = 0")
    if setup:
        cur.execute(setup)
    cur.execute("SELECT pg_backend_pid()")
    qs.append((name, sql, cur, cur.fetchone()[0]))


def cpu_ms(pid):
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0]) / 1e6


times = {name: [] for name, *_ in qs}
for r in range(rounds + 1):
    for name, sql, cur, pid in qs:
        t0 = cpu_ms(pid)
        cur.execute(sql)
        cur.fetchall()
        if r > 0:
            times[name].append(cpu_ms(pid) - t0)
floor = qs[0][0]
# CPU_ROUNDS_ALSO=NAME: the median per-round ratio to that query too (a
# second floor)
also = os.environ.get("CPU_ROUNDS_ALSO")
for name, *_ in qs:
    ratios = [a / b for a, b in zip(times[name], times[floor])]
    extra = ""
    if also and also in times:
        r2 = [a / b for a, b in zip(times[name], times[also])]
        extra = "   / %s: %.3f" % (also, statistics.median(r2))
    print("%-44s CPU %8.1f ms   / %s: %.3f (rounds %.2f-%.2f)%s"
          % (name, statistics.median(times[name]), floor, statistics.median(ratios),
             min(ratios), max(ratios), extra))
# CPU_ROUNDS_AB=PREFIX: for each query NAME with a query PREFIX + NAME (the
# same query on another build), the median of the per-round ratios
# NAME / PREFIX + NAME (the two run next to each other in every round when
# listed so)
ab = os.environ.get("CPU_ROUNDS_AB")
if ab:
    for name, *_ in qs:
        if ab + name in times:
            r = [a / b for a, b in zip(times[name], times[ab + name])]
            print("%-44s / %s: %.3f (rounds %.2f-%.2f)"
                  % (name, ab + name, statistics.median(r), min(r), max(r)))
