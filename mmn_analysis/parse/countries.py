"""Countries under one spelling plus ISO 3166 codes.

ISO codes come from pycountry (the ISO 3166 database). The report's own spellings that ISO does
not know (``Burma/ Myanmar``, ``Lao PDR``) are mapped here; nothing else is hand-typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

#: The report's spellings that the ISO database does not know, mapped to ISO 3166 alpha-3.
REPORT_SPELLINGS = {
    "burma/ myanmar": "MMR",
    "burma/myanmar": "MMR",
    "burma": "MMR",
    "lao pdr": "LAO",
    "lao": "LAO",
}
#: One display name per code: the report's own usage for the Mekong countries.
DISPLAY_NAMES = {"MMR": "Myanmar", "LAO": "Lao PDR", "VNM": "Vietnam", "USA": "United States"}


class UnknownCountry(LookupError):
    pass


@dataclass(frozen=True)
class Country:
    name: str  # the one spelling used in every table
    iso3: str  # ISO 3166-1 alpha-3
    iso2: str  # ISO 3166-1 alpha-2


@cache
def normalise_country(name: str) -> Country:
    """``'Burma/ Myanmar'`` -> ``Country('Myanmar', 'MMR', 'MM')``; raises UnknownCountry."""
    key = " ".join(name.strip().split()).lower()
    if key.startswith("the "):
        key = key[4:]
    if not key:
        raise UnknownCountry("an empty country name")
    code = REPORT_SPELLINGS.get(key)
    try:
        record = pycountry.countries.get(alpha_3=code) if code else pycountry.countries.lookup(key)
    except LookupError:
        record = None
    if record is None:
        raise UnknownCountry(f"{name!r} is not a country that ISO 3166 or the report's spellings know")
    display = DISPLAY_NAMES.get(record.alpha_3) or getattr(record, "common_name", None) or record.name
    return Country(display, record.alpha_3, record.alpha_2)
