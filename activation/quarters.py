"""The one quarter type of the portal: parse the accepted notations, format as 2025-K2."""

import datetime
import re
from dataclasses import dataclass
from functools import cache, total_ordering

# Accepted on input: 2025-K2, 2025K2, 2025-Q2, 2025Q2 (case-insensitive, spaces around ignored).
_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*[KQ]\s*([1-4])\s*$", re.IGNORECASE)
FIRST_YEAR = 2000
LAST_YEAR = 2100


class InvalidQuarter(ValueError):
    """A text that is not a quarter; the message is Dutch and fit for the user."""


@total_ordering
@dataclass(frozen=True, slots=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise InvalidQuarter(f"Kwartaal {self.number} bestaat niet: kies 1 tot 4.")
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise InvalidQuarter(f"Het jaar {self.year} valt buiten {FIRST_YEAR}–{LAST_YEAR}.")

    @classmethod
    def parse(cls, text):
        match = _PATTERN.match(str(text or ""))
        if not match:
            raise InvalidQuarter(
                f"'{text}' is geen geldig kwartaal: schrijf het als 2025-K2 "
                "(of 2025K2, 2025-Q2, 2025Q2)."
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, today=None):
        """The last quarter that has fully ended on `today`."""
        return cls.containing(today or datetime.date.today()).previous()

    @classmethod
    def from_index(cls, index):
        return _from_index(index)

    @property
    def index(self):
        """A whole number that orders quarters and can be stored and compared in the database."""
        return self.year * 4 + self.number - 1

    def __lt__(self, other):
        return self.index < other.index

    def __str__(self):
        return f"{self.year}-K{self.number}"

    def next(self):
        return Quarter.from_index(self.index + 1)

    def previous(self):
        return Quarter.from_index(self.index - 1)

    def year_earlier(self):
        return Quarter(self.year - 1, self.number)

    @property
    def first_day(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self):
        return self.next().first_day - datetime.timedelta(days=1)

    def until(self, last):
        """Every quarter from this one up to and including `last`."""
        return [Quarter.from_index(i) for i in range(self.index, last.index + 1)]


@cache
def _from_index(index):
    # Quarters are immutable and few (2000–2100): each is built once per process. Every stored
    # figure's quarter is read through here.
    return Quarter(index // 4, index % 4 + 1)
