"""Dutch text for messages and notes: lists, dates and counted nouns, one way each.

Independent of the active locale, so that an import run from the command line writes the same
sentences as the portal.
"""

import datetime
from collections.abc import Iterable

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_list(items: Iterable[str]) -> str:
    """Items joined the Dutch way: "a", "a en b", "a, b en c" ("" for none)."""
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} en {listed[-1]}"


def dutch_date(day: datetime.date) -> str:
    """A date written out: "1 januari 2025"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def word_for(count: int, singular: str, plural: str) -> str:
    """The word that goes with a count: the singular for one, the plural for 0 and for more."""
    return singular if count == 1 else plural


def plural(count: int, singular: str, plural: str) -> str:
    """A count with its noun: "1 bijeenkomst", "3 bijeenkomsten", "0 bijeenkomsten"."""
    return f"{count} {word_for(count, singular, plural)}"
