"""Reading dashboard pages as a user does: the tables' captions, headers and cell texts."""

import json
import re
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = []
        self._cell = None
        self._caption = None
        self._row = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "headers": [], "rows": []})
        elif not self.tables:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if not self.tables:
            return
        table = self.tables[-1]
        if tag == "caption" and self._caption is not None:
            table["caption"] = _clean("".join(self._caption))
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(_clean("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (table["headers"] if self._in_head else table["rows"]).append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def _clean(text):
    # Collapses ASCII white space only: the no-break space in "12,3 %" is what a user sees.
    return re.sub(r"[ \t\r\n\f]+", " ", text.replace("\u00ad", "")).strip(" \t\r\n\f")


def tables(html):
    """[{"caption", "headers": [header cells], "rows": [[cell texts]]}] of a page."""
    parser = _Tables()
    parser.feed(html)
    for table in parser.tables:
        table["headers"] = table["headers"][0] if table["headers"] else []
    return parser.tables


def table(html, caption_start):
    """The table whose caption starts with `caption_start`, as a list of {header: cell}."""
    for found in tables(html):
        if found["caption"].startswith(caption_start):
            return [dict(zip(found["headers"], row, strict=True)) for row in found["rows"]]
    raise AssertionError(f"no table with a caption starting with {caption_start!r}")


def json_data(html, element_id):
    """The data a page hands to its script in <script id=... type="application/json">."""
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, f"no json_script {element_id}"
    return json.loads(match.group(1))


def number(text):
    """A cell as a number, the way a Flemish reader reads it: "1.234" → 1234, "12,3 %" → 12.3,
    "4,5 ‰" → 4.5.

    "—" (unknown) reads as None.
    """
    text = text.replace("\u00a0", " ").strip()
    if text == "—":
        return None
    if text.endswith((" %", " ‰")):
        return float(text[:-2].replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(\.\d{3})*", text):
        return int(text.replace(".", ""))
    return text
