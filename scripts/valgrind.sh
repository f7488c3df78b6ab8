#!/usr/bin/env bash
# scripts/valgrind.sh [test-name ...]     e.g. scripts/valgrind.sh model/nnmodel segment/kmeans
#
# The regression suite (or the named tests) on the host's PostgreSQL 15 with
# the server under valgrind memcheck, and a report of the errors whose stack
# has a pmkt frame.  pmkt is built as usual (-O2 -g: Debian's flags), installed
# into a private DESTDIR and loaded through extension_destdir; the server is
# not a USE_VALGRIND build (not needed for pmkt frames: reads and writes
# outside malloc'd blocks, uses of uninitialised values and invalid frees are
# still seen; misuse inside one palloc block is not).
#
# Suppressions: PostgreSQL's src/tools/valgrind.supp (PostgreSQL Licence),
# not shipped with pmkt.  Give its path in PMKT_VALGRIND_SUPP; else the copy
# in /var/tmp/pmkt-valgrind-supp/ is used, fetched from the PostgreSQL
# repository (REL_15_STABLE) with curl on first use when missing.  Without it
# the run still works: only errors with a pmkt frame count.
#
# Test outputs differ under valgrind only by timing (statement timeouts,
# cancel tests); the exit status is about valgrind: non-zero when an error
# has a pmkt frame.  Logs and regression.diffs stay in the printed work folder.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
scripts/deps.sh valgrind curl || exit 1
bindir=$(pg_config --bindir)
supp=${PMKT_VALGRIND_SUPP:-/var/tmp/pmkt-valgrind-supp/valgrind.supp}
if [ ! -s "$supp" ]; then
  mkdir -p "$(dirname "$supp")"
  curl -fsSL -o "$supp" \
    https://raw.githubusercontent.com/postgres/postgres/REL_15_STABLE/src/tools/valgrind.supp \
    || { echo "valgrind: no suppressions file ($supp): running without" >&2; rm -f "$supp"; }
fi
suppopt=(); [ -s "$supp" ] && suppopt=(--suppressions="$supp")

work=$(mktemp -d /var/tmp/pmkt-valgrind.XXXXXX)
chmod 755 "$work"
# build and run pg_regress in a copy of this checkout: a long run must not
# share results/ or build products with other runs in the working tree
mkdir "$work/src"
tar -C "$top" --exclude=.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
    --exclude=results --exclude=regression.diffs --exclude=regression.out -cf - . | tar -C "$work/src" -xf -
cd "$work/src"
make -s -j2 COPT=-Werror all || exit 1
make -s install DESTDIR="$work/dest" >/dev/null || exit 1
chown -R postgres: "$work"
runuser -u postgres -- "$bindir/initdb" -D "$work/data" -U postgres -A trust >/dev/null || exit 1
port=$((55000 + RANDOM % 2000))
while ss -ltn | grep -q ":$port "; do port=$((port + 1)); done
t0=$(date +%s)
runuser -u postgres -- valgrind --quiet --trace-children=yes --track-origins=yes \
  --num-callers=40 --error-limit=no --leak-check=no --gen-suppressions=all "${suppopt[@]}" \
  --log-file="$work/valgrind.%p.log" \
  "$bindir/postgres" -D "$work/data" -p "$port" -k "$work" -c listen_addresses= \
    -c extension_destdir="$work/dest" -c dynamic_library_path="$work/dest$(pg_config --pkglibdir):\$libdir" \
    -c max_worker_processes=16 -c max_parallel_workers=8 -c fsync=off \
  >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 300); do
  "$bindir/pg_isready" -q -h "$work" -p "$port" && break; sleep 1
done
export PGHOST=$work PGPORT=$port PGUSER=postgres
regress=""; [ $# -gt 0 ] && regress="REGRESS=$*"
make -s installcheck ${regress:+"$regress"} >"$work/installcheck.out" 2>&1
suite=$?
runuser -u postgres -- "$bindir/pg_ctl" -D "$work/data" -m fast -w -t 600 stop >/dev/null 2>&1
wait $server 2>/dev/null
secs=$(( $(date +%s) - t0 ))

# one block per error: "==PID== <kind>" up to the next blank "==PID== " line
# a frame is pmkt's when it names pmkt.so or one of pmkt's source files
# ("by 0x...: pmkt_kmeans_update (kmeans_core.c:499)")
python3 - "$work" "$work/src/src" <<'PY'
import glob, os, re, sys
work = sys.argv[1]
names = {os.path.basename(f) for f in glob.glob(sys.argv[2] + '/**/*.[ch]', recursive=True)}
frame = re.compile(r'\((%s):\d+\)' % '|'.join(re.escape(n) for n in sorted(names)))
blocks, pmkt = [], []
for f in sorted(glob.glob(work + '/valgrind.*.log')):
    cur = []
    for line in open(f, errors='replace'):
        body = re.sub(r'^==\d+== ?', '', line.rstrip('\n'))
        if not line.startswith('==') or body == '':
            if cur:
                blocks.append(cur); cur = []
            continue
        cur.append(body)
    if cur:
        blocks.append(cur)
errors = [b for b in blocks if not b[0].startswith(('{', '}', '<insert', 'Memcheck:', 'fun:', 'obj:', '...'))
          and not b[0].startswith('   ')]
ours = lambda l: 'pmkt.so' in l or frame.search(l)
callers = 0
for b in errors:
    # the error's own stack, then (optionally) where the bad memory came from
    stack, origin, cur = [], [], None
    for l in b[1:]:
        if l.lstrip().startswith(('at ', 'by ')):
            if cur is None:
                cur = stack
            cur.append(l)
        elif stack:
            cur = origin
    # pmkt's: a pmkt frame in the failing stack, or pmkt allocated the memory
    # (a pmkt frame among the first frames above malloc / palloc); an error
    # with pmkt only far up the origin (pmkt ran SQL through SPI) is the server's
    if any(ours(l) for l in stack) or any(ours(l) for l in origin[:5]):
        pmkt.append(b)
    elif any(ours(l) for l in b):
        callers += 1
print('valgrind: %d error reports in %d server processes, %d in pmkt code (%d more with pmkt only as a distant caller)'
      % (len(errors), len(glob.glob(work + '/valgrind.*.log')), len(pmkt), callers))
for b in pmkt[:20]:
    print('\n'.join(b)); print()
open(work + '/pmkt-errors.txt', 'w').write('\n\n'.join('\n'.join(b) for b in pmkt))
sys.exit(1 if pmkt else 0)
PY
vg=$?
passed=$(grep -cE '\.\.\. ok|^ok ' "$work/installcheck.out"); failed=$(grep -cE '\.\.\. FAILED|^not ok ' "$work/installcheck.out")
echo "valgrind: tests ${*:-(whole suite)}: $passed passed, $failed differ (suite exit $suite), $secs s under valgrind; logs in $work"
exit $vg
