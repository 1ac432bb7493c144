"""A table that may scroll sideways on a phone sits in a frame that the keyboard can reach and
a screen reader names (tabindex, role, aria-label or aria-labelledby), as axe-core's
scrollable-region rule asks."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FRAME = re.compile(r'<div class="table-wrap[^"]*"[^>]*>')


def test_every_table_frame_can_be_reached_and_is_named():
    frames = {
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in TEMPLATES.rglob("*.html")
        for tag in FRAME.findall(path.read_text(encoding="utf-8"))
    }
    assert len(frames) > 20
    unnamed = [
        frame
        for frame in sorted(frames)
        if not (
            'tabindex="0"' in frame
            and 'role="region"' in frame
            and ("aria-label=" in frame or "aria-labelledby=" in frame)
        )
    ]
    assert unnamed == []
