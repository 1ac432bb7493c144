"""The stylesheet of the vendored plotly.js bundle, for a strict CSP.

The dashboards load static/vendor/plotly/plotly-geo.min.js, plotly.js's partial bundle with the
trace types scatter, choropleth and scattergeo (see the README in that folder).

plotly.js adds its base style rules in an inline <style> element, which a CSP without
'unsafe-inline' refuses. It skips that when the page has an element with the id
"plotly.js-style-global" and the class "no-inline-styles": static/css/plotly.css holds the same
rules, written from the bundle by `python -m dashboards.plotly_assets`.
It also adds MapLibre's stylesheet (for tile maps, which the portal does not draw) unless an
element with the id maplibre_style_id() exists: templates/dashboards/_assets_head.html has one.
"""

import re
import sys
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
BUNDLE_NAME = "vendor/plotly/plotly-geo.min.js"
BUNDLE_PATH = STATIC_DIR / BUNDLE_NAME
CSS_PATH = STATIC_DIR / "css" / "plotly.css"

# plotly.js keeps its base rules as {"X .modebar": "position:absolute;...", ...}, X standing
# for ".js-plotly-plot .plotly" and Y for ".plotly-notifier".
_RULES_START = '"X,X div":'
_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)":(?:\'((?:[^\'\\]|\\.)*)\'|"((?:[^"\\]|\\.)*)")')


def _bundle_source():
    return BUNDLE_PATH.read_text(encoding="utf-8")


def plot_css(source=None):
    """The stylesheet plotly.js would inject, from the text of the bundle."""
    source = source if source is not None else _bundle_source()
    start = source.index(_RULES_START)
    end = source.index("}", start)
    lines = [
        f"/* plotly.js base styles, written from static/{BUNDLE_NAME} by",
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
    source = source if source is not None else _bundle_source()
    match = re.search(
        r'document\.getElementById\("([0-9a-f]+)"\)\)\{var e=document\.createElement\("style"\)',
        source,
    )
    return match.group(1) if match else None


if __name__ == "__main__":
    CSS_PATH.write_text(plot_css(), encoding="utf-8")
    sys.stdout.write(f"{CSS_PATH} written\n")
