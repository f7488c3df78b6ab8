#!/usr/bin/python3
"""src/text/gen_lexicon.py: writes the default rows of pmkt.sentiment_lexicon
into src/text/56_sentiment.sql, between the BEGIN/END generated lexicon
markers, from src/text/vader_lexicon.tsv (token TAB mean valence: the VADER
lexicon, MIT licence, src/text/vader_LICENSE.txt).

The extension script cannot COPY from a file, so the rows are one INSERT.
A term listed twice keeps its LAST value, as the reference implementation's
dict does (14 such terms in the list as shipped: originals that differed only
in case).  Run after editing the .tsv, then scripts/assemble_sql.sh."""
import math
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
part = os.path.join(here, "56_sentiment.sql")
tsv = os.path.join(here, "vader_lexicon.tsv")

vals = {}
with open(tsv, encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0]:
            sys.exit(f"{tsv}:{ln}: expected token TAB valence")
        v = float(fields[1])
        if not math.isfinite(v) or abs(v) > 4:
            sys.exit(f"{tsv}:{ln}: valence {fields[1]} outside [-4, 4]")
        vals[fields[0]] = fields[1]          # last wins (dict order: first position)


def lit(s):
    return "E'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


rows = [f" ({lit(t)}, {v}, true)" for t, v in vals.items()]
text = open(part, encoding="utf-8").read()
head, rest = text.split("-- BEGIN generated lexicon\n", 1)
_, tail = rest.split("-- END generated lexicon\n", 1)
body = (f"-- {len(rows)} rows from src/text/vader_lexicon.tsv by src/text/gen_lexicon.py: do not edit by hand\n"
        "INSERT INTO pmkt.sentiment_lexicon (term, valence, is_default) VALUES\n"
        + ",\n".join(rows) + ";\n")
with open(part, "w", encoding="utf-8") as f:
    f.write(head + "-- BEGIN generated lexicon\n" + body + "-- END generated lexicon\n" + tail)
print(f"{part}: {len(rows)} lexicon rows")
