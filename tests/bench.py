"""`make bench`: the portal's performance figures, printed, never asserted.

Each section lives in its own module (tests/bench_*.py) with a `run()` that prints its figures.
Runs against a fresh SQLite database file in a temporary folder unless DATABASE_URL is set.
"""

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocmw_portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="ocmw-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(ROOT / "tests")]) if m.name.startswith("bench_")
    )
    wanted = sys.argv[1:]
    for name in names:
        if wanted and name.removeprefix("bench_") not in wanted:
            continue
        module = importlib.import_module(f"tests.{name}")
        print(f"\n== {name.removeprefix('bench_')} ==")
        module.run()


if __name__ == "__main__":
    main()
