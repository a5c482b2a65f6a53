"""Core layer: every file Ward Desk writes goes through here. No Qt here.

A file is written beside its target under a temporary name, flushed to disk, then renamed over the target,
so a crash leaves the old file or the new one, whole. On Windows the rename fails while another program holds
the target open (Excel keeps returns and line lists open; an antivirus scans a new file for a moment): the
rename is retried briefly, then the person is told in plain words which file is open elsewhere. A failure of
any kind removes the temporary file: nothing half-written, and no personal data left in clear beside the target.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ward_desk import messages
from ward_desk.errors import WardDeskError

# About two seconds in all: long enough for an antivirus or indexer to let go, short enough for a person.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.6, 0.8)

messages.register({
    "file.in_use": ("Không ghi được {path}: tệp đang được mở trong một chương trình khác (ví dụ Excel). "
                    "Hãy đóng tệp đó rồi thử lại.",
                    "Cannot write {path}: the file is open in another program (for example Excel). "
                    "Close it and try again."),
    "db.damaged": (
        "Tệp cơ sở dữ liệu {path} bị hỏng ({detail}); Ward Desk không làm việc trên tệp hỏng. Vẫn làm được: "
        "quản trị viên khôi phục bản sao lưu mới nhất (`ward-desk backup list`, `ward-desk backup restore TỆP`); "
        "tệp hỏng được giữ lại bên cạnh.",
        "The database file {path} is damaged ({detail}); Ward Desk does not work on a damaged file. What still "
        "works: an admin restores the newest backup (`ward-desk backup list`, `ward-desk backup restore FILE`); "
        "the damaged file is kept aside.",
    ),
    "storage.read_only": (
        "Không ghi được vào thư mục dữ liệu {folder} (chỉ đọc hoặc không có quyền): không có gì bị thay đổi. "
        "Vẫn làm được: xem, tìm và xuất ra thư mục khác nếu cơ sở dữ liệu mở được; để lưu, hãy cho phép ghi "
        "vào thư mục (hoặc chép nó sang ổ khác).",
        "The data folder {folder} cannot be written (read-only, or no permission): nothing was changed. What "
        "still works: viewing, searching and exporting to another folder if the database opens; to save, make "
        "the folder writable again (or copy it to another drive).",
    ),
    "storage.full": (
        "Ổ đĩa chứa {folder} đã đầy: không có gì bị thay đổi và dữ liệu đã lưu vẫn nguyên vẹn. Vẫn làm được: "
        "xem và tìm trong cửa sổ đã đăng nhập. Không làm được mọi việc cần ghi: lưu, nhập, và cả đăng nhập mới "
        "(mỗi lần đăng nhập được ghi vào nhật ký). Hãy giải phóng chỗ trống (hoặc sao lưu ra USB) rồi thử lại.",
        "The disk holding {folder} is full: nothing was changed and what was saved is intact. What still works: "
        "viewing and searching in a window already signed in. Nothing that writes works: saving, importing, "
        "and a new sign-in too (every sign-in is logged). Free some space (or back up to a USB stick) and try again.",
    ),
    "file.cannot_write": ("Không ghi được {path}: {detail}", "Cannot write {path}: {detail}"),
})


def temporary_sibling(target: Path) -> Path:
    """A fresh name in the target's own folder (a rename across folders or drives is not atomic)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")


def _held_open(exc: OSError) -> bool:
    # Windows: ERROR_SHARING_VIOLATION (32) / ERROR_LOCK_VIOLATION (33) / ERROR_ACCESS_DENIED (5) while open
    return isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in (5, 32, 33)


def replace_file(source: str | os.PathLike, target: str | os.PathLike, *, delays=RETRY_DELAYS,
                 discard: bool = False) -> None:
    """``os.replace`` that waits out a short hold on the target, then says which file is open elsewhere.
    ``discard``: ``source`` is a temporary file, removed when the rename fails (never a file someone keeps)."""
    try:
        for delay in (*delays, None):
            try:
                os.replace(source, target)
                return
            except OSError as exc:
                if not _held_open(exc):
                    raise
                if delay is None:
                    raise WardDeskError("file.in_use", path=str(target)) from exc
                time.sleep(delay)
    except BaseException:
        if discard:
            with contextlib.suppress(OSError):
                os.unlink(source)
        raise


def fsync_file(path: str | os.PathLike) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: str | os.PathLike) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync, and NTFS journals renames."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Staged:
    """A file being written under a temporary name beside ``target``; ``commit()`` puts it in place."""

    def __init__(self, target: Path, durable: bool):
        self.target = target
        self.path = temporary_sibling(target)
        self.durable = durable
        self.committed = False

    def commit(self) -> None:
        if self.durable:
            fsync_file(self.path)
        replace_file(self.path, self.target)
        self.committed = True
        if self.durable:
            fsync_folder(self.target.parent)


@contextlib.contextmanager
def staged_path(target: str | os.PathLike, *, durable: bool = True) -> Iterator[Staged]:
    """Like ``atomic_path``, for a caller that decides when the file replaces ``target`` (inside its own
    database transaction, after a check of the file): the block calls ``commit()``; a block left without it,
    or by an exception, removes the temporary file and leaves ``target`` as it was."""
    staged = Staged(Path(target), durable)
    try:
        yield staged
    finally:
        if not staged.committed:
            with contextlib.suppress(OSError):
                staged.path.unlink()


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, *, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target`` for a library that writes to a path (openpyxl, xlsxwriter,
    ``VACUUM INTO``); on success the file replaces ``target``, on any failure it is removed."""
    with staged_path(target, durable=durable) as staged:
        yield staged.path
        staged.commit()


@contextlib.contextmanager
def atomic_write(target: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                 newline: str | None = None, durable: bool = True) -> Iterator[IO]:
    """Open a temporary file beside ``target`` for writing; it replaces ``target`` when the block succeeds."""
    binary = "b" in mode
    with atomic_path(target, durable=durable) as tmp:
        with open(tmp, mode, encoding=None if binary else encoding, newline=newline) as handle:
            yield handle
            handle.flush()


def write_text(target: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> None:
    with atomic_write(target, "w", encoding=encoding, newline="") as handle:
        handle.write(text)


def write_private_text(target: str | os.PathLike, text: str, *, durable: bool = True) -> None:
    """``write_text`` for a file this account only may read (0600 before it takes the target's name)."""
    with atomic_path(target, durable=durable) as tmp:
        tmp.write_text(text, encoding="utf-8")
        make_private(tmp)


def folder_writable(folder: str | os.PathLike) -> bool:
    """Whether a file can be made in ``folder`` (a probe made and removed at once): False on a read-only mount
    or medium, or without permission (also for root, whose permission bits never say so)."""
    import errno
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix=".ward-desk-probe-", dir=folder)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return False
        return True  # a full disk or another trouble: the write itself will say what it is
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    with atomic_write(target, "wb") as handle:
        handle.write(data)


# --- who may read: the ward's files are personal data (POSIX modes; Windows keeps the per-user profile's ACLs) --

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_private(path: str | os.PathLike) -> None:
    """Readable and writable by this account only (0600) on Linux/macOS; nothing to do on Windows, whose
    per-user folders are already closed to other accounts."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):  # a file on a FAT USB stick has no modes to set
        os.chmod(path, PRIVATE_FILE)


def make_private_folder(path: str | os.PathLike) -> Path:
    """Create ``path`` (and parents) if needed; this account only (0700) on Linux/macOS."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    if os.name != "nt":
        with contextlib.suppress(OSError):
            os.chmod(path, PRIVATE_FOLDER)
    return path


@contextlib.contextmanager
def private_scratch(target: str | os.PathLike) -> Iterator[Path]:
    """A folder for a library's working files (xlsxwriter streams each sheet's rows, in clear, to temporary
    files): beside ``target`` (a rename into place stays on one drive), this account only, and removed with
    everything in it whatever happens, a full disk included."""
    import shutil
    import tempfile

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".work", dir=target.parent))  # 0700
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def explain_storage(exc: BaseException, *, folder: str, path: str) -> WardDeskError | None:
    """A storage failure as a message a person can act on, or None when ``exc`` is something else: a full
    disk, a read-only folder (or no permission), a damaged database file (SQLite's and SQLCipher's errors)."""
    import errno

    text = str(exc).lower()
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return WardDeskError("storage.full", folder=folder)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return WardDeskError("storage.read_only", folder=str(getattr(exc, "filename", None) or folder))
        return None
    if "DatabaseError" not in {c.__name__ for c in type(exc).__mro__}:  # peewee's, sqlite3's, sqlcipher3's
        return None
    if "disk is full" in text or ("disk i/o error" in text and _disk_full(folder)):
        return WardDeskError("storage.full", folder=folder)
    if "readonly" in text or "read-only" in text or "unable to open database file" in text:
        return WardDeskError("storage.read_only", folder=folder)
    if "malformed" in text or "not a database" in text or "corrupt" in text or "disk i/o error" in text:
        return WardDeskError("db.damaged", path=path, detail=str(exc))
    return None


def _disk_full(folder: str) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def copy_file(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """A copy that lands whole or not at all (a key file, a backup put back)."""
    import shutil

    with atomic_path(target) as tmp:
        shutil.copyfile(source, tmp)
