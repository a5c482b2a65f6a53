"""Linux-only slimming of the built folder, run by ``build.py`` after PyInstaller. Unit-tested in parts.

**ICU data.** QtCore links ICU on Linux (Windows builds use the OS instead), and PySide6's ``libicudata.so.NN``
(32 MB) is nothing but one symbol, ``icudtNN_dat``: ICU's common data package, with every locale of CLDR and
every code page ICU knows. Qt reaches ICU only through ``QCollator``, ``QLocale`` case mapping, ``QTimeZone``
and ``QStringConverter``, and the app speaks Vietnamese and English. So the package is rewritten without:

* locale data (collation, names of languages, regions, currencies, units, zones, number spell-out, break
  iterator tailorings) for languages other than Vietnamese and English; ``root``, the fallback of every
  locale, stays, and so does everything that is not per-locale (Unicode collation table, normalisation, time
  zone rules and metazones, plural rules, likely subtags, code page aliases...);
* dictionaries for Thai, Lao, Khmer, Burmese and Chinese/Japanese word breaking (the rule-based iterators stay);
* multi-byte East Asian and EBCDIC code page tables (``.cnv`` over 40 KB; UTF-8/16/32, Latin-1 and ASCII are
  algorithmic in ICU, and every single-byte table, Windows-1258 Vietnamese included, stays);
* transliterators (``translit/``), which Qt never calls.

The result is linked into a new ``libicudata.so.NN`` exporting the same symbol (``gcc``, and ICU's ``icupkg``
from Debian's ``icu-devtools``, do the work). ``ward-desk --self-test`` sorts Vietnamese words through
``QCollator``, which fails if the Vietnamese tailoring or the collation table were missing.

**One OpenSSL.** Wheels may bring their own OpenSSL ``libcrypto`` (5-6 MB each) besides the system's that
Python's ``_hashlib`` and ``_ssl`` load. Today only ``psycopg-binary`` does (``psycopg_binary.libs``):
``sqlcipher3`` (>= 0.6.4) links OpenSSL statically into ``sqlcipher3/_sqlite3*.so`` and ships no ``.libs``
folder (``sqlcipher3-binary``, which it replaced, brought a second copy). Should two wheel copies meet again,
OpenSSL 3 keeps its ABI within major version 3, so every wheel copy becomes a symbolic link to the newest one
(and its ``libssl`` to the ``libssl`` built with it), but only where every library that loads the copy asks
for symbol versions the newest defines (``readelf -V``). The dynamic loader sees one file and loads it once.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

KEEP_LANGUAGES = ("root", "en", "vi")
MAX_CONVERTER_BYTES = 40_000
_LOCALE = re.compile(r"^(?P<lang>[a-z]{2,3})(_[A-Za-z0-9]+)*\.res$")
_NOT_LOCALES = {"res_index.res", "pool.res", "root.res"}


def keep_item(name: str, size: int) -> bool:
    """Whether the data item ``name`` (``coll/vi.res``, ``ibm-1258_P100-1997.cnv``...) stays in the package."""
    parts = name.split("/")
    base = parts[-1]
    if parts[0] == "translit":
        return False
    if base.endswith(".dict"):
        return False
    if base.endswith(".cnv"):
        return size <= MAX_CONVERTER_BYTES
    match = _LOCALE.match(base)
    if match and base not in _NOT_LOCALES:
        return match.group("lang") in KEEP_LANGUAGES
    return True


# ---- the ELF symbol ----------------------------------------------------------------------------------------

def _elf_symbol(data: bytes, prefix: bytes) -> tuple[str, int, int]:
    """(name, file offset, size) of the dynamic symbol starting with ``prefix`` in a 64-bit little-endian ELF."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link]
        for index in range(size // entsize):
            st_name, _st_info, _other, st_shndx, st_value, st_size = struct.unpack_from(
                "<IBBHQQ", data, offset + index * entsize)
            start = strtab[4] + st_name
            symbol = data[start:data.index(b"\0", start)]
            if symbol.startswith(prefix) and st_shndx not in (0, 0xFFF1, 0xFFF2):
                section = sections[st_shndx]
                return symbol.decode(), section[4] + st_value - section[3], st_size
    raise ValueError(f"no {prefix.decode()}* symbol")


def _soname(path: Path) -> str:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return match.group(1) if match else path.name


def trim_icu(library: Path) -> tuple[int, int]:
    """Rewrite ``library`` (a ``libicudata.so.NN``) in place with the trimmed package; (bytes before, after)."""
    raw = library.read_bytes()
    symbol, offset, size = _elf_symbol(raw, b"icudt")
    package = raw[offset:offset + size]
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD":
        raise ValueError(f"{library.name}: {symbol} is not an ICU common data package")
    with tempfile.TemporaryDirectory(prefix="ward-desk-icu-") as tmp:
        tmp = Path(tmp)
        dat = tmp / f"{symbol[:-4]}l.dat"  # icudt73_dat -> icudt73l.dat (the name icupkg expects)
        dat.write_bytes(package)
        listing = tmp / "items.txt"
        subprocess.run(["icupkg", "-l", "-o", str(listing), str(dat)], check=True, capture_output=True)
        items = [line.strip() for line in listing.read_text().splitlines() if line.strip()]
        (tmp / "items").mkdir()
        subprocess.run(["icupkg", "-x", str(listing), "-d", str(tmp / "items"), str(dat)], check=True,
                       capture_output=True)
        drop = [name for name in items if not keep_item(name, (tmp / "items" / name).stat().st_size)]
        (tmp / "drop.txt").write_text("\n".join(drop) + "\n")
        trimmed = tmp / "trimmed" / dat.name
        trimmed.parent.mkdir()
        subprocess.run(["icupkg", "--ignore-deps", "-r", str(tmp / "drop.txt"), str(dat), str(trimmed)],
                       check=True, capture_output=True)
        source = tmp / "data.S"
        source.write_text(
            f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
            f'{symbol}:\n\t.incbin "{trimmed}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n')
        out = tmp / library.name
        subprocess.run(["gcc", "-shared", "-nostdlib", "-s", f"-Wl,-soname,{_soname(library)}", "-o", str(out),
                        str(source)], check=True, capture_output=True)
        check_symbol, check_offset, check_size = _elf_symbol(out.read_bytes(), b"icudt")
        if check_symbol != symbol or out.read_bytes()[check_offset:check_offset + 16] != trimmed.read_bytes()[:16]:
            raise ValueError(f"the rebuilt {library.name} does not export {symbol} as expected")
        before = len(raw)
        shutil.copyfile(out, library)
    return before, library.stat().st_size


# ---- one OpenSSL ---------------------------------------------------------------------------------------------

_OPENSSL_VERSION = re.compile(rb"OpenSSL (\d+)\.(\d+)\.(\d+)[a-z]* +\d+ [A-Z][a-z]{2} \d{4}")


def openssl_version(path: Path) -> tuple[int, int, int] | None:
    match = _OPENSSL_VERSION.search(path.read_bytes())
    return tuple(int(g) for g in match.groups()) if match else None  # type: ignore[return-value]


def _readelf(path: Path, *options: str) -> str:
    return subprocess.run(["readelf", "-W", *options, str(path)], capture_output=True, text=True).stdout


def version_definitions(path: Path) -> set[str]:
    text = _readelf(path, "-V")
    section = text.split(".gnu.version_d", 1)[1].split(".gnu.version_r", 1)[0] if ".gnu.version_d" in text else ""
    return set(re.findall(r"Index: \d+\s+Cnt: \d+\s+Name: (\S+)", section))


def version_needs(path: Path) -> dict[str, set[str]]:
    """{library file name: symbol versions this ELF file needs from it}."""
    text = _readelf(path, "-V")
    needs: dict[str, set[str]] = {}
    current = None
    for line in text.split(".gnu.version_r", 1)[1].splitlines() if ".gnu.version_r" in text else []:
        match = re.search(r"File: (\S+)", line)
        if match:
            current = needs.setdefault(match.group(1), set())
            continue
        match = re.search(r"Name: (\S+)", line)
        if match and current is not None:
            current.add(match.group(1))
    return needs


def _elf_files(folder: Path) -> list[Path]:
    files = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and (".so" in path.name or path.suffix == ""):
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def share_openssl(internal: Path) -> list[tuple[Path, Path, int]]:
    """Replace every other libcrypto/libssl 3 copy that a wheel brought (``*.libs`` folders) by a link to the
    newest such pair. The system pair that Python's ``_ssl`` and ``_hashlib`` load stays as it is: it knows the
    system's certificate folder, which a wheel's OpenSSL build does not.

    Returns (replaced copy, what it now links to, bytes saved) for each replaced file."""
    cryptos = [p for p in internal.rglob("libcrypto*.so.3")
               if p.is_file() and not p.is_symlink() and p.parent.name.endswith(".libs")]
    versions = {p: openssl_version(p) for p in cryptos}
    known = [p for p in cryptos if versions[p] and versions[p][0] == 3]
    if len(known) < 2:
        return []
    newest = max(known, key=lambda p: versions[p])
    newest_ssl = next((p for p in newest.parent.glob("libssl*.so.3") if not p.is_symlink()), None)
    defined = {newest: version_definitions(newest)}
    if newest_ssl is not None:
        defined[newest_ssl] = version_definitions(newest_ssl)
    users = {path: version_needs(path) for path in _elf_files(internal)}
    replace: list[tuple[Path, Path]] = [(p, newest) for p in known if p != newest]
    if newest_ssl is not None:
        replace += [(p, newest_ssl) for p in internal.rglob("libssl*.so.3")
                    if p.is_file() and not p.is_symlink() and p != newest_ssl and p.parent.name.endswith(".libs")]
    # A libssl is replaced only together with the libcrypto it was built with (they are one release).
    replaced_names = {p.name for p, _ in replace if p.name.startswith("libcrypto")}
    done = []
    for copy, target in replace:
        if copy.name.startswith("libssl") and not any(n in replaced_names for n in version_needs(copy)
                                                        if n.startswith("libcrypto")):
            continue
        wanted = set().union(*(needs.get(copy.name, set()) for user, needs in users.items() if user != copy))
        if not defined[target] or not wanted <= defined[target]:
            # readelf read nothing (a failed run reads as "needs nothing"), or something asks for a symbol
            # version the newest copy does not have: keep this one
            continue
        size = copy.stat().st_size
        copy.unlink()
        copy.symlink_to(os.path.relpath(target, copy.parent))
        done.append((copy, target, size))
    return done
