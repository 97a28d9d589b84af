"""Finished batch records made once per module, copied for each test that alters one."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.records.audit import checkpoint_path_for
from tests.app.batch.conftest import small_recipe
from tests.app.records.finished_batch import make_finished_batch_in_thread


@dataclass(frozen=True)
class RecordFiles:
    """A station database holding one batch, and the audit key it was sealed with."""

    db: Path
    key: Path
    batch_id: str

    def copy_to(self, folder: Path) -> RecordFiles:
        """A copy to alter: database, key and audit checkpoint (found by database path)."""
        folder.mkdir(parents=True, exist_ok=True)
        db, key = folder / self.db.name, folder / "keys" / "audit.key"
        shutil.copy2(self.db, db)
        key.parent.mkdir()
        shutil.copy2(self.key, key)
        checkpoint = checkpoint_path_for(self.key, self.db)
        if checkpoint.exists():
            shutil.copy2(checkpoint, checkpoint_path_for(key, db))
        return RecordFiles(db, key, self.batch_id)


def _make(folder: Path, **options: object) -> RecordFiles:
    db, key = folder / "station.sqlite3", folder / "keys" / "audit.key"
    batch_id = make_finished_batch_in_thread(db, key, small_recipe(), **options)
    return RecordFiles(db, key, batch_id)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> RecordFiles:
    """A Complete batch of the small test recipe with a wrong identity scan, an entry out
    of limits, a hold and restart, a comment and bound step signatures."""
    return _make(tmp_path_factory.mktemp("finished"))


@pytest.fixture(scope="module")
def unfinished(tmp_path_factory: pytest.TempPathFactory) -> RecordFiles:
    """A batch held in its first step."""
    return _make(tmp_path_factory.mktemp("unfinished"), finish=False)


@pytest.fixture
def finished_copy(finished: RecordFiles, tmp_path: Path) -> RecordFiles:
    return finished.copy_to(tmp_path / "copy")
