"""Key management for the encrypted database (SQLCipher). No Qt here.

The database key is 32 random bytes, handed to SQLCipher as a raw key (``x'..'``) so that opening costs no
PBKDF2 round (one connection is kept for the whole session anyway). The key itself is never written in clear:

* the OS credential store (``keyring``) keeps it where one works: the usual, silent way in;
* ``ward.key.json`` next to the database keeps it wrapped twice: by a key derived (scrypt) from the passphrase
  set at setup, and by one derived from the recovery code printed once at setup. The file holds salts, the
  wrapped keys and a key id, nothing about any person. A lost keyring entry, or the database copied to another
  PC, is opened with the passphrase (``WARD_DESK_PASSPHRASE`` headless) or the recovery code
  (``WARD_DESK_RECOVERY_CODE``).

Wrapping: ``wrapped = key XOR scrypt(secret, salt)[:32]``, authenticated by ``HMAC-SHA256(scrypt[32:], ...)``;
each wrap has its own random salt, so the one-time pad is never reused. ``WARD_DESK_KDF=fast`` lowers the scrypt
cost for the test suite only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from ward_desk import fileio, messages
from ward_desk.errors import WardDeskError

KEY_FILE = "ward.key.json"
KEYRING_SERVICE = "ward-desk"
PLAINTEXT_HEADER = b"SQLite format 3\x00"

messages.register({
    "keys.locked": (
        "Không mở được khóa của cơ sở dữ liệu {folder}: hãy nhập cụm mật khẩu (hoặc đặt WARD_DESK_PASSPHRASE), "
        "hoặc mã khôi phục (WARD_DESK_RECOVERY_CODE).",
        "The database in {folder} is locked: give its passphrase (or set WARD_DESK_PASSPHRASE), or the "
        "recovery code (WARD_DESK_RECOVERY_CODE).",
    ),
    "keys.wrong": (
        "Cụm mật khẩu hoặc mã khôi phục không đúng với cơ sở dữ liệu {folder}.",
        "Wrong passphrase or recovery code for the database in {folder}.",
    ),
    "keys.passphrase_needed": (
        "Cần đặt cụm mật khẩu để mã hóa dữ liệu (WARD_DESK_PASSPHRASE hoặc nhập khi được hỏi).",
        "A passphrase is needed to encrypt the data (WARD_DESK_PASSPHRASE, or type it when asked).",
    ),
    "keys.passphrase_short": (
        "Cụm mật khẩu phải có ít nhất {n} ký tự.",
        "The passphrase must be at least {n} characters long.",
    ),
    "keys.store_failed": (
        "Kho mật khẩu của máy ({backend}) không dùng được ({detail}): cụm mật khẩu hoặc mã khôi phục mở cơ sở "
        "dữ liệu thay cho nó.",
        "This PC's credential store ({backend}) is not working ({detail}): the passphrase or the recovery code "
        "opens the database instead.",
    ),
    "keys.passphrase_weak": (
        "Cụm mật khẩu này quá dễ đoán (mật khẩu phổ biến, dãy số, ký tự lặp lại): hãy dùng vài từ ghép lại.",
        "This passphrase is too easy to guess (a common password, a run of digits, one character repeated): "
        "use a few words together.",
    ),
    "keys.no_key_file": (
        "Thiếu tệp khóa {path}: không có nó (và không có khóa trong kho mật khẩu của máy) thì không mở được "
        "cơ sở dữ liệu. Hãy chép tệp này cùng với ward.db.",
        "The key file {path} is missing: without it (and without the key in this PC's credential store) the "
        "database cannot be opened. Copy it together with ward.db.",
    ),
})

MIN_PASSPHRASE = 8
_cache: dict[str, bytes] = {}  # key id -> key, for this process only (reopening after a backup/restore)
_last_recovery_code: str | None = None


def _kdf_params() -> dict:
    if os.environ.get("WARD_DESK_KDF") == "fast":
        return {"n": 2 ** 10, "r": 8, "p": 1}
    # OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB, 4x N=2^15, once per passphrase unlock); a key file
    # written with the earlier N=2^15 still opens (each wrap records its own parameters), rewrapped when changed
    return {"n": 2 ** 17, "r": 8, "p": 1}


def _derive(secret: str, salt: bytes, params: dict) -> bytes:
    return hashlib.scrypt(_normalise(secret).encode("utf-8"), salt=salt, n=params["n"], r=params["r"],
                          p=params["p"], maxmem=256 * 1024 * 1024, dklen=64)


def _normalise(secret: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", secret.strip())


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _wrap(key: bytes, secret: str, params: dict) -> dict:
    salt = secrets.token_bytes(16)
    derived = _derive(secret, salt, params)
    wrapped = bytes(a ^ b for a, b in zip(key, derived[:32]))
    mac = hmac.new(derived[32:], wrapped, hashlib.sha256).digest()
    return {"salt": _b64(salt), "wrapped": _b64(wrapped), "mac": _b64(mac), **params}


def _unwrap(entry: dict, secret: str) -> bytes | None:
    derived = _derive(secret, _unb64(entry["salt"]), entry)
    wrapped = _unb64(entry["wrapped"])
    if not hmac.compare_digest(hmac.new(derived[32:], wrapped, hashlib.sha256).digest(), _unb64(entry["mac"])):
        return None
    return bytes(a ^ b for a, b in zip(wrapped, derived[:32]))


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"ward-desk key id" + key).hexdigest()[:24]


def key_file(db_path: Path) -> Path:
    return Path(db_path).parent / KEY_FILE


def new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(15)).decode("ascii")  # 24 chars, 120 bits
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


# Passphrases guessed first (Vietnamese and English), compared without case, spaces or dashes.
COMMON_PASSPHRASES = frozenset({
    "password", "password1", "password123", "passw0rd", "12345678", "123456789", "1234567890", "0123456789",
    "87654321", "11111111", "00000000", "88888888", "66666666", "qwertyui", "qwerty123", "asdfghjk", "abc12345",
    "abcd1234", "a1234567", "iloveyou", "admin123", "administrator", "letmein1", "welcome1", "matkhau",
    "matkhau1", "matkhau123", "matkhaumoi", "anhyeuem", "emyeuanh", "yeuemnhieu", "123456789a", "changeme",
    "warddesk", "warddesk1", "ward-desk", "vietnam1", "hanoi123", "saigon123",
})


def check_passphrase(passphrase: str | None) -> str:
    """At least ``MIN_PASSPHRASE`` characters, not one character repeated, not a sequence of digits, not a
    commonly used password: what an attacker with a stolen key file tries first."""
    if not passphrase:
        raise WardDeskError("keys.passphrase_needed")
    text = _normalise(passphrase)
    if len(text) < MIN_PASSPHRASE:
        raise WardDeskError("keys.passphrase_short", n=MIN_PASSPHRASE)
    folded = "".join(ch for ch in text.casefold() if ch.isalnum())
    sequence = folded.isdigit() and all((int(b) - int(a)) % 10 in (1, 9) for a, b in zip(folded, folded[1:]))
    if len(set(folded)) <= 2 or sequence or folded in COMMON_PASSPHRASES or _keyboard_walk(folded):
        raise WardDeskError("keys.passphrase_weak")
    return passphrase


_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn",
                  "qwertzuiop", "yxcvbnm", "1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik",
                  "9ol", "0p")


def _keyboard_walk(folded: str) -> bool:
    """Keys typed along a keyboard's rows (``qwertyuiopasdf``, ``asdfghjkl;``, ``zxcvbnm``, also backwards and
    row after row): every step of the passphrase is to a neighbouring key of the same row, or from the end of
    one row to the start of another. What a guesser's list of passwords holds right after the common ones."""
    if len(folded) < 4:
        return False
    neighbours: set[tuple[str, str]] = set()
    ends: set[str] = set()
    starts: set[str] = set()
    for row in _KEYBOARD_ROWS:
        for a, b in zip(row, row[1:]):
            neighbours.update({(a, b), (b, a)})
        ends.update({row[-1], row[0]})
        starts.update({row[0], row[-1]})
    jumps = sum(1 for a, b in zip(folded, folded[1:]) if (a, b) not in neighbours and a != b)
    row_changes = [i for i, (a, b) in enumerate(zip(folded, folded[1:]))
                   if (a, b) not in neighbours and a != b and a in ends and b in starts]
    return jumps == len(row_changes) and len(folded) >= 3 * (jumps + 1)  # whole runs of at least 3 keys


def create_key(db_path: Path, passphrase: str) -> bytes:
    """A new random key, wrapped by the passphrase and a fresh recovery code into ``ward.key.json``.

    The recovery code is kept for ``take_recovery_code`` (printed once by ``init``), never stored.
    """
    global _last_recovery_code
    check_passphrase(passphrase)
    key = secrets.token_bytes(32)
    code = new_recovery_code()
    _write_json(key_file(db_path), key_document(key, passphrase, code))
    _remember(key)
    _last_recovery_code = code
    return key


def key_document(key: bytes, passphrase: str, code: str, previous_key_ids: tuple[str, ...] = ()) -> dict:
    """What ``ward.key.json`` holds for ``key``: wrapped by the passphrase and by the recovery code; the ids of
    keys it replaced (``key rotate``) tell this ward's older backups from another ward's."""
    params = _kdf_params()
    document = {
        "format": "ward-desk-key/1",
        "key_id": key_id(key),
        "cipher": "sqlcipher4-raw-key",
        "passphrase": _wrap(key, passphrase, params),
        "recovery": _wrap(key, _normalise_code(code), params),
    }
    if previous_key_ids:
        document["previous_key_ids"] = list(previous_key_ids)
    return document


def take_recovery_code() -> str | None:
    """The recovery code made by the last ``create_key`` in this process, once."""
    global _last_recovery_code
    code, _last_recovery_code = _last_recovery_code, None
    return code


def _write_json(path: Path, document: dict) -> None:
    with fileio.atomic_write(path, "w", encoding="utf-8") as handle:
        fileio.make_private(handle.name)  # 0600 before a byte is written
        json.dump(document, handle, indent=1)


def read_key_file(db_path: Path) -> dict:
    path = key_file(db_path)
    if not path.exists():
        raise WardDeskError("keys.no_key_file", path=str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def write_key_document(path: Path, document: dict) -> None:
    """Write a key document (0600, fsync, atomic rename) to ``path``."""
    _write_json(Path(path), document)


def _remember(key: bytes) -> None:
    kid = key_id(key)
    _cache[kid] = key
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, kid, key.hex())
    except Exception as exc:  # no working credential store (headless, null backend): the passphrase remains
        _store_failed(exc)


_store_warned: set[str] = set()


def _store_failed(exc: BaseException) -> None:
    """Say once per process that the credential store failed (a message, never a traceback); a store that is
    simply absent (keyring's null/fail backends, chosen on purpose or for want of one) is not a failure."""
    import logging

    try:
        import keyring

        backend = type(keyring.get_keyring())
        name = f"{backend.__module__}.{backend.__name__}"
    except Exception:  # keyring itself missing or broken
        name = "keyring"
    if name.startswith(("keyring.backends.null", "keyring.backends.fail")):
        return
    detail = str(exc).strip() or type(exc).__name__
    if name + detail in _store_warned:
        return
    _store_warned.add(name + detail)
    logging.getLogger(__name__).warning(messages.text("keys.store_failed", backend=name, detail=detail))


def _from_keyring(kid: str) -> bytes | None:
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, kid)
    except Exception as exc:
        _store_failed(exc)
        return None
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if key_id(key) == kid else None


def known_key_ids(db_path: Path) -> set[str]:
    """The key ids this ward's key file stands for: its key, and those ``rotate`` replaced (old backups)."""
    document = read_key_file(db_path)
    return {document["key_id"], *document.get("previous_key_ids", [])}


_early: dict[Path, "threading.Event"] = {}  # db path -> set once the key looked for ahead is found or not


def begin_unlock(db_path: Path, then=None, *, first=None, at_end=None) -> None:
    """Start finding the key (keyring, else scrypt of ``WARD_DESK_PASSPHRASE``) in a background thread, so the
    derivation (~0.4 s) runs while the command or the window imports the rest. ``unlock`` waits for the key and
    ``first(key)`` (quick: what the opening must find in place), not for ``then(key)``, which the same thread runs
    next (``at_end()`` after it, whatever happened). A thread that fails leaves nothing behind: ``unlock`` then
    does the work itself and says what is wrong."""
    import threading

    db_path = Path(db_path)
    if db_path in _early:
        if at_end is not None:
            at_end()
        return
    looked = threading.Event()

    def find() -> None:
        key = None
        try:
            key = unlock(db_path, _waiting=False)
            if first is not None:
                first(key)
        except Exception:  # noqa: BLE001 - said by the unlock that needs the key, or done by the opening
            pass
        finally:
            looked.set()
        try:
            if key is not None and then is not None:
                then(key)
        except Exception:  # noqa: BLE001 - the opening and the sign-in do it themselves
            pass
        finally:
            if at_end is not None:
                at_end()

    _early[db_path] = looked
    threading.Thread(target=find, name="ward-desk key", daemon=True).start()


def unlock(db_path: Path, *, passphrase: str | None = None, recovery_code: str | None = None,
           _waiting: bool = True) -> bytes:
    """The database key: from this process's cache, the keyring, the passphrase or the recovery code."""
    early = _early.pop(Path(db_path), None) if _waiting else None
    if early is not None:
        early.wait()  # its key is in the cache now, unless it failed
    document = read_key_file(db_path)
    kid = document["key_id"]
    explicit = passphrase is not None or recovery_code is not None
    if not explicit:
        if kid in _cache:
            return _cache[kid]
        key = _from_keyring(kid)
        if key is not None:
            _cache[kid] = key
            return key
        passphrase = os.environ.get("WARD_DESK_PASSPHRASE") or None
        recovery_code = os.environ.get("WARD_DESK_RECOVERY_CODE") or None
    folder = str(Path(db_path).parent)
    if passphrase is None and recovery_code is None:
        raise WardDeskError("keys.locked", folder=folder)
    key = None
    if passphrase is not None:
        key = _unwrap(document["passphrase"], passphrase)
    if key is None and recovery_code is not None:
        key = _unwrap(document["recovery"], _normalise_code(recovery_code))
    if key is None or key_id(key) != kid:
        raise WardDeskError("keys.wrong", folder=folder)
    _remember(key)  # back into the keyring: a lost entry is restored by the next passphrase unlock
    return key


def change_passphrase(db_path: Path, key: bytes, new_passphrase: str) -> None:
    check_passphrase(new_passphrase)
    document = read_key_file(db_path)
    document["passphrase"] = _wrap(key, new_passphrase, _kdf_params())
    _write_json(key_file(db_path), document)


def replace_recovery_code(db_path: Path, key: bytes) -> str:
    """A new recovery code for the key (the old one stops working); returned once, never stored."""
    code = new_recovery_code()
    document = read_key_file(db_path)
    document["recovery"] = _wrap(key, _normalise_code(code), _kdf_params())
    _write_json(key_file(db_path), document)
    return code


def forget_cached() -> None:
    """Drop keys held by this process (tests of the keyring-less way in)."""
    _cache.clear()


def sql_key(key: bytes) -> str:
    """The PRAGMA key value: a raw 256-bit key, no SQLCipher KDF."""
    return f"\"x'{key.hex()}'\""


def is_plaintext(db_path: Path) -> bool:
    try:
        with open(db_path, "rb") as handle:
            return handle.read(16) == PLAINTEXT_HEADER
    except OSError:
        return False


# --- a key rotation interrupted (services.key_admin.rotate writes these, the next opening finishes it) --------

REKEY = ".rekey"


def rotation_files(db_path: Path) -> tuple[Path, Path, Path]:
    """The re-encrypted database, its key file and its audit anchor, written before a rotation's rename."""
    from ward_desk import config

    db_path = Path(db_path)
    anchor = config.anchor_path(db_path.parent)
    return (db_path.with_name(db_path.name + REKEY), key_file(db_path).with_name(KEY_FILE + REKEY),
            anchor.with_name(anchor.name + REKEY))


def finish_interrupted_rotation(db_path: Path) -> None:
    """Complete or undo a rotation that was interrupted (``ward.db.rekey`` and friends left behind): before the
    re-encrypted copy replaced ``ward.db``, the old pair is whole and the new files go; after, the new key file
    and anchor follow the new database. Run before every opening (``ward_desk.db.open_database``)."""
    from ward_desk import config, fileio

    new_db, new_key_file, new_anchor = rotation_files(db_path)
    if new_db.exists() or not new_key_file.exists():
        for leftover in (new_db, new_key_file, new_anchor):
            if leftover.exists():  # only what is there: a read-only folder with none left over stays untouched
                leftover.unlink()
        return
    fileio.replace_file(new_key_file, key_file(db_path))
    if new_anchor.exists():
        fileio.replace_file(new_anchor, config.anchor_path(Path(db_path).parent))
    fileio.fsync_folder(Path(db_path).parent)
