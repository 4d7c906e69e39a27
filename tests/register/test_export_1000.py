"""The access export holds every row about the person and nothing about anyone else: a register
of 1 000 demo people, several of them exported and compared with the database row by row."""

from __future__ import annotations

import io
import json
import random
import zipfile

from sqlalchemy import select

from bot.register.demo import generate
from bot.register.exporter import build_export
from bot.runtime import Runtime
from models import PERSONAL_TABLES, Consent, Person, PersonEmail
from tests.register.factories import AT


def test_export_matches_the_database_for_people_among_1000(rt: Runtime, tmp_path) -> None:
    with rt.db.session() as s:
        generate(s, people=1000, now=AT, seed=11)
    with rt.db.session() as s:
        ids = list(s.execute(select(Person.id).order_by(Person.id)).scalars())
        emails = dict(s.execute(select(PersonEmail.person_id, PersonEmail.normalized)).all())
    for pid in random.Random(5).sample(ids, 4):
        with rt.db.session() as s:
            person = s.get(Person, pid)
            path, summary = build_export(s, rt, person, dest_dir=tmp_path)
            expected = {}
            for name, model in PERSONAL_TABLES.items():
                where = model.person_id == pid
                if model is Consent:
                    where = where | (Consent.email_normalized == emails[pid])
                expected[name] = sorted(s.execute(select(model.id).where(where)).scalars())
        z = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
        tables = json.loads(z.read("data.json"))["tables"]
        assert [r["id"] for r in tables["person"]] == [pid]
        for name, want in expected.items():
            got = sorted(r["id"] for r in tables[name])
            assert got == want, name
            assert all(r.get("person_id") in (pid, None) for r in tables[name]), name
            assert summary.rows[name] == len(want)
            csv_lines = z.read(f"csv/{name}.csv").decode("utf-8-sig").strip().splitlines()
            assert len(csv_lines) - 1 >= len(want)  # header + rows (a field may span lines)
        everything = b"".join(z.read(n) for n in z.namelist()).decode("utf-8")
        others = [e for p, e in emails.items() if p != pid]
        assert not [e for e in others if e in everything], "another person's address in the export"
