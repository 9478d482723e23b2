"""The Python stack a researcher would run on a long score file, for `npm run bench`:
pandas reads the file and pivots it to submissions x assessors, statsmodels gives Fleiss'
kappa and, with two assessors, scikit-learn gives Cohen's kappa (unweighted and quadratic).
Prints one JSON line with the figures, so that the bench can check both tools read the same data.

    python3 python-stack.py FILE
"""
import json
import sys

import pandas as pd
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa


def main(path):
    long = pd.read_csv(path)
    long.columns = [c.strip().lower() for c in long.columns]
    out = {'ratings': int(len(long))}
    for criterion, rows in long.groupby('criterion', sort=False):
        wide = rows.pivot(index='submission', columns='assessor', values='level')
        complete = wide.dropna()
        table, _ = aggregate_raters(complete.to_numpy())
        figures = {'units': int(len(wide)), 'complete_units': int(len(complete)), 'fleiss_kappa': float(fleiss_kappa(table, method='fleiss'))}
        if wide.shape[1] == 2:
            a, b = complete.iloc[:, 0], complete.iloc[:, 1]
            figures['cohen_kappa'] = float(cohen_kappa_score(a, b))
            figures['cohen_kappa_quadratic'] = float(cohen_kappa_score(a, b, weights='quadratic'))
        out[str(criterion)] = figures
    print(json.dumps(out))


if __name__ == '__main__':
    main(sys.argv[1])
