"""Random reviewer sheets and their agreement figures from standard statistics packages.

Writes tests/fixtures/agreement/random-sheets.json, read by tests/agreement.rs. Run once, by
hand, in a virtual environment:

    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install pingouin krippendorff scikit-learn statsmodels
    /tmp/venv/bin/python scripts/agreement_fixtures.py

Figures and where they come from:
- ICC(2,1) and its 95% CI: pingouin.intraclass_corr, row "ICC(A,1)" (rounding off);
- weighted kappa per pair: sklearn.metrics.cohen_kappa_score, labels 1..5, linear and
  quadratic weights;
- Krippendorff's alpha, ordinal, missing values allowed: krippendorff.alpha;
- Fleiss' kappa on the criteria: statsmodels.stats.inter_rater.fleiss_kappa of
  aggregate_raters;
- exact, within one, mean absolute difference, all-agree share: plain counts (numpy).
"""

import json
import platform
from importlib.metadata import version
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

pg.options["round"] = None
pg.options["round.column.CI95"] = None

FINDINGS = ["met", "not_met", "unsure", "not_rated"]


def sheet(rng, reviewers, items, missing, criteria_per_item):
    truth = rng.integers(1, 6, size=items)
    scores = []
    for _ in range(reviewers):
        noise = rng.choice([-2, -1, 0, 0, 0, 1, 2], size=items)
        row = np.clip(truth + noise, 1, 5).astype(float)
        row[rng.random(items) < missing] = np.nan
        scores.append(row)
    scores = np.array(scores)  # reviewers x items
    findings = []
    for item in range(items):
        for c in range(criteria_per_item):
            base = rng.integers(0, 3)
            row = []
            for _ in range(reviewers):
                r = rng.random()
                if r < 0.6:
                    row.append(FINDINGS[base])
                elif r < 0.95:
                    row.append(FINDINGS[rng.integers(0, 3)])
                else:
                    row.append("not_rated")
            findings.append({"item": item + 1, "criterion": "abcdefg"[c], "findings": row})
    return scores, findings


def figures(scores, findings):
    reviewers, items = scores.shape
    complete = ~np.isnan(scores).any(axis=0)
    full = scores[:, complete].astype(int)
    n = full.shape[1]
    spread = full.max(axis=0) - full.min(axis=0)
    pairs = []
    diffs = []
    for a, b in combinations(range(reviewers), 2):
        diffs.extend(np.abs(full[a] - full[b]).tolist())
        pairs.append(
            {
                "a": a,
                "b": b,
                "exact": float(np.mean(full[a] == full[b])),
                "kappa_linear": float(
                    cohen_kappa_score(full[a], full[b], labels=[1, 2, 3, 4, 5], weights="linear")
                ),
                "kappa_quadratic": float(
                    cohen_kappa_score(full[a], full[b], labels=[1, 2, 3, 4, 5], weights="quadratic")
                ),
            }
        )
    long = pd.DataFrame(
        [(t, r, full[r, t]) for t in range(n) for r in range(reviewers)],
        columns=["target", "rater", "score"],
    )
    icc = pg.intraclass_corr(data=long, targets="target", raters="rater", ratings="score")
    icc = icc.set_index("Type").loc["ICC(A,1)"]
    alpha = krippendorff.alpha(reliability_data=scores, level_of_measurement="ordinal")
    compared = [f for f in findings if "not_rated" not in f["findings"]]
    codes = np.array([[FINDINGS.index(x) for x in f["findings"]] for f in compared])
    table, _ = aggregate_raters(codes)
    return {
        "items_compared": int(n),
        "items_left_out": [int(i + 1) for i in np.flatnonzero(~complete)],
        "exact": float(np.mean(spread == 0)),
        "within_one": float(np.mean(spread <= 1)),
        "mean_abs_diff": float(np.mean(diffs)),
        "pairs": pairs,
        "icc": float(icc["ICC"]),
        "icc_ci95": [float(x) for x in icc["CI95"]],
        "alpha_ordinal": float(alpha),
        "criteria_compared": len(compared),
        "criteria_all_agree": float(np.mean([len(set(f["findings"])) == 1 for f in compared])),
        "fleiss_kappa": float(fleiss_kappa(table, method="fleiss")),
    }


def main():
    rng = np.random.default_rng(20261123)
    cases = []
    for reviewers, items, missing, criteria in [
        (2, 39, 0.0, 4),
        (2, 39, 0.05, 5),
        (3, 39, 0.0, 4),
        (3, 39, 0.08, 5),
        (3, 20, 0.1, 3),
        (2, 12, 0.0, 6),
    ]:
        scores, findings = sheet(rng, reviewers, items, missing, criteria)
        cases.append(
            {
                "reviewers": reviewers,
                "scores": [
                    {"item": i + 1, "scores": [None if np.isnan(v) else int(v) for v in scores[:, i]]}
                    for i in range(items)
                ],
                "criteria": findings,
                "expected": figures(scores, findings),
            }
        )
    out = {
        "made_by": "scripts/agreement_fixtures.py",
        "python": platform.python_version(),
        "packages": {
            name: version(name)
            for name in ["pingouin", "krippendorff", "scikit-learn", "statsmodels", "scipy", "numpy", "pandas"]
        },
        "cases": cases,
    }
    path = Path(__file__).resolve().parent.parent / "tests/fixtures/agreement/random-sheets.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
