"""Dutch formatting of amounts, numbers and dates (Babel), shared by site and PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from .nummering import lijstnummer

LOCALE = "nl_NL"


Number = int | float | Decimal


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _places(value: Number, decimals: int | None) -> int:
    """Decimals to show: as asked, else as many as the number has (98.5 -> 1, 40 -> 0)."""
    if decimals is not None:
        return decimals
    if isinstance(value, int):
        return 0
    exponent = _decimal(value).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _number(value: Number, decimals: int | None) -> str:
    places = _places(value, decimals)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(_decimal(value), format=pattern, locale=LOCALE, decimal_quantization=True)


def euro(value: Number | str | None, decimals: int | None = None) -> str:
    """'€ 1.632.050'; cells that are not numbers ('-', 'PM') are shown as written."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "€ -" if value == "-" else value
    if isinstance(value, int) and decimals is None:
        return format_currency(value, "EUR", locale=LOCALE, format="¤ #,##0;¤ -#,##0", currency_digits=False)
    return "€ " + _number(value, decimals)


def getal(value: Number | str | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return _number(value, decimals)


def procent(value: Number | str | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{_number(value, decimals)}%"


def datum(value: dt.date | str | int | None) -> str:
    """'4 juni 2024', 'mei 2024' or '2025'; empty for an unknown date."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return format_date(value, "d MMMM y", locale=LOCALE)
    text = str(value)
    if len(text) == 7:  # YYYY-MM
        year, month = (int(p) for p in text.split("-"))
        return format_date(dt.date(year, month, 1), "MMMM y", locale=LOCALE)
    return text


def cel(value: Number | str | None, soort: str, decimals: int | None = None, unit: bool = False) -> str:
    """A table cell by its column kind. ``unit``: the column or table states its
    unit ('in miljoenen'), so an amount shows as a bare number."""
    if soort == "bedrag":
        return getal(value, decimals) if unit else euro(value, decimals)
    if soort == "percentage":
        return procent(value, decimals)
    if soort == "aantal":
        return getal(value, decimals)
    return "" if value is None else str(value)


FILTERS = {
    "lijstnummer": lijstnummer,  # a list item's number as shown: haven_docs.nummering
    "euro": euro,
    "getal": getal,
    "procent": procent,
    "datum": datum,
    "cel": cel,
}
