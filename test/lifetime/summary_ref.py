#!/usr/bin/python3
"""test/lifetime/summary_ref.py: the reference behind sql/lifetime/summary.sql.

lifetimes' summary_data_from_transaction_data re-done with pandas (Debian's
python3-pandas): order lines first grouped per (customer, order id) into one
order (earliest time, summed amount); times (UTC) cut to pandas periods
('D', 'W-SUN' = weeks Monday..Sunday, 'M'); one row per (customer, period)
with the summed amount; frequency = periods - 1, recency = last - first
period, T = period of the observation end - first period, monetary_value =
mean of the non-first periods' amounts (0 without repeat).
"""
import pandas as pd

LINES = [  # order_id, customer_id, ordered_at (UTC), amount  -- same rows as the test
    (101, 1, '2024-01-01 10:00', 10.0), (101, 1, '2024-01-01 10:05', 5.0),
    (102, 1, '2024-01-01 15:00', 20.0),
    (103, 1, '2024-01-05 09:00', 7.5), (103, 1, '2024-01-05 09:00', 2.5),
    (104, 1, '2024-02-10 12:00', 40.0), (104, 1, '2024-02-11 00:10', 1.0),
    (201, 2, '2024-03-30 08:00', 99.0),
    (301, 3, '2024-01-07 23:30', 12.0), (302, 3, '2024-01-08 00:30', 8.0),
    (303, 3, '2024-01-31 23:59', 30.0), (304, 3, '2024-02-01 00:00', 31.0),
    (305, 3, '2024-03-15 06:00', 0.0),
    (401, 4, '2024-02-29 21:00', 5.0), (402, 4, '2024-02-29 22:00', 6.0),
]
END = '2024-03-31 23:00'


def summary(freq, with_order=True):
    df = pd.DataFrame(LINES, columns=['o', 'c', 't', 'a'])
    df['t'] = pd.to_datetime(df['t'])
    if with_order:
        df = df.groupby(['c', 'o']).agg(t=('t', 'min'), a=('a', 'sum')).reset_index()
    df['p'] = df['t'].dt.to_period(freq)
    per = df.groupby(['c', 'p'])['a'].sum().reset_index()
    end = pd.Timestamp(END).to_period(freq)
    out = []
    for c, g in per.groupby('c'):
        g = g.sort_values('p')
        first, last = g['p'].iloc[0], g['p'].iloc[-1]
        n = len(g)
        mon = g['a'].iloc[1:].mean() if n > 1 else 0.0
        out.append((c, n - 1, (last - first).n, (end - first).n, mon))
    return out


for freq in ('D', 'W-SUN', 'M'):
    print(freq)
    for r in summary(freq):
        print('  ', r)
print('D, every row an order')
for r in summary('D', False):
    print('  ', r)
