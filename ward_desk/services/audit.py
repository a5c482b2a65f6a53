"""Service layer: the hash-chained, append-only audit trail. No Qt here.

Every write path calls ``log`` inside the same transaction as the change it describes, so the trail and the
data never disagree. The acting user is the session's (``services.session.actor``), set by sign-in or the CLI.

The chain shows an entry altered or removed in the middle; removing the newest entries leaves a shorter chain
that is still whole. So the end of the chain is anchored outside the database: after each COMMIT that logged an
entry, ``audit.head`` in the data folder records the last entry's id and hash, with an HMAC keyed from the
database key. ``verify`` reports a trail that no longer reaches its anchor; and when the anchor, about to move
on, finds its entry gone (newest entries deleted, new ones logged over the freed ids), the break is kept in the
anchor for good. The anchor may lag (a process killed between COMMIT and writing it): a trail longer than its
anchor is fine. A restored backup resets it (``reset_anchor``). Once the trail has entries, a missing anchor is
a break too (``anchor_missing``): removing ``audit.head`` with the newest entries is seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

from ward_desk import fileio, messages
from ward_desk.errors import WardDeskError
from ward_desk.models.base import utcnow
from ward_desk.models.security import AuditEntry
from ward_desk.services import session

GENESIS = "0" * 64


def _plain(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


# One encoder for every entry: ``json.dumps`` with these options builds a new one per call (a tenth of an
# import's audit time). Same options, same text: the hashes do not change.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_plain).encode
_basestring = json.encoder.encode_basestring  # what that encoder writes a string as (ensure_ascii=False)


def _encoder():
    """``_encode`` without the per-call set-up: ``JSONEncoder.encode`` makes a new C encoder each call (about
    half its time on a record's values). The same C encoder, the same options, made once: the same text (a test
    compares them); ``_encode`` itself where the C encoder is missing."""
    try:
        from json.encoder import c_make_encoder, encode_basestring
    except ImportError:  # pragma: no cover - CPython has both
        return _encode
    if c_make_encoder is None:  # pragma: no cover
        return _encode
    # markers (circular check) off: a record's values are flat; key ': ', item ', ', sorted, no skipkeys, NaN allowed
    one = c_make_encoder(None, _plain, encode_basestring, None, ": ", ", ", True, False, True)

    def encode(values):
        return "".join(one(values, 0))

    return encode


_encode_fast = _encoder()


def _json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return _encode_fast(values) if type(values) is dict else _encode(values)


def _text(value: Any) -> str:
    """One field of an entry as ``_encode`` writes it in the hashed text (a string, null, anything else)."""
    if value is None:
        return "null"
    if type(value) is str:
        return _basestring(value)
    return _encode(value)


def entry_digest(previous_hash: str, fields: dict[str, Any]) -> str:
    canonical = _encode(fields)
    return hashlib.sha256((previous_hash + canonical).encode("utf-8")).hexdigest()


HASHED_FIELDS = ("at", "user_name", "action", "table_name", "record_ref", "old_values", "new_values", "detail")


def _hashed_fields(entry: AuditEntry | dict[str, Any]) -> dict[str, Any]:
    """What an entry's hash covers: a stored entry (``verify``) or a row about to be written (``_append``)."""
    values = entry if isinstance(entry, dict) else entry.__data__
    fields = {name: values.get(name) for name in HASHED_FIELDS}
    at = fields["at"]
    fields["at"] = at.isoformat(sep=" ") if isinstance(at, dt.datetime) else str(at)
    return fields


def last_hash() -> str:
    last = AuditEntry.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).first()
    return last.entry_hash if last else GENESIS


# The stored columns of an entry, in the order ``_append`` writes them.
_COLUMNS = ("created_at", "updated_at", "at", "user_name", "action", "table_name", "record_ref", "old_values",
            "new_values", "detail", "previous_hash", "entry_hash")


def _append(rows: list[tuple], batch: int = 500) -> int:
    """Chain ``rows`` (``_row``'s tuples) onto the trail (each hash covers the one before) in one pass that also
    makes each row's stored tuple, write them with one ``executemany`` (peewee's ``insert_many`` spent most of an
    import building its SQL), and note the last one for the anchor, which moves when the transaction commits.
    Returns how many were written. ``batch`` is no longer used (kept for callers)."""
    if not rows:
        return 0
    db = AuditEntry._meta.database
    if getattr(db.obj if hasattr(db, "obj") else db, "read_only", False):
        # a data folder that cannot be written (``ward_desk.db``): nothing can be logged, so the reading and
        # exporting that still work go unlogged; every change fails on its own write anyway
        import logging

        logging.getLogger(__name__).warning("read-only data folder: %d audit entries not written", len(rows))
        return 0
    previous = last_hash()
    at = utcnow()
    at_text = at.isoformat(sep=" ")  # as the hash covers it, and as SQLite stores it
    stored_at = at_text if db.param == "?" else at  # PostgreSQL takes the timestamp itself
    sha256 = hashlib.sha256
    text = _text
    at_json = text(at_text)
    out = []
    append = out.append
    # ``_encode`` of the hashed fields (``HASHED_FIELDS``) built from its pieces, keys in sorted order: the same
    # text, which ``verify`` recomputes with ``_encode`` itself (tests/unit/test_audit_chain.py). An import's
    # entries share who, what, which table and why: those pieces are made once.
    shared: dict[tuple, tuple[str, str]] = {}
    for user, action, table, ref, old, new, detail in rows:
        pieces = shared.get((user, action, table, detail, old))
        if pieces is None:
            pieces = shared[(user, action, table, detail, old)] = (
                f'{{"action": {text(action)}, "at": {at_json}, "detail": {text(detail)}, "new_values": ',
                f', "old_values": {text(old)}, "record_ref": ',
                f', "table_name": {text(table)}, "user_name": {text(user)}}}')
        canonical = f"{pieces[0]}{text(new)}{pieces[1]}{text(ref)}{pieces[2]}"
        entry_hash = sha256((previous + canonical).encode("utf-8")).hexdigest()
        append((stored_at, stored_at, stored_at, user, action, table, ref, old, new, detail, previous, entry_hash))
        previous = entry_hash
    quote = db.quote
    columns = ", ".join(f"{quote[0]}{c}{quote[-1]}" for c in _COLUMNS)
    table_name = f"{quote[0]}{AuditEntry._meta.table_name}{quote[-1]}"
    db.cursor().executemany(f"INSERT INTO {table_name} ({columns}) VALUES ({', '.join([db.param] * len(_COLUMNS))})",
                            out)
    global _pending
    last = AuditEntry.select(AuditEntry.id).where(AuditEntry.entry_hash == previous).get()
    first = _pending[0] if _pending is not None else last.id - len(rows) + 1
    _pending = (first, last.id, previous)
    if not db.in_transaction():  # autocommit: already committed
        after_commit()
    return len(rows)


def _row(action, table, ref, old, new, detail, user) -> tuple:
    """An entry about to be chained: (user, action, table, ref, old JSON, new JSON, detail)."""
    return (user or session.actor(), action, table, None if ref is None else str(ref), _json(old), _json(new),
            detail)


def log(action: str, *, table: str | None = None, ref: str | None = None,
        old: dict[str, Any] | None = None, new: dict[str, Any] | None = None,
        detail: str | None = None, user: str | None = None) -> None:
    """Append one entry. Call inside the transaction of the change it records."""
    _append([_row(action, table, ref, old, new, detail, user)])


def log_many(action: str, *, table: str, records: list[tuple[str, dict[str, Any]]], detail: str | None = None,
             batch: int = 500) -> int:
    """One entry per ``(ref, new values)``, chained like ``log``, written in batches: an import of 100,000 rows
    logs each record it creates (who, when, which record, its values) in seconds, not minutes. Call inside the
    transaction of the change."""
    user = session.actor()
    as_json = _json
    return _append([(user, action, table, None if ref is None else str(ref), None, as_json(new), detail)
                    for ref, new in records], batch)


# ---- the end anchor ---------------------------------------------------------------------------------------
_anchor_path: Path | None = None
_anchor_key: bytes | None = None
_pending: tuple[int, int, str] | None = None  # first and last entry logged in the open transaction, last hash


def use_anchor(path: Path | None, database_key: bytes | None) -> None:
    """Anchor the trail of the database just opened at ``path`` (None: no anchor, e.g. a shared server)."""
    global _anchor_path, _anchor_key, _pending
    _anchor_path = Path(path) if path is not None and database_key else None
    _anchor_key = hashlib.sha256(b"ward-desk audit anchor\0" + database_key).digest() if _anchor_path else None
    _pending = None


def after_commit() -> None:
    global _pending
    if _pending is None:
        return
    first_id, last_id, last_hash = _pending
    _pending = None
    _write_anchor(last_id, last_hash, first_id=first_id)


def after_rollback() -> None:
    global _pending
    _pending = None


def _mac(document: dict[str, Any], key: bytes | None = None) -> str:
    body = json.dumps({k: v for k, v in document.items() if k != "mac"}, sort_keys=True)
    return hmac.new(key or _anchor_key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def anchor_for_new_key(database_key: bytes) -> str | None:
    """The current anchor (its breaks kept), signed for another database key: ``key rotate`` puts it in place
    with the re-encrypted database. None when there is no anchor; an altered one stays altered."""
    current = _read_anchor()
    if current is None:
        return None
    if current.get("altered"):
        current = {"last_id": 0, "last_hash": "", "breaks": [{"id": 0, "what": "anchor_altered"}]}
    document = {k: v for k, v in current.items() if k != "mac"}
    document["mac"] = _mac(document, hashlib.sha256(b"ward-desk audit anchor\0" + database_key).digest())
    return json.dumps(document)


def _read_anchor() -> dict[str, Any] | None:
    """The anchor, None when there is none yet; ``{"altered": True}`` when it fails its MAC or is unreadable."""
    if _anchor_path is None or not _anchor_path.exists():
        return None
    try:
        document = json.loads(_anchor_path.read_text(encoding="utf-8"))
        if not hmac.compare_digest(str(document.get("mac", "")), _mac(document)):
            return {"altered": True}
        return document
    except (OSError, ValueError, TypeError, AttributeError):
        return {"altered": True}


def _unit_code() -> str | None:
    from ward_desk.models.base import database

    try:
        row = database.obj.execute_sql("SELECT value FROM settings WHERE key = 'unit_code'").fetchone()
    except Exception:  # noqa: BLE001 - no settings table yet: nothing to record
        return None
    return row[0] if row else None


def recorded_unit(anchor: Path) -> str | None:
    """The unit code written in an anchor file (no key needed: it is a check that refuses, never one that lets
    anything through); None when there is none or it cannot be read."""
    try:
        unit = json.loads(Path(anchor).read_text(encoding="utf-8")).get("unit")
    except (OSError, ValueError, AttributeError):
        return None
    return unit if isinstance(unit, str) and unit else None


def _stored_hash(entry_id: int) -> str | None:
    row = AuditEntry.select(AuditEntry.entry_hash).where(AuditEntry.id == entry_id).first()
    return row.entry_hash if row else None


def _write_anchor(last_id: int, last_hash: str, *, reset: bool = False, first_id: int | None = None) -> None:
    if _anchor_path is None:
        return
    current = None if reset else _read_anchor()
    breaks = [] if current is None else list(current.get("breaks", []))
    if current is None and not reset and first_id is not None:
        # no anchor, yet entries older than this commit: the anchor was removed (maybe with the newest
        # entries); the break is kept in the new anchor, so the next sign-in's entry does not paper over it
        before = AuditEntry.select(AuditEntry.id).where(AuditEntry.id < first_id).order_by(
            AuditEntry.id.desc()).first()
        if before is not None:
            breaks.append({"id": before.id, "what": "anchor_missing"})
    if current is not None and current.get("altered"):
        breaks.append({"id": last_id, "what": "anchor_altered"})
    elif current is not None and "last_id" in current and _stored_hash(current["last_id"]) != current["last_hash"]:
        breaks.append({"id": current["last_id"], "what": "tail_removed"})
    document = {"last_id": last_id, "last_hash": last_hash, "breaks": breaks}
    unit = _unit_code()
    if unit:  # the ward's code outside the database: a restore onto a file too damaged to say is checked by it
        document["unit"] = unit
    document["mac"] = _mac(document)
    try:  # a name of its own per write (two processes never share a temporary file); this account's only (0600)
        fileio.write_private_text(_anchor_path, json.dumps(document), durable=False)
    except (OSError, WardDeskError):
        pass  # the anchor lags (read-only folder, another process writing it): the chain is still checked


def reset_anchor() -> None:
    """After a restore: the anchor follows the restored trail (the restore itself is logged next)."""
    last = AuditEntry.select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).first()
    if last is None:
        if _anchor_path is not None:
            _anchor_path.unlink(missing_ok=True)
        return
    _write_anchor(last.id, last.entry_hash, reset=True)


def verify() -> list[tuple[int, str]]:
    """Walk the chain; returns ``(entry id, what is wrong)`` for every break (empty = intact)."""
    breaks: list[tuple[int, str]] = []
    expected_previous = GENESIS
    last_read = 0
    try:
        for entry in AuditEntry.select().order_by(AuditEntry.id).iterator():
            if entry.previous_hash != expected_previous:
                breaks.append((entry.id, "previous_hash"))
            if entry_digest(entry.previous_hash, _hashed_fields(entry)) != entry.entry_hash:
                breaks.append((entry.id, "entry_hash"))
            expected_previous = entry.entry_hash
            last_read = entry.id
    except Exception as exc:  # damaged pages: say where the trail stops being readable, not "Unexpected error"
        from ward_desk import fileio
        from ward_desk.errors import WardDeskError

        path = str(getattr(AuditEntry._meta.database.obj, "database", ""))
        if fileio.explain_storage(exc, folder=str(Path(path).parent), path=path) is None:
            raise
        raise WardDeskError("audit.unreadable", path=path, after=last_read, detail=str(exc)) from exc
    anchor = _read_anchor()
    if anchor is None and _anchor_path is not None and last_read:
        breaks.append((last_read, "anchor_missing"))  # a trail with entries always has its anchor
    if anchor is not None:
        if anchor.get("altered"):
            breaks.append((0, "anchor_altered"))
        else:
            breaks.extend((b["id"], b["what"]) for b in anchor.get("breaks", []))
            if _stored_hash(anchor["last_id"]) != anchor["last_hash"]:
                breaks.append((anchor["last_id"], "tail_removed"))
    return breaks


messages.register({
    "audit.break.previous_hash": ("mục trước nó đã bị sửa hoặc xóa", "the entry before it was altered or removed"),
    "audit.break.entry_hash": ("nội dung mục đã bị sửa", "its content was altered"),
    "audit.break.tail_removed": ("các mục mới nhất, từ mục này trở đi, đã bị xóa",
                                 "the newest entries, from this one on, were removed"),
    "audit.break.anchor_missing": ("tệp audit.head (điểm neo cuối nhật ký) đã bị xóa; các mục mới nhất có thể "
                                   "đã bị xóa theo", "the audit.head file (the end anchor of the trail) was "
                                   "removed; the newest entries may have been removed with it"),
    "audit.unreadable": ("Tệp cơ sở dữ liệu {path} bị hỏng: nhật ký kiểm tra chỉ đọc được đến mục {after} ({detail}). "
                         "Quản trị viên hãy khôi phục bản sao lưu mới nhất (`ward-desk backup restore TỆP`).",
                         "The database file {path} is damaged: the audit trail reads only up to entry {after} "
                         "({detail}). An admin should restore the newest backup (`ward-desk backup restore FILE`)."),
    "audit.break.anchor_altered": ("tệp audit.head (điểm neo cuối nhật ký) đã bị sửa",
                                   "the audit.head file (the end anchor of the trail) was altered"),
})


def describe(what: str) -> str:
    """What a break found by ``verify`` means, in words (the CLI's and the audit screen's language)."""
    return messages.text(f"audit.break.{what}")


EXPORT_COLUMNS = ("id", "at", "user_name", "action", "table_name", "record_ref", "old_values", "new_values",
                  "detail", "entry_hash")


def _filtered(*, user: str | None = None, action: str | None = None, table: str | None = None,
              ref: str | None = None, since: dt.datetime | None = None, until: dt.datetime | None = None,
              text: str | None = None):
    query = AuditEntry.select()
    if text:  # anywhere in the record, the detail or the values (the viewer's search box)
        query = query.where(AuditEntry.record_ref.contains(text) | AuditEntry.detail.contains(text)
                            | AuditEntry.old_values.contains(text) | AuditEntry.new_values.contains(text))
    if user:
        query = query.where(AuditEntry.user_name == user)
    if action:  # "user.*" (a trailing *) matches every action of that family
        query = query.where(AuditEntry.action.startswith(action[:-1]) if action.endswith("*")
                            else AuditEntry.action == action)
    if table:
        query = query.where(AuditEntry.table_name == table)
    if ref:
        query = query.where(AuditEntry.record_ref == ref)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return query


def entries(*, user: str | None = None, action: str | None = None, table: str | None = None,
            ref: str | None = None, since: dt.datetime | None = None, until: dt.datetime | None = None,
            text: str | None = None, offset: int = 0, limit: int | None = 200, newest_first: bool = False):
    """Audit entries (a query: iterate it), filtered, ordered and paged in SQL (the audit viewer, ``audit
    export``). Reading the trail needs ``audit.view`` (supervisor). ``limit=None`` returns every match."""
    session.require("audit.view")
    query = _filtered(user=user, action=action, table=table, ref=ref, since=since, until=until, text=text)
    query = query.order_by(AuditEntry.id.desc() if newest_first else AuditEntry.id)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return query


def count(*, user: str | None = None, action: str | None = None, table: str | None = None,
          ref: str | None = None, since: dt.datetime | None = None, until: dt.datetime | None = None,
          text: str | None = None) -> int:
    """How many entries match (the viewer's page count); same filters as ``entries``."""
    session.require("audit.view")
    return _filtered(user=user, action=action, table=table, ref=ref, since=since, until=until, text=text).count()


def users_and_actions() -> tuple[list[str], list[str]]:
    """The distinct user names and actions in the trail (the viewer's filter choices)."""
    session.require("audit.view")
    users = [r.user_name for r in AuditEntry.select(AuditEntry.user_name).distinct().order_by(AuditEntry.user_name)]
    actions = [r.action for r in AuditEntry.select(AuditEntry.action).distinct().order_by(AuditEntry.action)]
    return users, actions


# Append-only in the database itself: SQLite refuses to change or remove a trail entry. Someone with the key
# can drop these triggers, which is why the hash chain (``verify``) stays the proof.
GUARD_TRIGGERS = {
    "audit_log_no_update": "BEFORE UPDATE ON audit_log BEGIN "
                           "SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "audit_log_no_delete": "BEFORE DELETE ON audit_log BEGIN "
                           "SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
}


# The same on an office's PostgreSQL database: one trigger function refusing UPDATE, DELETE and TRUNCATE.
PG_GUARD = (
    "CREATE OR REPLACE FUNCTION wd_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    # restrict_violation (23001): an IntegrityError, as SQLite's RAISE(ABORT) is, not a bare plpgsql exception
    "BEGIN RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'restrict_violation'; END $$",
    "DO $$ BEGIN "
    "IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_no_change' "
    "AND tgrelid = 'audit_log'::regclass) THEN "
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE PROCEDURE wd_audit_append_only(); END IF; "
    "IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_no_truncate' "
    "AND tgrelid = 'audit_log'::regclass) THEN "
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE PROCEDURE wd_audit_append_only(); END IF; END $$",
    # A change to an account's role, state, password hash or lockout, or a new account, commits only with an
    # audit entry about that account from the same transaction, whatever path made it (the app, or UPDATE users
    # SET role=... / password_hash=... by hand).
    # "from the same transaction": a row visible to us whose inserting transaction (or savepoint) is still in
    # progress can only be ours. Our ids run from our own (txid_current) up through our savepoints' ids; the
    # bounds keep a row of an earlier epoch from being taken for an id in the future
    "CREATE OR REPLACE FUNCTION wd_account_change_audited() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE base bigint := txid_current() >> 32 << 32; "
    "lo bigint := txid_current(); "
    "hi bigint := txid_current() + 1000000; "
    "BEGIN IF NOT EXISTS (SELECT 1 FROM audit_log WHERE table_name = 'users' AND record_ref = NEW.username "
    "AND CASE WHEN base + xmin::text::bigint BETWEEN lo AND hi "
    "THEN txid_status(base + xmin::text::bigint) END = 'in progress') THEN "
    "RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = 'a change to the account ' || NEW.username "
    "|| ' must be written to the audit trail in the same transaction'; END IF; RETURN NULL; END $$",
    "DO $$ BEGIN "
    # v2 (issue 18 review) also watches the password hash and the lockout columns: a database with the first
    # trigger gets this one in its place
    "IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'users_change_audited_v2' "
    "AND tgrelid = 'users'::regclass) THEN "
    "DROP TRIGGER IF EXISTS users_change_audited ON users; "
    "CREATE CONSTRAINT TRIGGER users_change_audited_v2 AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.disabled IS DISTINCT FROM NEW.disabled "
    "OR OLD.username IS DISTINCT FROM NEW.username OR OLD.password_hash IS DISTINCT FROM NEW.password_hash "
    "OR OLD.failed_attempts IS DISTINCT FROM NEW.failed_attempts "
    "OR OLD.locked_until IS DISTINCT FROM NEW.locked_until) EXECUTE PROCEDURE wd_account_change_audited(); END IF; "
    "IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'users_insert_audited' "
    "AND tgrelid = 'users'::regclass) THEN "
    "CREATE CONSTRAINT TRIGGER users_insert_audited AFTER INSERT ON users DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW EXECUTE PROCEDURE wd_account_change_audited(); END IF; END $$",
)


def install_guards(db) -> None:
    """Create the append-only triggers (at every open, so older databases get them too)."""
    from peewee import PostgresqlDatabase, SqliteDatabase

    if isinstance(db, SqliteDatabase):
        for name, body in GUARD_TRIGGERS.items():
            db.execute_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    elif isinstance(db, PostgresqlDatabase):
        import logging

        try:
            with db.atomic():  # under the office's write lock; a failure rolls back only this
                for statement in PG_GUARD:
                    db.execute_sql(statement)
        except Exception as exc:  # a login that does not own the table: the hash chain still tells
            logging.getLogger(__name__).warning("audit trail triggers not installed: %s", exc)


def export(path, **filters) -> int:
    """Write the (filtered) trail to ``.csv`` or ``.xlsx``; every text cell as text, never a formula.

    The file is written beside the target and renamed, so a cancelled export leaves nothing half-written.
    Returns the number of entries written. The export itself is logged.
    """
    import csv
    import os
    from pathlib import Path

    path = Path(path)
    rows = [[_cell(getattr(e, c)) for c in EXPORT_COLUMNS] for e in entries(**filters, limit=None).iterator()]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        from ward_desk.export.cells import set_text_cell

        book = Workbook(write_only=False)
        sheet = book.active
        sheet.title = "audit"
        for r, row in enumerate([list(EXPORT_COLUMNS), *rows], start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, int):
                    cell.value = value
                elif value:
                    set_text_cell(cell, value)
        with fileio.atomic_path(path) as tmp:  # a failed save leaves nothing behind
            book.save(tmp)
    else:
        with fileio.atomic_write(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_COLUMNS)
            for row in rows:  # a leading = + - @ is quoted with ' so a spreadsheet never runs it
                writer.writerow([("'" + v) if isinstance(v, str) and v[:1] and v[0] in "=+-@" else v for v in row])
    log("export", table="audit_log", detail=f"{len(rows)} entries to {path.name}",
        new={"file": path.name, "entries": len(rows), "filters": {k: v for k, v in filters.items() if v}})
    return len(rows)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return value
