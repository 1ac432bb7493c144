"""Search over the meetings, output and bodies a user may see (/overleg/zoeken/).

On PostgreSQL this is full-text search with the Dutch configuration, so a word form finds its
stem ("vergaderingen" finds "vergadering"), ranked with ts_rank, the matched words marked by
ts_headline, and served by the GIN indexes of migration 0003 (the same expressions as below).
On SQLite, the embedded database of `make run`, every word must occur, and the words
themselves are marked. A meeting is searched in its search_text: body, themes, agenda, minutes
and attachment names.

The matches are ranked first, as (rank, kind, pk); only the page that is shown is read in full,
with its snippets.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ocmw_portal import access

CONFIG = "dutch"
# Matches per kind that are ranked; a search that finds more asks for more words.
LIMIT = 200
SNIPPET = 160
# On SQLite, at most this many outputs or bodies match the words before the scope is applied.
CANDIDATES = 10_000
SQLITE_MATCH = (
    "SELECT rowid FROM consultations_meeting_fts WHERE consultations_meeting_fts MATCH %s"
)
# Markers ts_headline puts around a match, replaced by <mark> once the text is escaped.
START, STOP = "\x02", "\x03"

# kind → (label, the fields searched, the text a snippet is cut from)
KINDS = {
    "meeting": ("Vergadering", ["search_text"], ["search_text"]),
    "output": ("Output", ["title", "description"], ["description"]),
    "body": ("Overlegorgaan", ["name", "description", "participants"], ["description"]),
}


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    url: str
    date: object
    snippet: SafeString


def _marked(text: str) -> SafeString:
    """Escaped text in which the markers of a match become <mark>."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our own tags added


def _scoped(user: User, kind: str) -> QuerySet[Any]:
    if kind == "meeting":
        return access.meetings(user).select_related("body")
    if kind == "output":
        return access.outputs(user).select_related("meeting", "meeting__body")
    return access.bodies(user)


def _text(fields: list[str]) -> Concat | Coalesce:
    parts: list[Any] = []
    for name in fields:
        parts += [Coalesce(name, Value(""), output_field=TextField()), Value(" ")]
    if len(parts) == 2:
        return parts[0]
    return Concat(*parts[:-1], output_field=TextField())


def words_of(q: str) -> list[str]:
    return [word for word in re.findall(r"\w+", q) if len(word) > 1][:10]


class Results(Sequence[Result]):
    """The ranked matches of a search; a slice (a page) is read from the database as Results."""

    def __init__(self, user: User, q: str):
        self.user = user
        self.q = q
        self.postgres = connection.vendor == "postgresql"
        self.query = SearchQuery(q, config=CONFIG, search_type="websearch")
        self.words = words_of(q)
        self.pattern = re.compile("|".join(re.escape(w) for w in self.words) or "$^", re.I)
        self.ranked = self._rank()

    # Ranking ------------------------------------------------------------------------------

    def _rank(self) -> list[tuple[float, str, int]]:
        if not self.postgres:
            return self._ranked()
        with transaction.atomic(), connection.cursor() as cursor:
            # PostgreSQL underestimates to_tsvector and would rather read every output and
            # body than their full-text indexes: for these queries, the indexes it must use.
            cursor.execute("SET LOCAL enable_seqscan = off")
            return self._ranked()

    def _ranked(self) -> list[tuple[float, str, int]]:
        ranked: list[tuple[float, str, int]] = []
        for kind, (_, fields, _) in KINDS.items():
            queryset = _scoped(self.user, kind).order_by()
            if self.postgres:
                vector = SearchVector(*fields, config=CONFIG)
                # The newest LIMIT matches are ranked: ranking reads each one's text again.
                newest = (
                    queryset.annotate(document=vector)
                    .filter(document=self.query)
                    .order_by("-pk")
                    .values("pk")[:LIMIT]
                )
                rows = (
                    queryset.model.objects.filter(pk__in=newest)
                    .annotate(rank=SearchRank(vector, self.query))
                    .order_by("-rank", "pk")
                    .values_list("rank", "pk")
                )
                ranked += [(float(rank), kind, pk) for rank, pk in rows]
                continue
            if not self.words:
                continue
            if kind == "meeting":
                # The full-text table of migration 0003; every word, or a word it begins.
                match = " AND ".join(f'"{word}"*' for word in self.words)
                queryset = queryset.filter(pk__in=RawSQL(SQLITE_MATCH, [match]))
            else:
                # The text is matched in its own table first, the scope then on those rows:
                # SQLite would otherwise read every meeting to find the outputs in scope.
                matching = queryset.model.objects.all()
                for word in self.words:
                    condition = Q()
                    for field in fields:
                        condition |= Q(**{f"{field}__icontains": word})
                    matching = matching.filter(condition)
                candidates = list(matching.order_by("pk").values_list("pk", flat=True)[:CANDIDATES])
                queryset = queryset.filter(pk__in=candidates)
            title = "body__name" if kind == "meeting" else fields[0]
            rows = queryset.order_by("pk").values_list("pk", title)[:LIMIT]
            ranked += [(len(self.pattern.findall(name)) * 2 + 1.0, kind, pk) for pk, name in rows]
        ranked.sort(key=lambda row: (-row[0], row[1], -row[2]))
        return ranked

    # A page -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return self._read(self.ranked[index])
        return self._read([self.ranked[index]])[0]

    def _read(self, refs: list[tuple[float, str, int]]) -> list[Result]:
        found: dict[tuple[str, int], Result] = {}
        for kind, (label, _, snippet_fields) in KINDS.items():
            pks = [pk for _, k, pk in refs if k == kind]
            if not pks:
                continue
            queryset = _scoped(self.user, kind).filter(pk__in=pks)
            if self.postgres:
                queryset = queryset.annotate(
                    headline=SearchHeadline(
                        _text(snippet_fields),
                        self.query,
                        config=CONFIG,
                        start_sel=START,
                        stop_sel=STOP,
                        max_words=30,
                        min_words=12,
                    )
                )
            for obj in queryset:
                found[kind, obj.pk] = self._result(kind, label, obj, snippet_fields)
        return [found[kind, pk] for _, kind, pk in refs if (kind, pk) in found]

    def _snippet(self, obj, fields: list[str]) -> SafeString:
        if self.postgres:
            return _marked(obj.headline)
        text = " ".join(str(getattr(obj, field) or "") for field in fields).strip()
        if obj.__class__.__name__ == "Meeting":
            # The body's name opens the meeting's search text; the title already shows it.
            text = text.removeprefix(obj.body.name).strip()
        found = self.pattern.search(text)
        start = max(0, found.start() - SNIPPET // 2) if found else 0
        part = self.pattern.sub(
            lambda m: f"{START}{m.group(0)}{STOP}", text[start : start + SNIPPET]
        )
        return _marked(("…" if start else "") + part)

    def _result(self, kind: str, label: str, obj, fields: list[str]) -> Result:
        snippet = self._snippet(obj, fields)
        if kind == "meeting":
            return Result(label, str(obj), obj.get_absolute_url(), obj.date, snippet)
        if kind == "output":
            label = f"{label} ({obj.get_kind_display().lower()})"
            return Result(label, obj.title, obj.get_absolute_url(), obj.meeting.date, snippet)
        return Result(label, obj.name, obj.get_absolute_url(), None, snippet)


def search(user: User, q: str) -> Results:
    """What `user` may see that matches `q`, the best match first."""
    return Results(user, q)
