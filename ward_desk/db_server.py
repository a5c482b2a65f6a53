"""Storage layer: a shared PostgreSQL database for an office (or a ward with several PCs). No Qt here.

Reached only through ``ward_desk.db.open_database(url=...)`` (``--database postgresql://user@host/dbname`` or
``WARD_DESK_DATABASE``). The same peewee models and migrations as the SQLite file; what differs is decided
here:

* **Concurrency.** Several clerks' processes write at once. Every top-level transaction (each
  ``database.atomic()`` user action) first takes one transaction-scoped advisory lock, so write transactions
  run one after another, as on SQLite, and a rule that reads then writes (an import matching rows by id, the
  next submission number of an export) never interleaves with another clerk's. Reads outside a transaction
  (lists, screens) are not held up. Actions are short, so an office's clerks barely wait for each other.
* **Encryption at rest** is the server's business (its disk, and TLS through ``sslmode=require`` in the URL):
  the SQLCipher key of a ward's file does not apply.
* **Credentials** never go in a command line that others can see: use ``~/.pgpass`` or ``PGPASSWORD``; a
  password in the URL is masked in every message.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlsplit, urlunsplit

from peewee import DatabaseError, ImproperlyConfigured, InterfaceError, OperationalError, PostgresqlDatabase

from ward_desk import config, fileio, messages
from ward_desk.errors import WardDeskError
from ward_desk.models import database, migrations

# pg_advisory_xact_lock key: "WDESK" as a number, so it cannot collide with another application's by chance.
WRITE_LOCK_KEY = 0x5744_4553_4B
SCHEMES = ("postgresql", "postgres")
KEYRING_SERVICE = "WardDesk PostgreSQL"  # one entry per server address (user@host:port/dbname)

messages.register({
    "db.bad_url": (
        "Địa chỉ cơ sở dữ liệu '{url}' không hợp lệ; cần dạng postgresql://người_dùng@máy_chủ/tên_csdl.",
        "The database address '{url}' is not valid; expected postgresql://user@host/dbname.",
    ),
    "db.driver_missing": (
        "Thiếu trình kết nối PostgreSQL (gói psycopg); hãy cài lại Ward Desk.",
        "The PostgreSQL driver (the psycopg package) is missing; reinstall Ward Desk.",
    ),
    "db.server_unreachable": (
        "Không kết nối được cơ sở dữ liệu {url}: {detail}",
        "Cannot connect to the database {url}: {detail}",
    ),
    "db.server_missing": (
        "Cơ sở dữ liệu {url} chưa được khởi tạo cho Ward Desk. Hãy chạy `ward-desk --database URL init ...` trước.",
        "The database {url} is not set up for Ward Desk yet. Run `ward-desk --database URL init ...` first.",
    ),
    "db.password_not_kept": (
        "Không lưu được mật khẩu của {url} vào kho mật khẩu của máy này. Hãy bỏ mật khẩu khỏi địa chỉ và đặt nó "
        "trong biến PGPASSWORD hoặc tệp mật khẩu của PostgreSQL (pgpass).",
        "The password of {url} cannot be kept in this PC's credential store. Leave it out of the address and "
        "give it through PGPASSWORD or PostgreSQL's password file (pgpass).",
    ),
    "db.no_tls": (
        "Không kết nối {url}: máy chủ ở máy khác mà kết nối không mã hóa (TLS), hồ sơ sẽ đi qua mạng ở dạng đọc "
        "được. Thêm ?sslmode=require vào địa chỉ (máy chủ cần bật TLS); nếu quản trị viên chấp nhận rủi ro, thêm "
        "?wd_allow_no_tls=yes.",
        "Not connecting to {url}: the server is on another machine and the connection is not encrypted (TLS), so "
        "records would cross the network readable. Add ?sslmode=require to the address (the server must have TLS "
        "on); an admin who accepts the risk adds ?wd_allow_no_tls=yes instead.",
    ),
    "db.server_exists": (
        "Cơ sở dữ liệu {url} đã có dữ liệu Ward Desk; mỗi cơ sở dữ liệu chỉ chứa một đơn vị.",
        "The database {url} already holds Ward Desk data; one database holds one unit.",
    ),
})


def attach_postgres_driver() -> None:
    """Give peewee the psycopg driver that ``ward_desk/__init__`` kept it from importing at start-up (what
    peewee's own module does when psycopg is there at its import). Without psycopg installed, nothing changes
    and connecting says ``db.driver_missing``."""
    import peewee

    if peewee.psycopg is not None:
        return
    try:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb
    except ImportError:
        return
    peewee.TransactionStatus, peewee.Json_pg3, peewee.Jsonb_pg3 = TransactionStatus, Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle, adapter.txn_inerror = TransactionStatus.IDLE, TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.psycopg = psycopg


class OfficeDatabase(PostgresqlDatabase):
    """PostgreSQL whose top-level transactions are serialised by one advisory lock (see the module doc)."""

    # Searches fold text (no diacritics, lower case) with ``wd_fold``: a Python function registered on each
    # SQLite connection, a SQL function created with the schema here (``_create_fold``). Listing it as
    # registered lets ``services.queries`` use it the same way on both databases.
    _functions = {"wd_fold": None}

    def register_function(self, fn, name=None, num_params=-1):
        if name not in self._functions:
            raise NotImplementedError(f"SQL function {name!r} does not exist on the office's PostgreSQL")

    def begin(self, isolation_level=None):
        super().begin(isolation_level)
        # Held until COMMIT/ROLLBACK; a process that dies mid-action releases it with its connection.
        self.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))


def _fold_sql() -> str:
    """``wd_fold(text)`` in SQL, giving what ``textutil.fold`` gives for Vietnamese (and other Latin) text."""
    from ward_desk.textutil import fold

    source, target = [], []
    for codepoint in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(codepoint)
        folded = fold(char)
        if len(folded) == 1 and folded.isascii() and folded != char:
            source.append(char)
            target.append(folded)
    return ("CREATE OR REPLACE FUNCTION wd_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
            "SELECT regexp_replace(btrim(lower(translate(value, '{}', '{}'))), '\\s+', ' ', 'g') $$"
            .format("".join(source), "".join(target)))


def _create_fold(db: OfficeDatabase) -> None:
    try:
        with db.atomic():  # under the write lock: two clerks starting at once do not race on the definition
            db.execute_sql(_fold_sql())
    except DatabaseError:
        # the app's data role does not own the function (the owner role made it with the schema): use it
        if not db.execute_sql("SELECT 1 FROM pg_proc WHERE proname = 'wd_fold'").fetchone():
            raise



def masked(url: str) -> str:
    """The URL as it may be shown to people and written in logs: any password replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r":[^:@/]*@", ":***@", url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def is_server_url(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme.lower() in SCHEMES


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", "@", 1)))


def _stored_password(url: str) -> str | None:
    """The server password this PC keeps in its credential store for ``url`` (saved by ``remember``)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, without_password(url))
    except Exception:  # no usable keyring: libpq's own ways (PGPASSWORD, pgpass) still apply
        return None


def remember(folder, url: str) -> str:
    """Connect the data folder ``folder`` to the shared database ``url`` for later runs.

    The address (without password) goes into the folder's ``server-database.txt``; a password given in the URL
    goes into the OS credential store, never into a file; when no credential store works the password must
    come from ``PGPASSWORD`` or libpq's password file instead (said plainly). Returns the saved address.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.path.strip("/"):
        raise WardDeskError("db.bad_url", url=masked(url))
    address = without_password(url)
    if parts.password:
        try:
            import keyring

            keyring.set_password(KEYRING_SERVICE, address, parts.password)
            kept = keyring.get_password(KEYRING_SERVICE, address) == parts.password
        except Exception:
            kept = False
        if not kept:
            raise WardDeskError("db.password_not_kept", url=masked(url))
    save_server_url(config.data_dir(folder), address)
    return address


def forget(folder) -> str | None:
    """Disconnect the data folder from its shared database (the server's data is untouched)."""
    folder = config.data_dir(folder)
    address = config.saved_server_url(folder)
    if address:
        try:
            import keyring

            keyring.delete_password(KEYRING_SERVICE, address)
        except Exception:
            pass  # nothing kept, or no credential store
        save_server_url(folder, None)
    return address


def save_server_url(folder, url: str | None) -> None:
    """Remember (or with None forget) the shared database of a data folder (``config.saved_server_url``
    reads it)."""
    path = folder / config.SERVER_FILE
    if url is None:
        path.unlink(missing_ok=True)
        return
    folder.mkdir(parents=True, exist_ok=True)
    fileio.write_text(path, url + "\n")


ALLOW_NO_TLS = "wd_allow_no_tls"  # ?wd_allow_no_tls=yes in the saved address: the admin's explicit choice
TLS_MODES = ("require", "verify-ca", "verify-full")


def _loopback(host: str | None) -> bool:
    import ipaddress

    if not host or host.startswith("/") or host.lower() == "localhost":
        return True  # a Unix socket, or this PC
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_transport(url: str) -> str:
    """Refuse a server on another machine reached without TLS: records of people would cross the office
    network in clear. TLS is asked for with ``sslmode=require`` (or ``verify-ca``/``verify-full``, or
    ``PGSSLMODE``); an admin who accepts the risk (a cable between two PCs) says so explicitly with
    ``?wd_allow_no_tls=yes`` in the address or ``WARD_DESK_ALLOW_NO_TLS=1``. Returns the URL for libpq (without
    Ward Desk's own parameter)."""
    from urllib.parse import parse_qsl, urlencode

    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    allowed = any(k == ALLOW_NO_TLS and v.lower() in ("1", "yes", "true") for k, v in query)
    allowed = allowed or os.environ.get("WARD_DESK_ALLOW_NO_TLS") == "1"
    params = dict(query)
    sslmode = (params.get("sslmode") or os.environ.get("PGSSLMODE") or "prefer").lower()
    hosts = [h for h in (params.get("host") or parts.hostname or "").split(",")]
    if not allowed and sslmode not in TLS_MODES and not all(_loopback(h) for h in hosts):
        raise WardDeskError("db.no_tls", url=masked(url))
    return urlunsplit(parts._replace(query=urlencode([(k, v) for k, v in query if k != ALLOW_NO_TLS])))


def _connect(url: str) -> OfficeDatabase:
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.path.strip("/"):
        raise WardDeskError("db.bad_url", url=masked(url))
    parts = urlsplit(check_transport(url))
    if parts.password is None and not os.environ.get("PGPASSWORD"):
        password = _stored_password(url)
        if password:
            user, _, host = parts.netloc.rpartition("@")
            parts = parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}")
    # libpq takes the URL itself (host, port, user, password, sslmode ...); peewee passes it on as conninfo.
    conninfo = urlunsplit(parts._replace(scheme="postgresql"))
    attach_postgres_driver()
    db = OfficeDatabase(conninfo, prefer_psycopg3=True, autoconnect=True)
    try:
        db.connect(reuse_if_open=True)
    except ImproperlyConfigured as exc:
        raise WardDeskError("db.driver_missing") from exc
    except (OperationalError, InterfaceError, DatabaseError) as exc:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise WardDeskError("db.server_unreachable", url=masked(url), detail=detail) from exc
    return db


def holds_ward_desk_data(url: str) -> bool:
    """Connect once (``db.bad_url``, ``db.server_unreachable`` ...): does this database already hold a unit's
    data (the setup wizard joins it), or is it empty (the wizard sets it up)?"""
    if not is_server_url(url):
        raise WardDeskError("db.bad_url", url=masked(url))
    connection = _connect(url)
    try:
        return migrations.current_version(connection) is not None
    finally:
        connection.close()


def open_server_database(url: str, *, create: bool = False) -> OfficeDatabase:
    """Connect, check that the database is (or, with ``create``, is not yet) a Ward Desk database, migrate."""
    db = _connect(url)
    try:
        exists = migrations.current_version(db) is not None
        if not exists and not create:
            raise WardDeskError("db.server_missing", url=masked(url))
        if exists and create:
            raise WardDeskError("db.server_exists", url=masked(url))
        database.initialize(db)
        migrations.bring_up_to_date(db, new=not exists)
        _create_fold(db)
    except BaseException:
        db.close()
        raise
    return db
