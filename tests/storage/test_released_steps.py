"""Released migration steps run, statement for statement, the SQL they ran when released.

A released step is never edited (``storage/migrations.py``): the Python that builds its DDL may
be rearranged, its SQL may not. Each digest is of the statements the step sends to SQLite, in
order, on a fresh database that has every earlier step.
"""

from __future__ import annotations

import hashlib

from sqlite_utils import Database

from desktop_app.storage import migrations

RELEASED = {
    "0001_rectification": "c653f6bf9abcf210f9554ad2439fcd05add2d6c67a073b69272c210cc3c620b6",
    "0002_personnel": "da0ed6739f3437bc5b75f486ab33d85cf400cbd84f17616fa27e7308534e292e",
    "0003_training": "cb43f82e48223c5793e37363426b55bb249428169941f5ed05d87702259071c3",
    "0004_rectification_search": "9ec929e3a721d338b546064856134447d8b450e61b31000b2734752b2b57c61c",
    "0005_personnel_search": "93b2f38d5cb6207d376ebfc1cea4af4f79d8463ae6c6976e2b9553c336d3a8f5",
    "0006_training_search": "51ec40446401191391ee4b862092bfdec4403578581ac3c4e1b2721c991a6b63",
    "0007_import_batches": "3f924b4d0c0946aaabc7a5d942094bb62bd46b468049719be60acccb83f646d2",
    "0008_draws": "5ea3be7e5e4cfe1bd6d3bf34233729ce6dbc812f9737dbe912946d37391e0214",
    "0009_personnel_ids": "dec8f0493a973e8f45158389abae9ec1e29660ca69f3ebaa1994ef85e5c147ac",
    "0009_rectification_ids": "d8b3a1fe5c7bb699b80300fc92dd1fbc47da2b86b34321512ad9dd8c3949dd3f",
    "0009_training_ids": "666a006d7203e9ffa263e0179fab7f1177d95b83feb58f211a75cf399cc3b342",
    "0010_escalations": "3ffc4e78015f409a5838ba6e2766768567bd4a26962d1fc47c4404e39056545e",
}


def _statements() -> dict[str, list[str]]:
    db = Database(memory=True)
    ran: dict[str, list[str]] = {}
    for name, step in migrations.STEPS.items():
        seen: list[str] = []
        db.conn.set_trace_callback(seen.append)
        step(db)
        db.conn.set_trace_callback(None)
        ran[name] = seen
    return ran


def test_every_released_step_runs_the_sql_it_was_released_with() -> None:
    ran = _statements()
    digests = {name: hashlib.sha256("\n".join(ran[name]).encode()).hexdigest() for name in RELEASED}
    assert digests == RELEASED
    assert list(ran)[: len(RELEASED)] == list(RELEASED)  # in the released order
