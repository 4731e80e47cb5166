"""The Japanese font a browser console is served: one face (JP, Regular) of the font the PDF prints
with, cut down to what the consoles can show, built once and kept.

The serving machine's Noto Sans CJK is a collection of ten faces (19.5 MB); a room of tablets each
fetching it before the first frame is hundreds of megabytes on the room's Wi-Fi. This takes the
Japanese face alone and keeps only the characters the consoles show: ASCII, JIS X 0208 (the kana,
the 6,355 kanji of everyday Japanese, its punctuation and symbols), and every character of the
phrasebook's Japanese and of the bundled scenarios and doctrine packs (fontTools, installed with
WeasyPrint). WOFF2 when brotli is there (2.4 MB), else OpenType (about 3.4 MB). Building takes
some 20 s of CPU, so it is done once, off the event loop, and kept in the user's cache directory
under a name that says what it was built from: a later server, or a second one, takes it as is."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FORMAT_VERSION = "2"  # change when what goes into the font changes: the kept copies are then rebuilt
ASCII = range(0x20, 0x7F)


@dataclass(frozen=True)
class Face:
    path: Path
    index: int  # the face's number in a collection (.ttc); 0 for a single font


def source_face() -> Face | None:
    """The Japanese face the PDF prints with: the first family of the report's stack that this
    machine's fontconfig has, in its Regular style (None: none, or fontconfig cannot be asked)."""
    from tabletop.consoles.joinsheet import CJK_FONTS

    if shutil.which("fc-list") is None:
        return None
    for family in CJK_FONTS.split(", "):
        try:
            out = subprocess.run(["fc-list", "--format", "%{file}|%{index}\n", f"{family}:style=Regular"],
                                 capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        faces = sorted(line.rsplit("|", 1) for line in out.splitlines() if "|" in line)
        if faces:
            path, index = faces[0]
            return Face(Path(path), int(index or 0))
    return None


def jis_x_0208() -> set[str]:
    """Every character of JIS X 0208 (EUC-JP's two-byte rows)."""
    found = set()
    for high in range(0xA1, 0xF5):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes((high, low)).decode("euc_jp"))
            except UnicodeDecodeError:
                pass
    return found


def product_text() -> set[str]:
    """Every character the product itself writes in Japanese or ships: the phrasebook (both
    languages: its symbols, ⛔ ✔ ● ○ ◌ ▶ …), the bundled scenarios and the doctrine packs."""
    from tabletop.phrasebook import catalogue

    chars: set[str] = set()
    for entry in catalogue().values():
        for lang in ("en", "ja"):
            chars.update(entry.text(lang))
    here = Path(__file__).resolve().parents[1]
    for folder in (here / "_data" / "scenarios", here.parent / "scenarios", here / "doctrine" / "packs"):
        for file in sorted(folder.glob("**/*.yaml")) if folder.is_dir() else []:
            chars.update(file.read_text(encoding="utf-8"))
    return chars


def characters() -> set[str]:
    """What the served font holds: ASCII, JIS X 0208 and the product's own text, without control
    characters (the ideographic space U+3000 stays: str.isprintable calls it unprintable)."""
    import unicodedata

    chars = {chr(c) for c in ASCII} | jis_x_0208() | product_text()
    return {c for c in chars if unicodedata.category(c) not in ("Cc", "Cs")}


def flavor() -> str | None:
    """"woff2" when brotli can compress it, else None (plain OpenType)."""
    try:
        import brotli  # noqa: F401  (fontTools writes WOFF2 with it)
    except ImportError:
        return None
    return "woff2"


def media_type(path: Path) -> str:
    return "font/woff2" if path.suffix == ".woff2" else "font/otf"


def cache_dir() -> Path:
    given = os.environ.get("TABLETOP_CACHE_DIR")
    if given:
        return Path(given) / "fonts"
    from platformdirs import user_cache_dir  # Textual's own dependency

    return Path(user_cache_dir("tabletop")) / "fonts"


def kept_name(face: Face, chars: set[str], kind: str | None) -> str:
    """The file name of a build: what it was built from (the source file, as it is now, and the
    face), what it holds and how, so a copy kept from another font or set of characters is not taken."""
    import fontTools

    stat = face.path.stat()
    key = "|".join([FORMAT_VERSION, str(face.path), str(stat.st_size), str(stat.st_mtime_ns), str(face.index),
                    fontTools.version, kind or "otf", "".join(sorted(chars))])
    return f"japanese-{hashlib.sha256(key.encode()).hexdigest()[:16]}.{kind or 'otf'}"


def build(face: Face, chars: set[str], kind: str | None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    options = subset.Options()
    options.flavor = kind
    options.notdef_outline = True
    options.hinting = False  # a fifth of the size; browsers draw CJK at screen sizes well without
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = kind
    font.save(out)
    return out.getvalue()


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _served() -> Path | None:
    face = source_face()
    if face is None:
        return None
    chars, kind = characters(), flavor()
    folder = cache_dir()
    path = folder / kept_name(face, chars, kind)
    if path.is_file():
        return path
    data = build(face, chars, kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(data)
        part.replace(path)  # whole or not at all, should two servers build it at once
    except OSError:  # no cache to keep it in: this process keeps it in a folder of its own instead
        return _in_temporary_folder(path.name, data)
    return path


def _in_temporary_folder(name: str, data: bytes) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="tabletop-font-"))
    (folder / name).write_bytes(data)
    return folder / name


def served_font() -> Path | None:
    """The font file to serve (built at the first call, or taken from the cache); None if this
    machine has no Japanese font. Blocking: call it in a thread."""
    with _lock:
        return _served()
