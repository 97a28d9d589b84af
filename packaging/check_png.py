#!/usr/bin/env python3
"""Check that a screenshot PNG really shows something: size, and how many pixels and
colours differ from the background. Standard library only, so the installed-package test
needs nothing but python3 on the test machine (the installed CellDeck has no Python).

    python3 packaging/check_png.py overview.png --size 1920x1080
"""

from __future__ import annotations

import argparse
import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG colour type -> samples per pixel (8-bit)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(path: Path) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat = 8, b""
    width = height = bpp = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in CHANNELS or interlace:
                raise ValueError(f"{path}: only 8-bit, non-interlaced PNGs are checked")
            bpp = CHANNELS[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                upleft = previous[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + _paeth(left, up, upleft)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png", type=Path)
    parser.add_argument("--size", help="expected WxH")
    parser.add_argument("--min-colours", type=int, default=20)
    parser.add_argument("--min-drawn", type=float, default=0.05, help="share not background")
    args = parser.parse_args(argv)
    width, height, bpp, rows = read_png(args.png)
    # Every 4th pixel of every 4th row: plenty for a verdict, quick in pure Python.
    pixels = Counter(row[x : x + bpp] for row in rows[::4] for x in range(0, width * bpp, 4 * bpp))
    background, count = pixels.most_common(1)[0]
    drawn = 1 - count / sum(pixels.values())
    print(
        f"{args.png}: {width}x{height}, {len(pixels)} colours, {drawn:.0%} of pixels differ "
        f"from the background #{background[:3].hex()}"
    )
    problems = []
    if args.size and f"{width}x{height}" != args.size:
        problems.append(f"size {width}x{height}, expected {args.size}")
    if len(pixels) < args.min_colours:
        problems.append(f"only {len(pixels)} colours: looks blank")
    if drawn < args.min_drawn:
        problems.append(f"only {drawn:.1%} of pixels drawn: looks blank")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
