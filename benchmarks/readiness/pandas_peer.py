"""The peer for `npm run bench:readiness`: pandas computing the same metrics as Traction's
check suite (benchmarks/readiness/suite.ts) and profile from the CSV file, written as a data
scientist would (vectorised pandas, no loops over rows). For the profile's pattern shares and
lengths it uses the same trick as Traction: regexes over value_counts() (once per distinct
value), weighted by the counts. Prints one JSON line: wall and CPU time, peak memory, results.
Run with Debian's python3-pandas: /usr/bin/python3 pandas_peer.py checks|profile FILE.csv
"""
import json
import resource
import sys
import time

import pandas as pd

PATTERNS = [r'^[^@ ]+@[^@ ]+[.][^@ ]+$', r'^https?://', r'^[+]?[0-9 ().-]{7,20}$', r'^[0-9]{4}-[0-9]{2}-[0-9]{2}', r'^[A-Za-z]{0,6}[-_]?[0-9]{3,}$']


def read(path):
    return pd.read_csv(path, parse_dates=['created_at', 'shipped_at'])


def checks(df):
    n = lambda mask: int(mask.sum())
    out = {'row_count': len(df), 'freshness': str(df.created_at.max())}
    for c in ['order_id', 'email', 'customer_id']:
        out[f'nn_{c}'] = n(df[c].isna())
    nonnull = df.order_id.dropna()
    out['dup_order_id'] = n(nonnull.duplicated(keep=False))
    av = {'country': ['DE', 'FR', 'NL', 'BE', 'AT', 'CH', 'IT', 'ES', 'PL'], 'status': ['pending', 'shipped', 'delivered', 'cancelled', 'returned'],
          'category': ['books', 'toys', 'garden', 'food', 'tools', 'music', 'sports']}
    for c, values in av.items():
        out[f'av_{c}'] = n(df[c].notna() & ~df[c].isin(values))
    out['nis_channel'] = n(df.channel.isin(['fax', 'telex']))
    for c, lo, hi in [('amount', 0, 10000), ('quantity', 1, 20), ('discount', 0, 0.5), ('rating', 1, 5)]:
        out[f'r_{c}'] = n((df[c] < lo) | (df[c] > hi))
    email = df.email.dropna()
    out['re_email'] = n(~email.str.contains(r'^[^@ ]+@[^@ ]+[.][a-z]+$', regex=True))
    out['like_sku'] = n(~df.sku.dropna().str.startswith('SKU-'))
    out['len_phone'] = n(df.phone.dropna().str.len() != 13)
    dates = df.order_date.dropna()
    out['pd_order_date'] = n(pd.to_datetime(dates, format='%Y-%m-%d', errors='coerce').isna())
    out['mean_amount'] = df.amount.mean()
    out['median_amount'] = df.amount.median()
    out['q90_unit_price'] = df.unit_price.quantile(0.9, interpolation='lower')
    out['sd_amount'] = df.amount.std()
    out['sum_quantity'] = int(df.quantity.sum())
    out['dc_customer_id'] = int(df.customer_id.nunique())
    out['pu_sku'] = df.sku.nunique() / df.sku.count()
    out['mcv_status'] = ','.join(sorted(df.status.mode().tolist()))
    out['min_created_at'] = str(df.created_at.min())
    both = df.shipped_at.notna() & df.created_at.notna()
    out['cp_shipped'] = n(both & ~(df.shipped_at >= df.created_at))
    both = df.unit_price.notna() & df.cost.notna()
    out['cp_price'] = n(both & ~(df.unit_price > df.cost))
    return out


def profile(df):
    out = {'rows': len(df), 'columns': {}}
    for c in df.columns:
        s = df[c]
        counts = s.value_counts()  # drops nulls; sorted by count descending
        col = {'nulls': int(s.isna().sum()), 'distinct': int(len(counts)), 'top': [[str(k), int(v)] for k, v in counts.head(5).items()]}
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            col.update(min=float(s.min()), max=float(s.max()), mean=float(s.mean()), std=float(s.std()),
                       quartiles=[float(x) for x in s.quantile([0.25, 0.5, 0.75], interpolation='lower')])
        elif pd.api.types.is_datetime64_any_dtype(s):
            col.update(min=str(s.min()), max=str(s.max()))
        elif s.dtype == object:
            values = counts.index.to_series().astype(str)
            lengths = values.str.len()
            col['length'] = [int(lengths.min()), int(lengths.max()), float((lengths * counts.values).sum() / counts.sum())]
            col['patterns'] = [int(counts[values.str.contains(p, regex=True).values].sum()) for p in PATTERNS]
        out['columns'][c] = col
    return out


def main():
    task, path = sys.argv[1], sys.argv[2]
    start, cpu = time.perf_counter(), time.process_time()
    df = read(path)
    result = checks(df) if task == 'checks' else profile(df)
    ms = (time.perf_counter() - start) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'ms': ms, 'cpuMs': cpu_ms, 'maxRssMb': rss_mb, 'result': result}, default=str))


main()
