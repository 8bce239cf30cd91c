"""Hostile and unusual pictures for the claims' upload tests, built by hand where Pillow would refuse to."""

import io
import struct
import zlib

from PIL import Image


def png_of_size(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` × `height` and whose chunks are all whole: a decompression
    bomb's shape (a few hundred bytes that would take gigabytes to draw)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * 4096)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def jpeg_with_exif(*, orientation: int = 6, size=(60, 20)) -> bytes:
    """A phone's photo: EXIF with a GPS position and an orientation the viewer must apply."""
    image = Image.new("RGB", size, (200, 60, 40))
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0)}  # GPS: Moscow
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def transparent_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def image_in_mode(mode: str, fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (24, 16)).save(buffer, fmt)
    return buffer.getvalue()


def jpeg_with_comment(comment: bytes) -> bytes:
    """A JPEG whose COM segment says what a viewer never shows (and a sniffing browser might run)."""
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (90, 90, 90)).save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


def png_with_text(text: str) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()
