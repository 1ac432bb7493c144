"""plotly.js served from the installed plotly package, and its stylesheet for a strict CSP.

The plotly Python package ships plotly.min.js in its package data; PlotlyFinder serves it as the
static file vendor/plotly/plotly.min.js, so collectstatic hashes and compresses it with the
portal's own files and the version always matches the installed package.

plotly.js adds its base style rules in an inline <style> element, which a CSP without
'unsafe-inline' refuses. It skips that when the page has an element with the id
"plotly.js-style-global" and the class "no-inline-styles": static/css/plotly.css holds the same
rules, written from the installed plotly.min.js by `python -m dashboards.plotly_assets`.
It also adds MapLibre's stylesheet (for tile maps, which the portal does not draw) unless an
element with the id maplibre_style_id() exists: templates/dashboards/_assets_head.html has one.
"""

import importlib.util
import re
import sys
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

STATIC_PREFIX = "vendor/plotly"
FILE_NAME = "plotly.min.js"
CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "css" / "plotly.css"


def package_data_dir():
    spec = importlib.util.find_spec("plotly")
    return Path(spec.submodule_search_locations[0]) / "package_data"


def plotly_js_path():
    return package_data_dir() / FILE_NAME


class PlotlyFinder(BaseFinder):
    """Finds vendor/plotly/plotly.min.js in the plotly package, and nothing else there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(package_data_dir()))
        self.storage.prefix = STATIC_PREFIX

    def check(self, **kwargs):
        from django.core.checks import Error

        if not plotly_js_path().exists():
            return [Error(f"plotly.js not found at {plotly_js_path()}", id="dashboards.E001")]
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if path == f"{STATIC_PREFIX}/{FILE_NAME}" and plotly_js_path().exists():
            match = str(plotly_js_path())
            return [match] if find_all else match
        return [] if find_all else None

    def list(self, ignore_patterns):
        if plotly_js_path().exists():
            yield FILE_NAME, self.storage


# plotly.js keeps its base rules as {"X .modebar": "position:absolute;...", ...}, X standing
# for ".js-plotly-plot .plotly" and Y for ".plotly-notifier".
_RULES_START = '"X,X div":'
_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)":(?:\'((?:[^\'\\]|\\.)*)\'|"((?:[^"\\]|\\.)*)")')


def plot_css(source=None):
    """The stylesheet plotly.js would inject, from the text of plotly.min.js."""
    source = source if source is not None else plotly_js_path().read_text(encoding="utf-8")
    start = source.index(_RULES_START)
    end = source.index("}", start)
    lines = [
        "/* plotly.js base styles, written from the installed plotly.min.js by",
        "   `python -m dashboards.plotly_assets` (see dashboards/plotly_assets.py). */",
    ]
    for match in _ENTRY.finditer(source, start, end):
        selector = match.group(1)
        if selector.startswith(","):
            selector = " " + selector
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        declarations = match.group(2) if match.group(2) is not None else match.group(3)
        lines.append(f"{selector} {{ {declarations} }}")
    return "\n".join(lines) + "\n"


def maplibre_style_id(source=None):
    """The id of the element that stops plotly.js from adding MapLibre's inline stylesheet."""
    source = source if source is not None else plotly_js_path().read_text(encoding="utf-8")
    match = re.search(
        r'document\.getElementById\("([0-9a-f]+)"\)\)\{var e=document\.createElement\("style"\)',
        source,
    )
    return match.group(1) if match else None


if __name__ == "__main__":
    CSS_PATH.write_text(plot_css(), encoding="utf-8")
    sys.stdout.write(f"{CSS_PATH} written\n")
