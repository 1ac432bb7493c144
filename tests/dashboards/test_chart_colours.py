"""The colours of the charts and the map stand out against the white page: 3:1 at least for
lines, markers, the map's scale and "geen cijfer" (WCAG 2.1, 1.4.11 non-text contrast), and
the page's own legends (dashboards.css) use the colours the charts are drawn in
(dashboards.js). The group colours also stay apart for the common colour-vision deficiencies.
"""

import itertools
import math
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
SCRIPT = (STATIC / "js" / "dashboards.js").read_text()
STYLES = (STATIC / "css" / "dashboards.css").read_text()
HEX = r"#[0-9A-Fa-f]{6}"


def script_constant(name):
    """The hex colours in `var NAME = ...;` of dashboards.js, in order."""
    match = re.search(rf"var {name} = (.*?);", SCRIPT, re.S)
    assert match, f"no var {name} in dashboards.js"
    return [colour.upper() for colour in re.findall(HEX, match.group(1))]


def style_rule(selector):
    """The declarations of the rule for exactly `selector` in dashboards.css (outside @media)."""
    match = re.search(rf"(?m)^{re.escape(selector)} \{{([^}}]*)\}}", STYLES)
    assert match, f"no rule {selector} in dashboards.css"
    return match.group(1)


def style_colours(selector):
    return [colour.upper() for colour in re.findall(HEX, style_rule(selector))]


LINES = script_constant("COLOURS")
INK = script_constant("INK")
MAP_SCALE = script_constant("MAP_SCALE")
NO_FIGURE = script_constant("NO_FIGURE")


def linear(channel):
    channel /= 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def rgb(colour):
    return [linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]


def luminance(colour):
    red, green, blue = rgb(colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(colour, background="#FFFFFF"):
    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Simulated dichromatic vision in linear RGB (Machado, Oliveira & Fernandes 2009, severity 1).
DEFICIENCIES = {
    "gewoon": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    "protanopie": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopie": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopie": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def lab(colour, matrix):
    """CIELAB (D65) of `colour` as seen with `matrix`."""
    seen = [
        min(1, max(0, sum(m * c for m, c in zip(row, rgb(colour), strict=True)))) for row in matrix
    ]
    red, green, blue = seen
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def difference(first, second, matrix):
    """CIE76 colour difference: about 2.3 is just noticeable, above 10 clearly apart."""
    return math.dist(lab(first, matrix), lab(second, matrix))


def test_the_colours_are_read_from_the_script():
    assert len(LINES) == 7 and len(INK) == 1 and len(MAP_SCALE) == 3 and len(NO_FIGURE) == 1


@pytest.mark.parametrize(
    "colour",
    [*LINES, *INK, *MAP_SCALE, *NO_FIGURE],
)
def test_every_chart_and_map_colour_has_3_to_1_against_white(colour):
    assert contrast(colour) >= 3.0, f"{colour}: {contrast(colour):.2f}:1"


def test_the_contrast_formula_gives_the_known_ratios():
    assert contrast("#000000") == pytest.approx(21)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)
    # The colours the charts used before: short of 3:1.
    assert contrast("#E69F00") < 3 and contrast("#56B4E9") < 3
    assert contrast("#E3EEF9") < 3 and contrast("#C4C8CC") < 3


def test_the_page_legends_use_the_colours_of_the_charts():
    for number, colour in enumerate(LINES):
        assert set(style_colours(f".line--{number}")) == {colour}
    assert set(style_colours(".line--own")) == set(INK)
    assert style_colours(".line--median") == INK
    assert style_colours(".map-scale__bar") == MAP_SCALE
    assert style_colours(".swatch--missing") == NO_FIGURE


def test_every_colour_of_the_stylesheet_legends_has_3_to_1_against_white():
    selectors = [f".line--{n}" for n in range(len(LINES))]
    selectors += [".line--own", ".line--median", ".map-scale__bar", ".swatch--missing"]
    for selector in selectors:
        for colour in style_colours(selector):
            assert contrast(colour) >= 3.0, (selector, colour)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_lines_stay_apart_with_colour_vision_deficiencies(deficiency):
    matrix = DEFICIENCIES[deficiency]
    closest = min(
        (difference(a, b, matrix), a, b) for a, b in itertools.combinations([*LINES, *INK], 2)
    )
    assert closest[0] >= 10, closest


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_no_figure_stays_apart_from_the_map_scale(deficiency):
    matrix = DEFICIENCIES[deficiency]
    for low, high in itertools.pairwise(MAP_SCALE):
        for step in range(11):
            shade = mix(low, high, step / 10)
            assert difference(shade, NO_FIGURE[0], matrix) >= 10, (deficiency, shade)


def mix(first, second, share):
    """The colour `share` of the way from `first` to `second`, as plotly.js interpolates (sRGB)."""
    channels = [
        round(int(first[i : i + 2], 16) * (1 - share) + int(second[i : i + 2], 16) * share)
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{channel:02X}" for channel in channels)
