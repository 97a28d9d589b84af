"""Copies of a batch record: the PDF people read (rendered back and read with QtPdf) and
``celldeck export batch`` as a user runs it."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtPdf import QPdfDocument

from app.records.audit import AuditKey
from app.records.database import connect_read_only
from app.records.ebr import BatchRecord, assemble
from tests.app.records.conftest import RecordFiles
from ui.ebr_pdf import write_pdf

ROOT = Path(__file__).resolve().parents[3]


def _record(files: RecordFiles) -> BatchRecord:
    conn = connect_read_only(files.db)
    try:
        return assemble(conn, files.batch_id, AuditKey(files.key, create=False))
    finally:
        conn.close()


def _pages(path: Path) -> list[str]:
    """Each page's text on one line: table cells wrap words (and break after hyphens)."""
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return [
        " ".join(document.getAllText(page).text().split()).replace("- ", "-")
        for page in range(document.pageCount())
    ]


def test_pdf_has_header_exceptions_first_steps_and_signature_manifestations(
    qapp, finished: RecordFiles, tmp_path: Path
):
    record = _record(finished)
    out = tmp_path / "ebr.pdf"
    pages = write_pdf(record, out, site="South San Francisco Smart Factory", exported_by="QA")
    texts = _pages(out)
    assert len(texts) == pages >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert f"Batch record {record.batch_id}" in text
        assert "South San Francisco Smart Factory · Kiosk hall A-1" in text
        assert "IN PROGRESS" not in text
    first = texts[0]
    assert "COI-EBR-000001" in first and "CDK-EBR-0001" in first
    assert f"Review by exception — {len(record.exceptions)} item(s)" in first
    assert "is not this batch's cartridge" in first and "CRITICAL" in first
    assert "Status: not reviewed" in first
    everything = "\n".join(texts)
    assert f"Steps — {len(record.steps)} of {len(record.steps)} done" in everything
    assert "Verified by Simulated Verifier (sim-verifier)" in everything
    assert "Volume: 100 mL (limits 50-150 mL)" in everything
    assert "FAILED" not in everything
    assert record.content_hash in everything.replace(" ", "")


def test_pdf_marks_every_page_of_an_unfinished_batch_and_flags_broken_signatures(
    qapp, unfinished: RecordFiles, finished_copy: RecordFiles, tmp_path: Path
):
    out = tmp_path / "open.pdf"
    write_pdf(_record(unfinished), out)
    for text in _pages(out):
        assert "IN PROGRESS -not for release" in text  # (hyphen joined by _pages)
    conn = sqlite3.connect(finished_copy.db, isolation_level=None)
    conn.execute("DROP TRIGGER batch_events_no_update")
    conn.execute("UPDATE batch_events SET new_value = '99.0' WHERE kind = 'entry'")
    conn.close()
    broken = tmp_path / "broken.pdf"
    write_pdf(_record(finished_copy), broken)
    everything = "\n".join(_pages(broken))
    assert "FAILED VERIFICATION" in everything
    assert "changed after signature" in everything


def _celldeck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_export_batch_writes_pdf_csv_and_json(finished: RecordFiles, tmp_path: Path):
    pdf, csv_file, json_file = tmp_path / "r.pdf", tmp_path / "r.csv", tmp_path / "r.json"
    result = _celldeck(
        "--audit-key", str(finished.key), "export", "batch", finished.batch_id,
        "--db", str(finished.db), "--pdf", str(pdf), "--csv", str(csv_file),
        "--json", str(json_file),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"wrote {pdf} (PDF," in result.stdout and "Complete" in result.stdout
    data = json.loads(json_file.read_text(encoding="utf-8"))
    assert data["batch_id"] == finished.batch_id and data["state"] == "Complete"
    assert all(s["status"] == "verified" for step in data["steps"] for s in step["signatures"])
    with csv_file.open(encoding="utf-8", newline="") as handle:
        sections = {row["section"] for row in csv.DictReader(handle)}
    assert {"batch", "step", "entry", "event", "signature", "exception"} <= sections
    assert pdf.read_bytes().startswith(b"%PDF")


def test_export_refuses_an_unknown_batch_and_marks_an_open_one(
    finished: RecordFiles, unfinished: RecordFiles, tmp_path: Path
):
    out = tmp_path / "x.json"
    unknown = _celldeck("--db", str(finished.db), "export", "batch", "B-NOPE", "--json", str(out))
    assert unknown.returncode == 2
    assert "no batch 'B-NOPE'" in unknown.stderr and not out.exists()
    nothing = _celldeck("--db", str(finished.db), "export", "batch", finished.batch_id)
    assert nothing.returncode == 2 and "--pdf, --csv and/or --json" in nothing.stderr
    missing = _celldeck("--db", str(tmp_path / "none.db"), "export", "batch", "B1", "--json", "x")
    assert missing.returncode == 2 and "no station database" in missing.stderr
    open_batch = _celldeck(
        "--audit-key", str(unfinished.key), "--db", str(unfinished.db),
        "export", "batch", unfinished.batch_id, "--json", str(out),
    )  # fmt: skip
    assert open_batch.returncode == 0, open_batch.stderr
    assert "IN PROGRESS - not for release" in open_batch.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["finished"] is False
