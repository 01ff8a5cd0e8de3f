"""The skill's icons, drawn here: this file is their source.

    python -m tools.icons          writes assets/icon-108.png and assets/icon-512.png

Two interlocking rings ("samen") on a deep teal ground, as Amazon asks for a skill: a
square PNG of 108 and of 512 pixels. Each shape is a signed distance, so every size is
drawn sharply and anti-aliased from the same numbers; the output is byte for byte the
same on every machine (tests/test_skill_package.py checks the files are what this makes).
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
SIZES = (108, 512)

# The drawing on a 1 x 1 square: colours, then the rings (centre x, centre y, radius, width).
GROUND = (31, 94, 99)
LEFT_RING = ((0.39, 0.5, 0.215, 0.07), (240, 138, 108))
RIGHT_RING = ((0.61, 0.5, 0.215, 0.07), (246, 231, 200))


def icon_path(size: int) -> Path:
    """Where the icon of `size` pixels is kept."""
    return ASSETS / f"icon-{size}.png"


def _ring_cover(x: float, y: float, ring: tuple[float, float, float, float], pixel: float) -> float:
    cx, cy, radius, width = ring
    distance = abs(math.hypot(x - cx, y - cy) - radius) - width / 2
    return min(1.0, max(0.0, 0.5 - distance / pixel))


def _mix(under: tuple[float, float, float], over: tuple[int, int, int], alpha: float) -> tuple[float, float, float]:
    return (under[0] + (over[0] - under[0]) * alpha, under[1] + (over[1] - under[1]) * alpha,
            under[2] + (over[2] - under[2]) * alpha)


def render(size: int) -> bytes:
    """The icon of `size` x `size` pixels as PNG bytes (RGB, 8 bits)."""
    pixel = 1.0 / size
    rows = bytearray()
    for row in range(size):
        rows.append(0)  # PNG filter: none
        y = (row + 0.5) * pixel
        for column in range(size):
            x = (column + 0.5) * pixel
            colour: tuple[float, float, float] = (float(GROUND[0]), float(GROUND[1]), float(GROUND[2]))
            left = _ring_cover(x, y, LEFT_RING[0], pixel)
            right = _ring_cover(x, y, RIGHT_RING[0], pixel)
            colour = _mix(colour, LEFT_RING[1], left)
            colour = _mix(colour, RIGHT_RING[1], right)
            if y < 0.5:  # the rings interlock: the left one passes over the right one at the top
                colour = _mix(colour, LEFT_RING[1], left)
            rows += bytes(round(c) for c in colour)
    return _png(size, bytes(rows))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png(size: int, rows: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9))
            + _chunk(b"IEND", b""))


def main() -> int:
    ASSETS.mkdir(exist_ok=True)
    for size in SIZES:
        icon_path(size).write_bytes(render(size))
        print(icon_path(size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
