#!/usr/bin/python3
"""Reference for sql/segment/rfm_map.sql: the 11-segment map of R and F
scores as it is usually published (regular expressions over the 'RF'
string of two digits; e.g. the Kaggle/Medium RFM notebooks, with
'[1-2][1-2]' split into Hibernating (R 2) and Lost (R 1)), written out
independently of the SQL seed; prints the 25 cells."""
import re
seg_map = [
    (r'[1-2][1-2]', None),          # split below
    (r'[1-2][3-4]', 'At risk'),
    (r'[1-2]5', "Can't lose them"),
    (r'3[1-2]', 'About to sleep'),
    (r'33', 'Need attention'),
    (r'[3-4][4-5]', 'Loyal customers'),
    (r'41', 'Promising'),
    (r'51', 'New customers'),
    (r'[4-5][2-3]', 'Potential loyalists'),
    (r'5[4-5]', 'Champions'),
]
for r in range(1, 6):
    for f in range(1, 6):
        rf = f'{r}{f}'
        names = [n for p, n in seg_map if re.fullmatch(p, rf)]
        assert len(names) == 1, rf
        n = names[0] or ('Hibernating' if r == 2 else 'Lost')
        print(r, f, n)
