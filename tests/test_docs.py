"""The operator guide and its pictures cannot rot silently: every picture it (or the
README) shows exists, every page of the window has a picture at both screen sizes, and
the pictures folder holds exactly what ``python3 dev.py screenshots`` makes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "OPERATOR-GUIDE.md"
PICTURES = ROOT / "docs" / "screenshots"
# ![text](target) and [text](target), targets without a scheme
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)")


def _local_links(markdown: Path) -> list[str]:
    return [t for t in LINK.findall(markdown.read_text(encoding="utf-8")) if "://" not in t]


@pytest.mark.parametrize("document", [GUIDE, ROOT / "README.md"], ids=lambda p: p.name)
def test_every_local_link_of_the_documents_exists(document: Path):
    links = _local_links(document)
    assert links, f"{document.name} links nothing; the link pattern is wrong"
    missing = [t for t in links if not (document.parent / t).exists()]
    assert not missing, f"{document.name} links files that do not exist: {missing}"


def test_the_guide_shows_every_picture_the_command_makes():
    from tools.screenshots import all_picture_names

    shown = {Path(t).name for t in _local_links(GUIDE) if t.startswith("screenshots/")}
    made = set(all_picture_names())
    assert made - shown == set(), f"pictures made but not in the guide: {sorted(made - shown)}"
    assert shown <= made, f"pictures in the guide the command does not make: {shown - made}"


def test_every_page_of_the_window_has_a_picture_at_both_sizes():
    from tools.screenshots import SIZES, all_picture_names, picture_name
    from ui.main_window import PAGE_KEYS

    made = set(all_picture_names())
    wanted = {picture_name(page, size) for page in PAGE_KEYS for size in SIZES}
    assert wanted <= made, f"pages without a picture: {sorted(wanted - made)}"
    on_disk = {p.name for p in PICTURES.glob("*.png")}
    assert wanted <= on_disk, f"run python3 dev.py screenshots: {sorted(wanted - on_disk)}"


def test_the_pictures_folder_holds_what_the_command_makes_at_the_sizes_named():
    from PySide6.QtGui import QImageReader

    from tools.screenshots import all_picture_names

    on_disk = {p.name for p in PICTURES.glob("*.png")}
    made = set(all_picture_names())
    assert on_disk == made, (
        f"missing: {sorted(made - on_disk)}; stale: {sorted(on_disk - made)} "
        "(python3 dev.py screenshots makes and prunes them)"
    )
    for name in sorted(on_disk):
        width, height = (int(n) for n in re.findall(r"-(\d+)x(\d+)\.png$", name)[0])
        size = QImageReader(str(PICTURES / name)).size()
        assert (size.width(), size.height()) == (width, height), name
