"""What the report's own figures imply, computed and labelled as derived (never stored as figures).

The remittance amounts and their shares of GDP imply the size of the GDP each estimate assumed:
GDP = amount / (share / 100). The two Myanmar estimates pair an amount with a share in the same
sentence, so each pair is taken from one statement.
"""

from __future__ import annotations

import pandas as pd

from ..api import load

#: (amount row, share row): pairs the report states in one sentence.
REMITTANCE_PAIRS = [("ov-mmr-10", "ov-mmr-11"), ("ov-mmr-12", "ov-mmr-13")]


def implied_gdp() -> pd.DataFrame:
    """GDP implied by each remittance amount and its share of GDP (US dollars), marked derived."""
    r = load("remittances").set_index("id")
    rows = []
    for amount_id, share_id in REMITTANCE_PAIRS:
        a, s = r.loc[amount_id], r.loc[share_id]
        if a["unit"] != "USD" or s["unit"] != "percent":
            raise ValueError(f"{amount_id}/{share_id}: expected an amount in USD and a share in percent")
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
                "implied_gdp_usd": a["value"] / (s["value"] / 100),
                "derived": True,
            }
        )
    return pd.DataFrame(rows)
