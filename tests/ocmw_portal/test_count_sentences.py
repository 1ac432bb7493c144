"""Every count the pages show goes through the one plural rule (ocmw_portal.dutch): "1 lokaal
bestuur", "2 lokale besturen", "0 lokale besturen", never "1 lokale besturen" or "49 output"."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
COUNTED = re.compile(r'\|(counted|word):"([^"]*)"')


def _counted_nouns():
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        for kind, forms in COUNTED.findall(path.read_text(encoding="utf-8")):
            found.add((path.relative_to(TEMPLATES).as_posix(), kind, forms))
    return sorted(found)


def test_the_templates_count_with_the_plural_rule():
    assert len(_counted_nouns()) >= 20


@pytest.mark.parametrize(("template", "kind", "forms"), _counted_nouns())
def test_each_counted_noun_reads_right_for_0_1_and_2(template, kind, forms):
    singular, comma, plural = forms.partition(",")
    assert comma and singular and plural and singular != plural, f"{template}: {forms!r}"
    rendered = [
        Template(f'{{{{ n|{kind}:"{forms}" }}}}').render(Context({"n": n})) for n in (0, 1, 2)
    ]
    if kind == "counted":
        assert rendered == [f"0 {plural}", f"1 {singular}", f"2 {plural}"]
    else:
        assert rendered == [plural, singular, plural]


def test_no_template_counts_by_hand():
    by_hand = re.compile(r"pluralize|== 1 %\}")
    offenders = [
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if by_hand.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
