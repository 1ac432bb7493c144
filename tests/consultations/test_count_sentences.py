"""The count sentences of the report and the output list for 0, 1 and 2."""

import datetime
import re

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("meetings", "sentence"),
    [
        (0, "0 overlegmomenten met 0 concrete resultaten."),
        (1, "1 overlegmoment met 1 concreet resultaat."),
        (2, "2 overlegmomenten met 2 concrete resultaten."),
    ],
)
def test_the_report_counts_its_moments_and_results(
    login, nm_oost, body, make_meeting, meetings, sentence
):
    forum = body("lerend-netwerk-gent-eeklo")
    for n in range(meetings):
        make_meeting(
            forum,
            datetime.date(2024, 3, 5 + n),
            outputs=[("afspraak", f"Afspraak {n}", "open")],
        )
    page = login(nm_oost).get("/overleg/rapport/?van=2024-03-01&tot=2024-03-31")
    text = re.sub(r"<[^>]+>", "", page.content.decode())
    assert f"Periode 01-03-2024 tot en met 31-03-2024: {sentence}" in " ".join(text.split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outputs", "sentence"), [(0, "0 outputs."), (1, "1 output."), (2, "2 outputs.")]
)
def test_the_output_list_counts_its_outputs(login, nm_oost, body, make_meeting, outputs, sentence):
    make_meeting(
        body("lerend-netwerk-gent-eeklo"),
        datetime.date(2024, 3, 5),
        outputs=[("actie", f"Actie {n}", "open") for n in range(outputs)],
    )
    page = login(nm_oost).get("/overleg/output/")
    assert f"<p>{sentence}</p>" in page.content.decode()
