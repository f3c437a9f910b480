"""Make the app's raster icons from its SVG: PNGs at the usual sizes, a Windows .ico and a
macOS .icns. Run it again after changing the SVG, and commit what it writes.

    python packaging/make_icons.py

Renders with Qt's SVG renderer (PySide6, already a dependency; offscreen, no screen needed).
The .ico and .icns are plain containers of PNG images, written here with the standard
library, so building the bundle needs no image tool on any platform.

Writes:
    resources/icons/hicolor/<N>x<N>/apps/<id>.png   N = 16 24 32 48 64 128 256 512
                                                    (the freedesktop icon theme layout)
    packaging/icons/<id>.ico                        16 to 256, for the Windows executable
    packaging/icons/<id>.icns                       16 to 1024, for the macOS .app
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from followup_desktop.paths import APP_ID  # noqa: E402  (after the path is set)

SVG = ROOT / "resources" / "icons" / f"{APP_ID}.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types holding PNG data, and the pixel size of each.
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
    (b"ic14", 512),
)  # fmt: skip


def png_path(size: int, root: Path = ROOT) -> Path:
    return root / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def ico_path(root: Path = ROOT) -> Path:
    return root / "packaging" / "icons" / f"{APP_ID}.ico"


def icns_path(root: Path = ROOT) -> Path:
    return root / "packaging" / "icons" / f"{APP_ID}.icns"


def render(sizes: Iterable[int]) -> dict[int, bytes]:
    """The SVG as PNG bytes at each size (square, transparent background)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    result = {}
    for size in sorted(set(sizes)):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        result[size] = bytes(data.data())
    return result


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon file whose images are PNGs (read by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon file whose images are PNGs."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")


def main() -> int:
    pngs = render([*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)])
    for size in PNG_SIZES:
        write(png_path(size), pngs[size])
    write(ico_path(), ico({size: pngs[size] for size in ICO_SIZES}))
    write(icns_path(), icns(pngs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
