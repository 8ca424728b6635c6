"""Dutch formatting of amounts, numbers and dates (Babel), shared by site and PDF."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "nl_NL"


def euro(value: int | str | None) -> str:
    """'€ 1.632.050'; cells that are not numbers ('-', 'PM') are shown as written."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "€ -" if value == "-" else value
    return format_currency(value, "EUR", locale=LOCALE, format="¤ #,##0;¤ -#,##0", currency_digits=False)


def getal(value: int | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format_decimal(value, locale=LOCALE)


def procent(value: int | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{format_decimal(value, locale=LOCALE)}%"


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


def datum_kort(value: dt.date | None) -> str:
    """'4-06-2024', as the municipality's decision documents print dates."""
    if value is None:
        return ""
    return f"{value.day}-{value.month:02d}-{value.year}"


def cel(value: int | str | None, soort: str) -> str:
    """A table cell by its column kind."""
    if soort == "bedrag":
        return euro(value)
    if soort == "percentage":
        return procent(value)
    if soort == "aantal":
        return getal(value)
    return "" if value is None else str(value)


FILTERS = {
    "euro": euro,
    "getal": getal,
    "procent": procent,
    "datum": datum,
    "datum_kort": datum_kort,
    "cel": cel,
}
