"""What the report's own figures imply, computed and labelled as derived (never stored as figures).

The remittance amounts and their shares of GDP imply the size of the GDP each estimate assumed:
GDP = amount / (share / 100). Which amount goes with which share is an editorial pick kept in
data/raw/editorial/remittance_pairs.csv; the build proves each pair is an amount in US dollars and
a share in percent stated in one sentence or the next.
"""

from __future__ import annotations

import pandas as pd

from ..api import load
from ..inputs.editorial import remittance_pairs
from ..trace import traced


@traced
def implied_gdp() -> pd.DataFrame:
    """GDP implied by each remittance amount and its share of GDP (US dollars), marked derived.

    Each row is ready to chart like a figure: ``id`` (the amount's), ``value`` in USD, ``figure`` (the result
    to the nearest billion, marked derived, so a reader never takes it for a number the report prints), the
    amount's ``source_id`` and both statements' ``quote``."""
    r = load("remittances").set_index("id")
    rows = []
    for amount_id, share_id in remittance_pairs():
        a, s = r.loc[amount_id], r.loc[share_id]
        gdp = a["value"] / (s["value"] / 100)
        rows.append(
            {
                "amount_id": amount_id,
                "share_id": share_id,
                "country": a["country"],
                "estimate": a["label"],
                "amount_figure": a["figure"],
                "share_figure": s["figure"],
                "amount_usd": a["value"],
                "share_percent": s["value"],
                "period": a["period"],
                "implied_gdp_usd": gdp,
                "id": amount_id,
                "value": gdp,
                "lower": None,
                "upper": None,
                "unit": "USD",
                "qualifier": "approx",
                "figure": f"about USD {gdp / 1e9:.0f} billion (derived)",
                "source_id": a["source_id"],
                "quote": " ".join(dict.fromkeys([a["quote"], s["quote"]])),
                "derived": True,
            }
        )
    return pd.DataFrame(rows)
