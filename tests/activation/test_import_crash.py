"""An import killed in the middle of its write leaves the old state whole.

`import_results` runs as its own process against a database of its own (a new PostgreSQL
database on the suite's server when the suite runs on PostgreSQL, a SQLite file otherwise), is
sent SIGKILL while it writes, and the stored figures are read back with the database's own
client library.
"""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from tests.bench_import import _csv, _rows

ROOT = Path(__file__).resolve().parents[2]
# tqdm's bar of the write, once a first chunk of rows is written in the open transaction.
WRITING = re.compile(r"Opslaan:\s+([1-9][0-9]?)%")
STATE_SQL = (
    "SELECT local_government_id, quarter, llg_totaal, llg_ingeschreven, llg_in_traject, "
    "llg_uitstroom_werk, llg_duurzaam_werk, status, import_batch_id "
    "FROM activation_quarterlyresult ORDER BY local_government_id, quarter"
)
COUNTS_SQL = (
    "SELECT (SELECT COUNT(*) FROM activation_resultrevision), "
    "(SELECT COUNT(*) FROM activation_importbatch WHERE status = 'verwerkt')"
)


class Database:
    """A database of its own for the command, on the suite's engine."""

    def __init__(self, tmp_path):
        default = settings.DATABASES["default"]
        self.postgres = default["ENGINE"] == "django.db.backends.postgresql"
        if self.postgres:
            self.server = {
                "host": default["HOST"] or "127.0.0.1",
                "port": default["PORT"] or 5432,
                "user": default["USER"],
                "password": default["PASSWORD"],
            }
            self.name = f"import_kill_{os.getpid()}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
            password = f":{self.server['password']}" if self.server["password"] else ""
            self.url = (
                f"postgres://{self.server['user']}{password}@{self.server['host']}:"
                f"{self.server['port']}/{self.name}"
            )
        else:
            self.path = tmp_path / "portaal.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, sql):
        connection = psycopg2.connect(dbname="postgres", **self.server)
        connection.autocommit = True
        try:
            connection.cursor().execute(sql)
        finally:
            connection.close()

    def query(self, sql):
        if self.postgres:
            connection = psycopg2.connect(dbname=self.name, **self.server)
        else:
            connection = sqlite3.connect(self.path)
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            return [tuple(str(value) for value in row) for row in cursor.fetchall()]
        finally:
            connection.close()

    def drop(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')


pytestmark = pytest.mark.django_db


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DJANGO_SECRET_KEY": "test-only-secret",
        "PYTHONUNBUFFERED": "1",
    }
    database.env = env
    for command in (["migrate", "--noinput"], ["load_reference_data"]):
        manage(env, *command)
    yield database
    database.drop()


def manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def kill_while_writing(env, path):
    """Start `import_results` and SIGKILL it once it has written its first rows."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_results", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    seen = []
    writing = threading.Event()

    def watch():
        buffer = ""
        while chunk := process.stderr.read1(4096):
            buffer += chunk.decode(errors="replace")
            if WRITING.search(buffer):
                writing.set()
        seen.append(buffer)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert writing.wait(timeout=240), "the import never started writing"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    watcher.join(timeout=30)
    return process, seen[0] if seen else ""


def test_an_import_killed_while_writing_leaves_the_old_state_and_runs_again(database, tmp_path):
    _, rows = _rows()
    assert len(rows) > 11_000  # 285 to 308 local governments × 40 quarters
    first = tmp_path / "eerste.csv"
    first.write_bytes(_csv(rows))
    manage(database.env, "import_results", str(first))
    old_state, old_counts = database.query(STATE_SQL), database.query(COUNTS_SQL)
    assert old_counts == [(str(0), str(1))]

    # A corrected file: every count of every row is one more.
    corrected = [[*line[:3], *(value + 1 for value in line[3:])] for line in rows]
    second = tmp_path / "correctie.csv"
    second.write_bytes(_csv(corrected))

    process, stderr = kill_while_writing(database.env, second)
    assert process.returncode == -signal.SIGKILL
    assert "is verwerkt" not in process.stdout.read().decode()
    assert WRITING.search(stderr)
    assert database.query(STATE_SQL) == old_state
    assert database.query(COUNTS_SQL) == old_counts

    result = manage(database.env, "import_results", str(second))
    assert f"Rijen: {len(rows)}; nieuw 0, gewijzigd {len(rows)}, ongewijzigd 0" in result.stdout
    new_state = database.query(STATE_SQL)
    assert [(*row[:2], *(int(count) - 1 for count in row[2:7])) for row in new_state] == [
        (*row[:2], *(int(count) for count in row[2:7])) for row in old_state
    ]
    assert database.query(COUNTS_SQL) == [(str(len(rows)), str(2))]
