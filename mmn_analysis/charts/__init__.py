"""Charts in the house style, drawn once in a notebook and exported from its outputs.

import mmn_analysis as mmn
mmn.charts.bars(rows, name=..., title=..., measure=...)
mmn.charts.timeline(events, name=..., title=..., measure=..., start="2017-01")
mmn.charts.counts(series, name=..., title=..., measure=..., unit=...)
"""

from .chart import MIMETYPE, Chart
from .draw import ChartError, bars, counts, timeline

__all__ = ["MIMETYPE", "Chart", "ChartError", "bars", "counts", "timeline"]
