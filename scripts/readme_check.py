#!/usr/bin/python3
"""scripts/readme_check.py: the README's examples, in order, as one psql script.

  readme_check.py extract README.md > script.sql     (plus script.sql.expect)
  readme_check.py compare script.sql.expect psql.log

The README shows examples as psql sessions: statements followed by their
output (tables, command tags, ERROR/DETAIL/HINT lines).  `extract` keeps the
statements of every ```sql block, and of every plain ``` block whose first
line is SQL, in order, and marks each with `\\echo @@ N` so that psql's output
can be attributed; the .expect file lists, per statement, whether the README
shows an ERROR after it.  `compare` reads psql's output (-a off, errors to
the same stream) and fails on any ERROR the README does not show, and on a
README ERROR that did not happen.
"""
import re
import sys

SQL_START = re.compile(r"^(SELECT|WITH|CREATE|INSERT|UPDATE|DELETE|ALTER|DROP|CALL|SET|RESET|"
                       r"GRANT|REVOKE|COMMENT|BEGIN|COMMIT|ROLLBACK|EXPLAIN|TABLE|VALUES|"
                       r"TRUNCATE|ANALYZE|VACUUM|COPY|DO|LOAD|SHOW|PREPARE|EXECUTE|"
                       r"DEALLOCATE|LISTEN|NOTIFY|\\\w+)\b")
# psql command tags ("SELECT 208", "CREATE TABLE", "INSERT 0 5", "DO")
TAG = re.compile(r"^[A-Z]+( [A-Z]+)*( \d+)*$")
OUTPUT = re.compile(r"^( |-+(\+-+)*$|-\[ RECORD|\(\d+ rows?\)|ERROR:|DETAIL:|HINT:|NOTICE:|"
                    r"WARNING:|CONTEXT:|LINE \d+:|INFO:|QUERY:|Expanded display|Time:|Timing)")


def blocks(text):
    """(kind, lines) for each fenced block."""
    out, cur, kind = [], None, None
    for line in text.split("\n"):
        if cur is None:
            m = re.match(r"^```(\w*)\s*$", line)
            if m:
                cur, kind = [], m.group(1)
        elif line.startswith("```"):
            out.append((kind, cur))
            cur = None
        else:
            cur.append(line)
    return out


def statements(lines):
    """[(sql, error_shown)] of one block."""
    res, stmt, dollar, expanded = [], None, False, False
    for line in lines:
        if stmt is not None:
            stmt.append(line)
            if line.count("$$") % 2 == 1:
                dollar = not dollar
            if not dollar and re.search(r";\s*(--.*)?$", line):
                res.append(["\n".join(stmt), False])
                stmt = None
            continue
        s = line.strip()
        if expanded and s and not line.startswith("-[ RECORD") and " | " in line:
            continue                      # an expanded record's "column | value"
        if line.startswith("-[ RECORD"):
            expanded = True
            continue
        if not s:
            expanded = False
            continue
        if s.startswith("--"):
            continue
        if OUTPUT.match(line) or TAG.match(s):
            if s.startswith("ERROR:") and res:
                res[-1][1] = True
            continue
        if SQL_START.match(s):
            if s.startswith("\\"):        # psql meta-command: one line
                res.append([s, False])
                continue
            stmt = [line]
            dollar = line.count("$$") % 2 == 1
            if not dollar and re.search(r";\s*(--.*)?$", line):
                res.append(["\n".join(stmt), False])
                stmt = None
            continue
        # anything else (a line of output without a leading space): skip
    if stmt is not None:
        res.append(["\n".join(stmt), False])
    return res


def extract(path, out):
    """The statements in order; a plain block of output right after an SQL
    block (```sql then ```) holds the output of that block's statements: its
    ERROR count is the number of them expected to fail."""
    text = open(path).read()
    n = 0
    expect = []                 # [n, shown_inline, group, sql first line]
    groups = {}                 # group -> ERROR lines in the output block after it
    group = 0
    last_sql_group = None
    with open(out, "w") as f:
        f.write("\\set VERBOSITY default\n")
        for kind, lines in blocks(text):
            first = next((l.strip() for l in lines if l.strip()), "")
            if kind == "" and not SQL_START.match(first):
                if last_sql_group is not None:
                    errs = sum(1 for l in lines if l.startswith("ERROR:"))
                    groups[last_sql_group] = groups.get(last_sql_group, 0) + errs
                last_sql_group = None
                continue
            if kind not in ("sql", ""):
                last_sql_group = None
                continue
            group += 1
            last_sql_group = group
            for sql, err in statements(lines):
                n += 1
                # the README installs the extension in its own words; here it is there
                sql = re.sub(r"^CREATE EXTENSION (pmkt|pg_cron)\b", r"CREATE EXTENSION IF NOT EXISTS \1", sql)
                expect.append([n, err, group, sql.split("\n")[0][:100]])
                f.write("\\echo @@ %d\n%s\n" % (n, sql))
    with open(out + ".expect", "w") as f:
        for k, err, g, what in expect:
            f.write("%d %d %d %d %s\n" % (k, 1 if err else 0, g, groups.get(g, -1), what))
    print("readme_check: %d statements" % n, file=sys.stderr)


def compare(expect_path, log_path):
    exp = {}
    for line in open(expect_path):
        if line.strip():
            k, e, g, ge, what = line.rstrip("\n").split(" ", 4)
            exp[int(k)] = (e == "1", int(g), int(ge), what)
    got = {}
    cur = 0
    for line in open(log_path, errors="replace"):
        m = re.match(r"^@@ (\d+)$", line.strip())
        if m:
            cur = int(m.group(1))
            continue
        m = re.search(r"ERROR:\s+(.*)", line)
        if m:
            got.setdefault(cur, []).append(m.group(1).strip())
    bad = 0
    # statements whose block is followed by an output block: count per block
    by_group = {}
    for k, (shown, g, ge, what) in exp.items():
        if ge >= 0 and not shown:
            by_group.setdefault(g, []).append(k)
    for g, ks in sorted(by_group.items()):
        ge = next(exp[k][2] for k in ks)
        failed = [k for k in ks if got.get(k)]
        if len(failed) != ge:
            bad += 1
            print("readme_check: the block of statements %d-%d shows %d ERROR(s), %d happened:"
                  % (ks[0], ks[-1], ge, len(failed)))
            for k in failed:
                print("  statement %d: %s\n    %s" % (k, exp[k][3], got[k][0]))
    for k in sorted(exp):
        shown, g, ge, what = exp[k]
        if g in by_group and not shown:
            continue
        if got.get(k) and not shown:
            bad += 1
            print("readme_check: statement %d raised an ERROR the README does not show: %s\n  %s"
                  % (k, what, got[k][0]))
        elif shown and not got.get(k):
            bad += 1
            print("readme_check: statement %d: the README shows an ERROR that did not happen: %s" % (k, what))
    print("readme_check: %d statements, %d problems" % (len(exp), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "extract":
        extract(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    else:
        sys.exit("usage: readme_check.py extract README.md out.sql | compare out.sql.expect psql.log")
