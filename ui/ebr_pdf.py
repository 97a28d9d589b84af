"""The batch record as a PDF (21 CFR 11.10(b): an accurate and complete copy in human
readable form): A4 pages with a header naming site, station, batch and "page x of y";
QA's review status and the review-by-exception list on the first page; then every step
with its times, entries, scans, confirmations, people and signature manifestations
("Verified by NAME (id), UTC time"), the deviations, the alarms, the comments and the
whole event log. A broken signature is marked in words and frame, never by colour
alone; an unfinished batch carries "IN PROGRESS - not for release" on every page.

Drawn with QPdfWriter and a QTextDocument (tables paginate by themselves and repeat
their header rows), so it needs a QGuiApplication but no window: ``write_pdf`` makes an
offscreen one when the command line calls it.
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from app.records.ebr import BatchRecord, SignatureCheck, StepRecord

RESOLUTION_DPI = 300
MARGIN_MM = 14.0
HEADER_MM = 13.0
FOOTER_MM = 9.0
BODY_FONT_PT = 8.0
FONT_FAMILY = "DejaVu Sans"
_SEVERITY_MARK = {
    "critical": "◆ CRITICAL",
    "major": "▲ MAJOR",
    "minor": "■ minor",
    "info": "● info",
}

_STYLE = """
body { font-family: 'DejaVu Sans'; }
h1 { font-size: 15pt; margin: 0 0 4pt 0; }
h2 { font-size: 11pt; margin: 10pt 0 3pt 0; }
table { border-collapse: collapse; }
th { background: #d9d9d9; font-weight: bold; text-align: left; }
td, th { padding: 2pt; vertical-align: top; }
.small { font-size: 7pt; color: #333333; }
.mark { font-weight: bold; font-size: 11pt; }
.bad { font-weight: bold; background: #ffe0e0; }
.label { color: #333333; }
"""


def ensure_gui_application() -> QGuiApplication:
    """The QGuiApplication PDF drawing needs (fonts); offscreen when none exists yet."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(sys.argv[:1])
    assert isinstance(app, QGuiApplication)
    return app


def write_pdf(record: BatchRecord, path: Path, *, site: str = "", exported_by: str = "") -> int:
    """Write ``record`` to ``path`` as an A4 PDF; returns the number of pages."""
    ensure_gui_application()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(f"Batch record {record.batch_id}")
    writer.setCreator("CellDeck")
    area = writer.pageLayout().paintRectPixels(RESOLUTION_DPI)
    header_px = _mm(HEADER_MM)
    footer_px = _mm(FOOTER_MM)
    body = QRectF(0, header_px, area.width(), area.height() - header_px - footer_px)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(BODY_FONT_PT)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(_STYLE)
    document.setPageSize(QSizeF(body.width(), body.height()))
    document.setHtml(record_html(record))
    pages = document.pageCount()
    painter = QPainter(writer)
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            if record.marking:
                _watermark(painter, QRectF(0, 0, area.width(), area.height()), record.marking)
            _header(painter, record, site, page + 1, pages, area.width(), header_px)
            _footer(painter, record, exported_by, area.width(), area.height(), footer_px)
            painter.save()
            painter.translate(body.left(), body.top() - page * body.height())
            document.drawContents(
                painter, QRectF(0, page * body.height(), body.width(), body.height())
            )
            painter.restore()
    finally:
        painter.end()
    return pages


def _mm(mm: float) -> float:
    return mm / 25.4 * RESOLUTION_DPI


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _header(
    painter: QPainter,
    record: BatchRecord,
    site: str,
    page: int,
    pages: int,
    width: float,
    height: float,
) -> None:
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    painter.save()
    painter.setPen(QColor("#000000"))
    first = QRectF(0, 0, width, height * 0.42)
    painter.setFont(_font(8))
    painter.drawText(first, left, " · ".join(p for p in (site, record.station) if p))
    painter.drawText(first, right, f"Page {page} of {pages}")
    second = QRectF(0, height * 0.42, width, height * 0.45)
    painter.setFont(_font(9.5, bold=True))
    title = f"Batch record {record.batch_id}"
    if record.marking:
        title += f"  —  {record.marking}"
    painter.drawText(second, left, title)
    painter.setFont(_font(8.5))
    painter.drawText(second, right, f"CoI {record.coi} · {record.state}")
    painter.setPen(QPen(QColor("#000000"), _mm(0.3)))
    painter.drawLine(0, int(height * 0.92), int(width), int(height * 0.92))
    painter.restore()


def _footer(
    painter: QPainter,
    record: BatchRecord,
    exported_by: str,
    width: float,
    height: float,
    footer: float,
) -> None:
    painter.save()
    painter.setPen(QPen(QColor("#000000"), _mm(0.2)))
    top = height - footer * 0.8
    painter.drawLine(0, int(top), int(width), int(top))
    painter.setFont(_font(7))
    text = (
        f"CellDeck electronic batch record · content sha256 {record.content_hash[:16]}… · "
        f"printed {_time(record.generated_utc)} UTC" + (f" by {exported_by}" if exported_by else "")
    )
    painter.drawText(
        QRectF(0, top, width, footer * 0.8),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        text,
    )
    painter.restore()


def _watermark(painter: QPainter, page: QRectF, text: str) -> None:
    painter.save()
    painter.setPen(QColor(0, 0, 0, 40))
    painter.setFont(_font(40, bold=True))
    painter.translate(page.center())
    painter.rotate(-35)
    box = QRectF(-page.width(), -page.height() / 8, page.width() * 2, page.height() / 4)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


# --- content ---------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _time(utc: str | None) -> str:
    """An ISO UTC time as people read it on paper: 2026-11-23 17:34:12."""
    if not utc:
        return "—"
    return utc.replace("T", " ")[:19]


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], widths: Iterable[int]) -> str:
    """Cells are HTML already. Header rows repeat on each page (thead)."""
    head = "".join(f'<th width="{w}%">{_e(h)}</th>' for h, w in zip(headers, widths, strict=True))
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        '<table width="100%" border="1" cellspacing="0" cellpadding="3">'
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


def _signature(check: SignatureCheck) -> str:
    text = _e(check.manifestation)
    if check.status == "verified":
        return f"{text} <span class='small'>✔ verified</span>"
    if check.status == "not checked":
        return f"{text} <span class='small'>(not checked: {_e(check.problem)})</span>"
    return f"<span class='bad'>✖ FAILED VERIFICATION: {text} — {_e(check.problem)}</span>"


def record_html(record: BatchRecord) -> str:
    """The record's body as the HTML subset QTextDocument lays out."""
    parts = ["<html><body>"]
    parts.append("<h1>Electronic batch record</h1>")
    if record.marking:
        parts.append(f"<p class='mark'>{_e(record.marking)}: the batch is {_e(record.state)}.</p>")
    parts.append(_identity(record))
    parts.append("<h2>QA review and approval</h2>")
    parts.append(f"<p><b>Status: {_e(record.approval)}</b></p>")
    if record.reviews:
        parts.append("<p>" + "<br/>".join(_signature(r) for r in record.reviews) + "</p>")
    parts.append(f"<h2>Review by exception — {len(record.exceptions)} item(s)</h2>")
    if record.exceptions:
        parts.append(
            _table(
                ("Severity", "What", "Time (UTC)", "Step", "Detail"),
                (
                    (
                        f"<b>{_e(_SEVERITY_MARK[x.severity])}</b>",
                        _e(x.category),
                        _e(_time(x.utc)),
                        f"<span class='small'>{_e(x.step)}</span>",
                        f"{_e(x.text)} <span class='small'>[{_e(x.ref)}]</span>",
                    )
                    for x in record.exceptions
                ),
                (11, 14, 14, 18, 43),
            )
        )
    else:
        parts.append("<p>Nothing abnormal was recorded.</p>")
    parts.append("<div style='page-break-before: always'></div>")
    parts.append(f"<h2>Steps — {record.steps_completed} of {record.steps_total} done</h2>")
    parts.append(
        _table(
            ("#", "Step and what was recorded", "Time (UTC)", "Signatures"),
            (_step_row(step) for step in record.steps),
            (4, 48, 18, 30),
        )
    )
    parts.append(f"<h2>Deviations — {len(record.deviations)}</h2>")
    if record.deviations:
        parts.append(
            _table(
                ("#", "Time (UTC)", "Severity", "Kind", "Step", "Message"),
                (
                    (
                        _e(d.deviation_id),
                        _e(_time(d.utc)),
                        _e(d.severity),
                        _e(d.kind),
                        f"<span class='small'>{_e(d.step)}</span>",
                        _e(d.message) + (" <b>(held the batch)</b>" if d.holds_batch else ""),
                    )
                    for d in record.deviations
                ),
                (5, 14, 9, 14, 18, 40),
            )
        )
    else:
        parts.append("<p>None.</p>")
    parts.append(
        f"<h2>Alarms on the batch's equipment during the batch — {len(record.alarms)}</h2>"
    )
    if record.alarms:
        parts.append(
            _table(
                ("Time (UTC)", "Alarm", "Priority", "Event", "State", "Value", "By / comment"),
                (
                    (
                        _e(_time(a.utc)),
                        f"{_e(a.alarm_id)}",
                        _e(a.priority),
                        _e(a.event),
                        _e(a.state),
                        _e(a.value),
                        _e(" ".join(p for p in (a.user_id, a.comment) if p)),
                    )
                    for a in record.alarms
                ),
                (14, 30, 9, 10, 9, 10, 18),
            )
        )
    else:
        parts.append("<p>None.</p>")
    parts.append(f"<h2>Comments — {len(record.comments)}</h2>")
    if record.comments:
        parts.append(
            "<p>"
            + "<br/>".join(
                f"{_e(_time(c.utc))} {_e(c.user_name)} ({_e(c.user_id)}): {_e(c.text)}"
                for c in record.comments
            )
            + "</p>"
        )
    else:
        parts.append("<p>None.</p>")
    parts.append(f"<h2>Event log — {len(record.events)} events</h2>")
    parts.append(
        _table(
            ("#", "Time (UTC)", "What", "Step / target", "Old → new", "Who", "Why"),
            (
                (
                    _e(ev.event_id),
                    _e(_time(ev.utc)),
                    _e(ev.kind),
                    f"<span class='small'>{_e(ev.step)}</span>"
                    + (f"<br/>{_e(ev.target)}" if ev.target not in ("", ev.step) else ""),
                    _e(" → ".join(v for v in (ev.old_value, ev.new_value) if v is not None)),
                    _e(f"{ev.user_name} ({ev.user_id})" if ev.user_id else "CellDeck"),
                    _e(ev.reason),
                )
                for ev in record.events
            ),
            (4, 13, 12, 19, 18, 14, 20),
        )
    )
    parts.append(
        "<p class='small'>End of batch record. The content sha256 "
        f"{_e(record.content_hash)} covers the recorded facts (identity, recipe, steps, "
        "signatures as given, deviations, alarms, comments, events); QA's review and approval "
        "signatures are bound to it.</p>"
    )
    parts.append("</body></html>")
    return "".join(parts)


def _identity(record: BatchRecord) -> str:
    pairs = (
        ("Batch", record.batch_id),
        ("State", record.state + ("" if record.finished else f" ({IN_PROGRESS_WORDS})")),
        ("Chain of identity", record.coi),
        ("Cartridge", record.barcode),
        ("Recipe", f"{record.recipe_id} v{record.recipe_version} — {record.recipe_name}"),
        ("Recipe sha256", record.recipe_hash),
        ("Product", record.product or "—"),
        ("Unit", record.unit),
        ("Station", record.station or "—"),
        ("Created by", record.created_by),
        ("Created (UTC)", _time(record.created_utc)),
        ("Started (UTC)", _time(record.started_utc)),
        ("Ended (UTC)", _time(record.ended_utc)),
        ("Steps", f"{record.steps_completed} of {record.steps_total}"),
    )
    rows = []
    for index in range(0, len(pairs), 2):
        cells = []
        for label, value in pairs[index : index + 2]:
            cells.append(
                f"<td width='16%' class='label'>{_e(label)}</td>"
                f"<td width='34%'><b>{_e(value)}</b></td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<table width='100%' border='1' cellspacing='0' cellpadding='3'>"
        + "".join(rows)
        + "</table>"
    )


IN_PROGRESS_WORDS = "not finished"


def _step_row(step: StepRecord) -> tuple[str, ...]:
    lines = [f"<b>{_e(step.phase)}</b> <span class='small'>{_e(step.path)}</span>"]
    if step.status != "done":
        lines.append(f"<b>{_e(step.status.upper())}</b>")
    elif step.outcome and step.outcome != "done":
        lines.append(f"Outcome: {_e(step.outcome)}")
    for entry in step.entries:
        value = "—" if entry.value is None else f"{entry.value:g}"
        lines.append(
            f"Entry {_e(entry.label)}: <b>{_e(value)} {_e(entry.unit)}</b> "
            f"(limits {_e(entry.limits)}) — {_e(entry.user)}, {_e(_time(entry.utc)[11:])}"
        )
    for scan in step.scans:
        lines.append(
            f"Scan {_e(scan.label)}: <b>{_e(scan.value)}</b> — {_e(scan.user)}, "
            f"{_e(_time(scan.utc)[11:])}"
        )
    for confirmation in step.confirmations:
        lines.append(
            f"Confirmed “{_e(confirmation.text)}” — {_e(confirmation.user)}, "
            f"{_e(_time(confirmation.utc)[11:])}"
        )
    for action in step.actions:
        lines.append(f"Equipment: {_e(action)}")
    if step.operators:
        lines.append(f"<span class='small'>People: {_e(', '.join(step.operators))}</span>")
    times = (
        f"start {_e(_time(step.started_utc))}<br/>end {_e(_time(step.ended_utc))}<br/>"
        f"{_e(_duration(step.duration_s))} (expected {step.expected_h:g} h"
        + (f", max {step.max_h:g} h" if step.max_h is not None else "")
        + ")"
    )
    signatures = "<br/>".join(_signature(s) for s in step.signatures)
    missing = [m for m in step.required_signatures if m not in {s.meaning for s in step.signatures}]
    if missing and step.status == "done":
        signatures += ("<br/>" if signatures else "") + (
            f"<span class='bad'>✖ no bound signature: {_e(', '.join(missing))}</span>"
        )
    return (_e(step.index + 1), "<br/>".join(lines), times, signatures or "—")
