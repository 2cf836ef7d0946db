"""Draw the app icons (a lifter in a hip hinge) as PNGs with nothing but zlib.

    .venv/bin/python scripts/make_icons.py    # writes pwa/icons/*.png

Shapes are capsules and discs, anti-aliased from their signed distance, so the
script needs no imaging library. The maskable icon keeps the figure inside the
central 80 % circle that every launcher mask leaves visible.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "pwa" / "icons"
BACKGROUND = (15, 23, 42)  # slate 900, the manifest's background_color
FIGURE = (45, 212, 191)  # teal 400, the app's accent in the dark scheme
WEIGHT = (245, 158, 11)  # amber 500: the kettlebell

# The figure in a unit square: (x0, y0, x1, y1, half width) capsules and (x, y, r) discs.
LIMBS = [
    (0.60, 0.50, 0.31, 0.34, 0.055),  # torso, hinged forward from the hips
    (0.60, 0.50, 0.63, 0.70, 0.055),  # thigh
    (0.63, 0.70, 0.60, 0.86, 0.050),  # shin, knees soft
    (0.56, 0.87, 0.68, 0.87, 0.035),  # foot
    (0.33, 0.36, 0.36, 0.58, 0.040),  # arm, hanging straight
]
HEAD = (0.22, 0.28, 0.075)
BELL = (0.37, 0.66, 0.075)
HANDLE = (0.37, 0.585, 0.040)


def _segment_distance(px: float, py: float, limb: tuple[float, float, float, float, float]) -> float:
    x0, y0, x1, y1, half = limb
    dx, dy = x1 - x0, y1 - y0
    t = max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - x0 - t * dx, py - y0 - t * dy) - half


def _coverage(distance: float, pixel: float) -> float:
    return max(0.0, min(1.0, 0.5 - distance / pixel))


def _rounded_square_distance(px: float, py: float, radius: float) -> float:
    qx = abs(px - 0.5) - (0.5 - radius)
    qy = abs(py - 0.5) - (0.5 - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def draw(size: int, *, maskable: bool) -> bytes:
    """RGBA rows of one icon."""
    pixel = 1.0 / size
    scale = 0.72 if maskable else 0.92
    rows = bytearray()
    for j in range(size):
        rows.append(0)  # PNG filter type: none
        for i in range(size):
            x, y = (i + 0.5) * pixel, (j + 0.5) * pixel
            alpha = 1.0 if maskable else _coverage(_rounded_square_distance(x, y, 0.2), pixel)
            # Figure coordinates: the figure drawn smaller, its bounding box centred.
            fx, fy = 0.43 + (x - 0.5) / scale, 0.56 + (y - 0.5) / scale
            fpixel = pixel / scale
            figure = max(_coverage(_segment_distance(fx, fy, limb), fpixel) for limb in LIMBS)
            figure = max(figure, _coverage(math.hypot(fx - HEAD[0], fy - HEAD[1]) - HEAD[2], fpixel))
            bell = _coverage(math.hypot(fx - BELL[0], fy - BELL[1]) - BELL[2], fpixel)
            ring = abs(math.hypot(fx - HANDLE[0], fy - HANDLE[1]) - HANDLE[2]) - 0.014
            bell = max(bell, _coverage(ring, fpixel))
            colour = [
                b + (f - b) * figure + (w - (b + (f - b) * figure)) * bell
                for b, f, w in zip(BACKGROUND, FIGURE, WEIGHT, strict=True)
            ]
            rows += bytes(round(c) for c in colour) + bytes([round(255 * alpha)])
    return bytes(rows)


def png(size: int, rgba_rows: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rgba_rows, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("maskable-512.png", 512, True),
        ("apple-touch-icon.png", 180, True),
    ]:
        (ICONS / name).write_bytes(png(size, draw(size, maskable=maskable)))
        print(f"wrote {ICONS / name}")


if __name__ == "__main__":
    main()
