"""The station's memory budget, and what the process can tell about its own memory.

A station's resident memory is mostly fixed by the plant's size (devices' latest values,
alarm definitions, batch state: Python objects) plus caches with a stated size. What
fills after start-up, and its bound:

- **SQLite page caches**, per long-lived connection (``PRAGMA cache_size``, set from the
  constants below): the history writer 32 MiB, the history reader 2 MiB, the station
  records 2 MiB; 36 MiB in all, and 1 MiB more for an archive while a retention pass
  writes it. The writer's cache holds the B-tree pages its inserts touch (about two leaf
  pages per stored tag: ~9,800 tags on the full site); with 2 MiB it re-reads them on
  every write and took ~1 CPU-second per second against ~0.25 with 32 MiB (2026-11-23,
  full site at 1000x). It fills with the file in about 90 s of wall
  time on the full site, whatever the simulation speed. No connection uses ``mmap``.
  Short-lived connections (exports, audit verification, backups) have SQLite's default
  2 MiB and release it when closed.
- **Python's allocator** keeps the arenas of the highest peak of live objects (an arena
  is returned only when empty). The peaks come from the historian's intake queue while
  its writer is busy, so retention moves a few tags at a time with writes in between
  (``app/records/history_retention.py``).

- **Python's cycle collector** is told to leave the objects built at start-up alone
  (``freeze_long_lived``): a full collection walks every tracked object, and with a full
  site's plant, station and window (~200,000 objects) one took 75-100 ms, in whichever
  thread triggered it, while it held the GIL: the overview's worst frames (2026-11-23).
  Frozen objects are still freed by reference counting; only a reference cycle among
  them would never be collected, so a window being replaced is thawed first
  (``thaw_long_lived``) and the new one frozen once the old is gone.

``celldeck bench soak`` reports resident memory at start, after a warm-up (caches full)
and at the end, with this module's breakdown; docs/PERFORMANCE.md has the figures.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import math
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

MIB = 2**20

HISTORY_WRITER_CACHE_MIB = 32
HISTORY_READER_CACHE_MIB = 2
RECORDS_CACHE_MIB = 2
# An archive being written by a retention pass (attached to the history writer).
ARCHIVE_CACHE_MIB = 1
SQLITE_CACHE_BUDGET_MIB = HISTORY_WRITER_CACHE_MIB + HISTORY_READER_CACHE_MIB + RECORDS_CACHE_MIB


def set_cache_budget(conn: sqlite3.Connection, mib: int, schema: str = "main") -> None:
    """Bound the page cache of a connection's database ``schema`` (``main`` or an attached
    one; a negative cache_size is in KiB)."""
    conn.execute(f"PRAGMA {schema}.cache_size=-{int(mib) * 1024}")


def freeze_long_lived() -> int:
    """Collect what is garbage now, then keep every object alive now out of later
    collections (``gc.freeze``): the plant, the station and the window live as long as
    the process, and walking them made each full collection a 75-100 ms pause of every
    thread. Returns how many objects are frozen. Call once start-up is done."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def thaw_long_lived() -> None:
    """Give the frozen objects back to the collector (before a window is replaced: the
    old one's reference cycles must be collectable once it is gone)."""
    gc.unfreeze()


@dataclass(frozen=True, slots=True)
class MemoryReading:
    """The process's memory now, in MB. ``None`` where this platform does not tell."""

    rss_mb: float
    anonymous_mb: float | None  # heap, arenas, stacks: what the process allocated
    file_backed_mb: float | None  # mapped code and data files (libraries, Qt, numpy)
    sqlite_mb: float | None  # every SQLite connection's memory: caches, schemas, statements
    malloc_in_use_mb: float | None  # C heap in use (SQLite, numpy, Python's big objects)
    malloc_free_mb: float | None  # C heap free but kept by malloc (fragmentation)
    python_blocks: int  # small objects held by Python's allocator


def read_memory() -> MemoryReading:
    rss, anonymous = _rss_and_anonymous_mb()
    in_use, free = _malloc_mb()
    sqlite_bytes = _sqlite_memory_used()
    return MemoryReading(
        rss_mb=rss,
        anonymous_mb=anonymous,
        file_backed_mb=None if anonymous is None else round(rss - anonymous, 1),
        sqlite_mb=None if sqlite_bytes is None else round(sqlite_bytes / MIB, 1),
        malloc_in_use_mb=in_use,
        malloc_free_mb=free,
        python_blocks=sys.getallocatedblocks(),
    )


def rss_mb() -> float:
    """The process's resident memory now (Linux), or its peak where that is all the OS
    tells (the peak then only grows)."""
    return _rss_and_anonymous_mb()[0]


def _rss_and_anonymous_mb() -> tuple[float, float | None]:
    with contextlib.suppress(OSError, ValueError):
        fields: dict[str, int] = {}
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if rest.strip().endswith("kB"):
                fields[name] = int(rest.split()[0])
        return round(fields["Rss"] / 1024, 1), round(fields["Anonymous"] / 1024, 1)
    with contextlib.suppress(OSError, ValueError, IndexError):
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / MIB, 1), None
    try:
        import resource  # not on Windows
    except ImportError:
        return math.nan, None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (MIB if sys.platform == "darwin" else 1024), 1), None


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _malloc_mb() -> tuple[float | None, float | None]:
    """glibc's heap (all arenas): bytes in use (with big blocks mapped apart) and free
    bytes it keeps; (None, None) on other C libraries."""
    if not sys.platform.startswith("linux"):
        return None, None
    try:
        libc = ctypes.CDLL(None)
        mallinfo2 = libc.mallinfo2  # glibc 2.33+
    except (OSError, AttributeError):
        return None, None
    mallinfo2.restype = _Mallinfo2
    info = mallinfo2()
    return round((info.uordblks + info.hblkhd) / MIB, 1), round(info.fordblks / MIB, 1)


def _sqlite_memory_used() -> int | None:
    """Bytes SQLite holds now, asked of the SQLite library Python's sqlite3 module uses
    (looked up through the module's own extension, so never another copy of SQLite)."""
    with contextlib.suppress(ImportError, OSError, AttributeError):
        import _sqlite3

        function = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
        function.restype = ctypes.c_int64
        function.argtypes = []
        return int(function())
    return None
