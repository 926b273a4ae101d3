"""Draws Closeknit's app icons as PNGs (two overlapping arcs on the accent colour).

Run once when the design changes: `python scripts/make_icons.py`. Pure standard library.
"""

import math
import struct
import zlib
from pathlib import Path

ACCENT = (156, 66, 33)
CREAM = (251, 247, 242)
OUT = Path(__file__).resolve().parents[1] / "closeknit" / "core" / "static" / "closeknit"


def pixel(x: float, y: float, size: int, maskable: bool) -> tuple[int, int, int, int]:
    u, v = x / size, y / size
    # Maskable icons keep their drawing inside the central safe circle (80%).
    scale = 0.62 if maskable else 0.8
    cx, cy = (u - 0.5) / scale + 0.5, (v - 0.5) / scale + 0.5
    stroke = 0.075
    arcs = ((0.36, 0.47, 0.16, True), (0.64, 0.53, 0.16, False))  # centre x, y, r, upper
    for ax, ay, r, upper in arcs:
        d = math.hypot(cx - ax, cy - ay)
        on_ring = abs(d - r) < stroke / 2
        side = cy <= ay if upper else cy >= ay
        if on_ring and side:
            return (*CREAM, 255)
    return (*ACCENT, 255)


def write_png(path: Path, size: int, *, maskable: bool) -> None:
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x + 0.5, y + 0.5, size, maskable))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    for size in (192, 512):
        write_png(OUT / f"icon-{size}.png", size, maskable=False)
        write_png(OUT / f"icon-maskable-{size}.png", size, maskable=True)
    write_png(OUT / "apple-touch-icon.png", 180, maskable=True)
