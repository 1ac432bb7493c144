"""Search over the meetings, output and bodies a user may see (/overleg/zoeken/).

On PostgreSQL this is full-text search with the Dutch configuration, so a word form finds its
stem ("vergaderingen" finds "vergadering"), ranked and with the matched words marked by
ts_headline. On SQLite, the embedded database of `make run`, every word must occur in one of
the fields, and the words themselves are marked.
"""

import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from consultations.models import Attachment, Meeting
from ocmw_portal import access

CONFIG = "dutch"
# Results per kind that are ranked; a search that finds more asks for more words.
LIMIT = 200
SNIPPET = 160
# Markers ts_headline puts around a match, replaced by <mark> once the text is escaped.
START, STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    url: str
    date: object
    snippet: SafeString
    rank: float


def _marked(text: str) -> SafeString:
    """Escaped text in which the markers of a match become <mark>."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our own tags added


def _joined(*names):
    parts = []
    for name in names:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _meeting_texts():
    themes = (
        Meeting.themes.through.objects.filter(meeting=OuterRef("pk"))
        .values("meeting")
        .annotate(text=StringAgg("theme__name", " "))
        .values("text")
    )
    files = (
        Attachment.objects.filter(meeting=OuterRef("pk"))
        .values("meeting")
        .annotate(text=StringAgg("original_name", " "))
        .values("text")
    )
    return {
        "theme_text": Coalesce(
            Subquery(themes, output_field=TextField()), Value(""), output_field=TextField()
        ),
        "file_text": Coalesce(
            Subquery(files, output_field=TextField()), Value(""), output_field=TextField()
        ),
    }


def _postgres(user: User, q: str) -> list[Result]:
    query = SearchQuery(q, config=CONFIG, search_type="websearch")

    def ranked(queryset: QuerySet, vector, text) -> QuerySet:
        return (
            queryset.annotate(search=vector, text=text)
            .filter(search=query)
            .annotate(
                rank=SearchRank(vector, query),
                headline=SearchHeadline(
                    "text",
                    query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                ),
            )
            .order_by("-rank", "pk")[:LIMIT]
        )

    meetings = ranked(
        access.meetings(user).select_related("body").annotate(**_meeting_texts()),
        SearchVector("body__name", weight="A", config=CONFIG)
        + SearchVector("theme_text", weight="B", config=CONFIG)
        + SearchVector("agenda", "minutes", "file_text", weight="C", config=CONFIG),
        _joined("body__name", "theme_text", "agenda", "minutes", "file_text"),
    )
    outputs = ranked(
        access.outputs(user).select_related("meeting", "meeting__body"),
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("description", "owner", weight="C", config=CONFIG),
        _joined("title", "description"),
    )
    bodies = ranked(
        access.bodies(user),
        SearchVector("name", weight="A", config=CONFIG)
        + SearchVector("description", "participants", "organiser", weight="C", config=CONFIG),
        _joined("name", "description", "participants"),
    )
    return _results(meetings, outputs, bodies, lambda obj: _marked(obj.headline))


def _words(q: str) -> list[str]:
    return [word for word in re.findall(r"\w+", q) if len(word) > 1][:10]


def _fallback(user: User, q: str) -> list[Result]:
    words = _words(q)

    def matching(queryset: QuerySet, fields: list[str]) -> QuerySet:
        for word in words:
            condition = Q()
            for field in fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset.distinct().order_by("pk")[:LIMIT]

    meetings = matching(
        access.meetings(user).select_related("body"),
        ["body__name", "themes__name", "agenda", "minutes", "attachments__original_name"],
    )
    outputs = matching(
        access.outputs(user).select_related("meeting", "meeting__body"),
        ["title", "description", "owner"],
    )
    bodies = matching(access.bodies(user), ["name", "description", "participants"])
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)

    def snippet(obj) -> SafeString:
        text = " ".join(
            str(part)
            for part in (
                getattr(obj, "minutes", ""),
                getattr(obj, "agenda", ""),
                getattr(obj, "description", ""),
                getattr(obj, "participants", ""),
            )
            if part
        )
        found = pattern.search(text)
        start = max(0, found.start() - SNIPPET // 2) if found else 0
        part = text[start : start + SNIPPET]
        part = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", part)
        return _marked(("…" if start else "") + part)

    return _results(meetings, outputs, bodies, snippet, score=pattern)


def _results(meetings, outputs, bodies, snippet, score=None) -> list[Result]:
    def rank(obj, title):
        if score is None:
            return float(obj.rank)
        return float(len(score.findall(title)) * 2 + 1)

    results = [
        Result("Vergadering", str(m), m.get_absolute_url(), m.date, snippet(m), rank(m, str(m)))
        for m in meetings
    ]
    results += [
        Result(
            f"Output ({o.get_kind_display().lower()})",
            o.title,
            o.get_absolute_url(),
            o.meeting.date,
            snippet(o),
            rank(o, o.title),
        )
        for o in outputs
    ]
    results += [
        Result("Overlegorgaan", b.name, b.get_absolute_url(), None, snippet(b), rank(b, b.name))
        for b in bodies
    ]
    results.sort(key=lambda r: (-r.rank, r.kind, r.title))
    return results


def search(user: User, q: str) -> list[Result]:
    """What `user` may see that matches `q`, the best match first."""
    if connection.vendor == "postgresql":
        return _postgres(user, q)
    if not _words(q):
        return []
    return _fallback(user, q)
