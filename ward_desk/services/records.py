"""Service layer: create, change, delete (to the recycle bin), restore and purge one ward record. No Qt here.

The desktop forms and the CLI call these; workbook import (``records_io``) shares ``KINDS`` and the rules.
Every write funnels through one internal function per operation (``_create``, ``_update``, ``_set_deleted``,
``_purge``), each of which first calls ``_before_write``: the single place where the closed-period check
(``ward_desk.services.closing``) is wired in.

Deleting chooses what people expect from a register: a client (or establishment, or peer group) that still has
live records pointing at it cannot go to the recycle bin until those go first, so no live contact ever points
at a deleted client; the message says how many of which. Restoring needs the records it points at to be live.
Purging removes for good, and only what is already in the recycle bin and nothing else still points at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from peewee import Model

from ward_desk import messages
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.models.base import database, utcnow
from ward_desk.models.records import MODEL_BY_KIND, Client
from ward_desk.services import accounts, ids, rules, soft_checks
from ward_desk.services.operation import Operation, operation
from ward_desk.spec import records as spec

messages.register({
    "records.unknown_reference": ("không có {target} nào mã {value!r}", "no {target} with id {value!r}"),
    "records.duplicate_id": ("mã {value!r} đã có trong {sheet}", "id {value!r} is already used in {sheet}"),
    "records.duplicate_id_deleted": ("mã {value!r} đã có trong {sheet} (trong thùng rác: khôi phục hoặc xóa hẳn "
                                     "trước)", "id {value!r} is already used in {sheet} (in the recycle bin: "
                                     "restore or purge it first)"),
    "records.not_found": ("không tìm thấy hồ sơ {kind} #{id}", "record {kind} #{id} not found"),
    "records.has_dependents": ("không thể xóa {kind} {ref}: còn {detail}. Hãy xóa các hồ sơ đó trước.",
                               "cannot delete {kind} {ref}: it still has {detail}. Delete those first."),
    "records.changed_meanwhile": (
        "{kind} {ref} đã được {user} sửa lúc {at} (UTC) sau khi bạn mở nó; chưa lưu gì. Hãy tải lại để xem bản mới "
        "rồi nhập lại thay đổi của bạn.",
        "{kind} {ref} was changed by {user} at {at} (UTC) after you opened it; nothing was saved. Reload it to see "
        "the new version, then make your change again.",
    ),
    "records.restricted": ("hồ sơ hạn chế truy cập", "records with restricted access"),
    "records.not_deleted": ("hồ sơ {kind} {ref} không ở trong thùng rác", "record {kind} {ref} is not in the "
                            "recycle bin"),
    "records.restore_reference_deleted": ("không thể khôi phục {kind} {ref}: {target} {value} đang ở trong thùng "
                                          "rác; khôi phục nó trước", "cannot restore {kind} {ref}: {target} "
                                          "{value} is in the recycle bin; restore it first"),
    "records.unknown_linked": ("không có {what_vi} nào mã {value}", "no {what_en} with the code {value}"),
    "records.id_fixed": ("mã hồ sơ {old} không đổi được sau khi lưu (đang nhập {new!r})",
                         "a record's id {old} cannot change once saved (typed {new!r})"),
    "records.client_fixed": ("hồ sơ {ref} thuộc khách hàng {old}; muốn chuyển sang {new} hãy dùng \"Chuyển sang "
                             "khách hàng khác\"", "record {ref} belongs to client {old}; to move it to {new} use "
                             "\"Move to another client\""),
    "records.client_code_fixed": ("mã khách hàng {old} không đổi được sau khi lưu (đang nhập {new!r}); các hồ sơ "
                                  "của khách hàng giữ mã này", "a client's code {old} cannot change once saved "
                                  "(typed {new!r}); the client's records keep this code"),
    "records.not_movable": ("hồ sơ {kind} không thuộc một khách hàng", "a {kind} record does not belong to a client"),
    "records.move_same": ("hồ sơ {ref} đã thuộc khách hàng {client}", "record {ref} already belongs to {client}"),
    "records.no_such_ref": ("không có hồ sơ {kind} mã {ref!r}", "no {kind} record with id {ref!r}"),
    "records.warnings": ("Cần xem lại trước khi lưu: {detail}", "Check before saving: {detail}"),
})


def kind_words(name: str, many: bool = False) -> messages.Words:
    """A kind of record named as the standard names it ('khách hàng', 'tiếp cận'), in both languages: a message
    never names a table ('clients', 'establishments')."""
    kind = spec.KINDS.get(name)
    if kind is None:
        return messages.Words(name, name)
    vi, en = (kind.vi, kind.en) if many else (kind.one_vi, kind.one_en)
    return messages.Words(vi[:1].lower() + vi[1:], en[:1].lower() + en[1:])


class SoftWarnings(ValidationFailed):
    """Soft checks (``services.soft_checks``) found something to look at; save again with ``accept_warnings``."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems, "records.warnings", detail="; ".join(p.message() for p in problems))


@dataclass(frozen=True)
class Kind:
    """A RECORDS-1 sheet and the model that stores it.

    ``attrs`` maps each column key to the model attribute (``id`` -> ``ref``; a reference column such as
    ``client_code`` -> the foreign key ``client``); ``refs`` maps reference columns to the kind they name;
    ``key`` is the column(s) a row is matched by.
    """

    name: str
    model: type[Model]
    columns: tuple[str, ...]
    key: tuple[str, ...]
    refs: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)
    dependents: tuple[tuple[str, str], ...] = ()  # (kind, reference column) pointing here

    def attr(self, column: str) -> str:
        return self.attrs.get(column, column)

    @property
    def ref_field(self):
        """The model field holding the workbook id of a referenced row (``client_code`` or ``ref``)."""
        return self.model.client_code if self.model is Client else getattr(self.model, "ref", None)


def _fk_attr(model: type[Model], target: type[Model]) -> str:
    return next(f.name for f in model._meta.sorted_fields if getattr(f, "rel_model", None) is target)


def _kind(declared: spec.Kind, models: dict[str, type[Model]]) -> Kind:
    """The service's view of a declared kind: its model, and model attributes for the reference columns."""
    model = models[declared.name]
    refs = declared.refs
    attrs = {"id": "ref", **{col: _fk_attr(model, models[target]) for col, target in refs.items()}}
    dependents = tuple((other.name, col) for other in spec.KINDS.values()
                       for col, target in other.refs.items() if target == declared.name)
    return Kind(declared.name, model, declared.keys, declared.key, refs, attrs, dependents)


KINDS: dict[str, Kind] = {name: _kind(declared, MODEL_BY_KIND) for name, declared in spec.KINDS.items()}


def _singular(name: str) -> str:
    return name[:-3] + "y" if name.endswith("ies") else name[:-1]


# ``client`` for ``clients``; ``activity``, ``group``, ``member``, ``meeting``: the last word alone
_ALIASES = {alias: name for name in reversed(spec.SHEETS)
            for alias in (_singular(name), _singular(name.split("_")[-1]))}


def kind_of(name: str) -> Kind:
    """The ``Kind`` for a sheet name (a singular such as ``client`` is accepted too)."""
    try:
        return KINDS[_ALIASES.get(name, name)]
    except KeyError:
        raise WardDeskError("records.unknown_kind", kind=name) from None


def record_label(kind: Kind, values: dict[str, Any]) -> str:
    """How a record is named in messages and the audit trail: its id, or group/client/joined for members."""
    return "/".join(_plain(values.get(col)) for col in kind.key)


def _plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))


def record_values(record: Model) -> dict[str, Any]:
    """A stored record as RECORDS-1 column key -> value (references as the referenced row's id)."""
    kind = next(k for k in KINDS.values() if isinstance(record, k.model))
    out: dict[str, Any] = {}
    for col in kind.columns:
        if col in kind.refs:
            target = KINDS[kind.refs[col]]
            related = getattr(record, kind.attr(col))  # None: an optional reference left empty
            out[col] = None if related is None else getattr(related, target.ref_field.name)
        else:
            out[col] = getattr(record, kind.attr(col))
    return out


RESTRICTED = ("gbv_cases",)  # RETURN-v2 §1: listed, opened, changed and exported by supervisors and admins only


def _require_restricted(kind: Kind) -> None:
    """A GBV case is opened, changed or deleted only with ``gbv.read`` (supervisor, admin)."""
    if kind.name in RESTRICTED:
        accounts.require("gbv.read")


def get_record(kind: str, record_id: int) -> dict[str, Any]:
    accounts.require("records.read")
    k = kind_of(kind)
    _require_restricted(k)
    values = record_values(_get(k, record_id))
    if k.name in RESTRICTED:  # every view of a case is in the audit trail (who, when, which case)
        from ward_desk.services import audit

        with database.atomic():
            audit.log("view", table=k.name, ref=record_label(k, values))
    return values


def _get(kind: Kind, record_id: int) -> Model:
    record = kind.model.get_or_none(kind.model.id == record_id)
    if record is None:
        raise WardDeskError("records.not_found", kind=kind_words(kind.name), id=record_id)
    return record


def resolve_reference(kind: Kind, column: str, value: Any, *, live_only: bool = True) -> int | None:
    """Internal id of the row a reference column names, or None when there is no such (live) row."""
    target = KINDS[kind.refs[column]]
    query = target.model.select(target.model.id).where(target.ref_field == value)
    if live_only:
        query = query.where(target.model.deleted_at.is_null())
    row = query.first()
    return row.id if row else None


def _find_by_key(kind: Kind, values: dict[str, Any], resolved: dict[str, int]) -> Model | None:
    """The stored row (live or in the recycle bin) with the same id/key, if any."""
    model = kind.model
    conditions = []
    for col in kind.key:
        if col in kind.refs:
            if resolved.get(col) is None:
                return None
            conditions.append(getattr(model, kind.attr(col)) == resolved[col])
        else:
            conditions.append(getattr(model, kind.attr(col)) == values[col])
    query = model.select()
    for condition in conditions:
        query = query.where(condition)
    return query.first()


LINKED_NAMES = {"clients": ("khách hàng", "client"), "establishments": ("cơ sở kinh doanh", "establishment"),
                "peer_groups": ("nhóm", "peer group")}  # how a message names what a code points at


def check_against_database(kind: Kind, values: dict[str, Any], record_id: int | None = None
                           ) -> tuple[dict[str, int], list[Problem]]:
    """References exist (live) and the id is not used by another row: the rules that need the database."""
    problems: list[Problem] = []
    resolved: dict[str, int] = {}
    for col, target in kind.refs.items():
        if values.get(col) is None:
            continue
        found = resolve_reference(kind, col, values[col])
        if found is None:
            what_vi, what_en = LINKED_NAMES[target]
            problems.append(Problem("records.unknown_linked", {"what_vi": what_vi, "what_en": what_en,
                                                               "value": values[col]}, field=col))
        else:
            resolved[col] = found
    if all(values.get(col) is not None for col in kind.key):
        other = _find_by_key(kind, values, resolved)
        if other is not None and other.id != record_id:
            code = "records.duplicate_id_deleted" if other.deleted_at is not None else "records.duplicate_id"
            problems.append(Problem(code, {"value": record_label(kind, values),
                                           "sheet": kind_words(kind.name, many=True)},
                                    field=kind.key[-1] if kind.name == "peer_members" else kind.key[0]))
    return resolved, problems


def model_values(kind: Kind, values: dict[str, Any], resolved: dict[str, int]) -> dict[str, Any]:
    """RECORDS-1 values -> model attribute values (references as internal ids)."""
    return {kind.attr(col): (resolved.get(col) if col in kind.refs else values[col]) for col in kind.columns}


def _before_write(kind: Kind, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
    """Hook called by every single-record write before it changes anything.

    The closed-period check (``ward_desk.services.closing.ensure_open``) is wired in here: one place, so a
    record dated in a closed period cannot be created, changed, deleted, restored or purged from any screen.
    """
    from ward_desk.services import closing

    closing.ensure_open(kind.name, old, new, label=record_label(kind, new or old))


def save_record(kind: str, values: dict[str, Any], record_id: int | None = None, *,
                check_warnings: bool = False, accept_warnings: bool = False,
                loaded: dict[str, Any] | None = None) -> Model:
    """Create (``record_id`` None) or change one record after every rule; raises ``ValidationFailed``.

    A new record of a numbered kind (``services.ids``) with an empty id gets the next free one. A saved
    record's id never changes, nor its client (``move_record`` does that, explicitly). With ``check_warnings``
    the soft checks (``services.soft_checks``) raise ``SoftWarnings`` unless ``accept_warnings``; accepted
    warnings are written into the record's audit entry. ``loaded``: the values the form was opened with; a
    change is refused (``records.changed_meanwhile``) when the stored record no longer has them: someone else
    saved it since (``ensure_unchanged``).
    """
    with operation("records.write") as op:  # read, checked, numbered and written in one transaction
        return _save(op, kind, values, record_id, check_warnings=check_warnings, accept_warnings=accept_warnings,
                     loaded=loaded)


def _save(op: Operation, kind: str, values: dict[str, Any], record_id: int | None, *, check_warnings: bool,
          accept_warnings: bool, loaded: dict[str, Any] | None) -> Model:
    k = kind_of(kind)
    if record_id is not None:
        _require_restricted(k)  # anyone records a GBV case; only a supervisor changes one
    values = dict(values)
    stored = _get(k, record_id) if record_id is not None else None
    old = record_values(stored) if stored is not None else None
    automatic = "id" in k.columns and ids.numbered(k.name) and rules.parse_text(values.get("id")) is None
    if automatic and old is not None:
        values["id"] = old["id"]
    parsed, problems = rules.validate(k.name, values)
    if automatic and old is None:
        problems = [p for p in problems if not (p.field == "id" and p.code == "field.required")]
    if old is not None:
        problems += _fixed_problems(k, old, parsed)
    resolved, db_problems = check_against_database(k, parsed, record_id) if not any(
        p.field in k.key + tuple(k.refs) for p in problems) else ({}, [])
    problems += db_problems
    if problems:
        raise ValidationFailed(rules.labelled(k.name, problems))
    warnings = soft_checks.check(k.name, parsed, record_id) if (check_warnings or accept_warnings) else []
    if warnings and not accept_warnings:
        raise SoftWarnings(warnings)
    note = _warnings_note(warnings)
    if stored is None:
        return _create(op, k, parsed, resolved, automatic=automatic and old is None, note=note)
    return _update(op, k, stored, parsed, resolved, note=note, loaded=loaded)


def _fixed_problems(kind: Kind, old: dict[str, Any], new: dict[str, Any]) -> list[Problem]:
    """A saved record keeps its id and its client: a stray keystroke must not rename or move it."""
    problems = []
    if "id" in kind.columns and new.get("id") is not None and new["id"] != old["id"]:
        problems.append(Problem("records.id_fixed", {"old": old["id"], "new": new["id"]}, field="id"))
    if kind.name == "clients" and new.get("client_code") is not None and new["client_code"] != old["client_code"]:
        problems.append(Problem("records.client_code_fixed", {"old": old["client_code"], "new": new["client_code"]},
                                field="client_code"))
    if kind.name in MOVABLE and new.get("client_code") is not None and new["client_code"] != old["client_code"]:
        problems.append(Problem("records.client_fixed", {"ref": old["id"], "old": old["client_code"],
                                                         "new": new["client_code"]}, field="client_code"))
    return problems


def _warnings_note(warnings: list[Problem]) -> str | None:
    """The audit entry's words for warnings the clerk saved anyway (in the ward's language, with the codes)."""
    if not warnings:
        return None
    return "saved despite warnings: " + "; ".join(f"{w.code} ({w.field}): {w.message()}" for w in warnings)


create = save_record  # the name the self-test looks for


def _create(op: Operation, kind: Kind, values: dict[str, Any], resolved: dict[str, int], *,
            automatic: bool = False, note: str | None = None) -> Model:
    _before_write(kind, None, values)
    if automatic:  # numbered in the transaction that saves: two clerks never get the same id
        values["id"] = ids.next_id(kind.name)
    record = kind.model.create(**model_values(kind, values, resolved))
    op.log("create", table=kind.name, ref=record_label(kind, values), new=values, detail=note)
    return record


def _update(op: Operation, kind: Kind, record: Model, values: dict[str, Any], resolved: dict[str, int], *,
            note: str | None = None, loaded: dict[str, Any] | None = None) -> Model:
    old = record_values(record)
    if old == values:  # saving an untouched form changes nothing, even in a closed period
        return record
    _before_write(kind, old, values)
    ensure_unchanged(kind, record, old if loaded is None else loaded)  # under the operation's write lock
    for attr, value in model_values(kind, values, resolved).items():
        setattr(record, attr, value)
    record.save()
    op.log("update", table=kind.name, ref=record_label(kind, values), old=old, new=values, detail=note)
    return record


MOVABLE = spec.movable_kinds()  # kinds that belong to one client and may be moved to another


def find_by_ref(kind: str, ref: str) -> int:
    """Internal id of the record of ``kind`` whose workbook id (client code for clients) is ``ref``."""
    accounts.require("records.read")
    k = kind_of(kind)
    row = k.model.select(k.model.id).where(k.ref_field == ref).first() if k.ref_field is not None else None
    if row is None:
        raise WardDeskError("records.no_such_ref", kind=kind_words(k.name), ref=ref)
    return row.id


def move_record(kind: str, record_id: int, client_code: str) -> Model:
    """Move a contact, referral or loan to another client: an explicit action, with its own audit entry."""
    with operation("records.write") as op:
        k = kind_of(kind)
        if k.name not in MOVABLE:
            raise WardDeskError("records.not_movable", kind=kind_words(k.name))
        record = _get(k, record_id)
        old = record_values(record)
        new = {**old, "client_code": (client_code or "").strip()}
        if new["client_code"] == old["client_code"]:
            raise WardDeskError("records.move_same", ref=old["id"], client=old["client_code"])
        resolved, problems = check_against_database(k, new, record_id)
        if problems:
            raise ValidationFailed(rules.labelled(k.name, problems))
        _before_write(k, old, new)
        record.client = resolved["client_code"]
        record.save()
        op.log("move", table=k.name, ref=record_label(k, new), old={"client_code": old["client_code"]},
               new={"client_code": new["client_code"]})
    return record


def ensure_unchanged(kind: Kind, record: Model, expected: dict[str, Any]) -> None:
    """Optimistic concurrency, inside the saving transaction: the stored row must still hold ``expected`` (the
    values the form was loaded with) and still be where it was (live or in the recycle bin). Two clerks on a
    shared PostgreSQL database, or the app and a CLI import on one file: the second save of a record loaded
    before the first was saved is refused, never silently undoing it. The row is read under the write lock
    (SQLite's IMMEDIATE transaction; ``SELECT ... FOR UPDATE`` on PostgreSQL), so no save slips in between."""
    query = kind.model.select().where(kind.model.id == record.id)
    if getattr(database.obj, "for_update", False):
        query = query.for_update()
    current = query.first()
    if current is None:
        raise WardDeskError("records.not_found", kind=kind.name, id=record.id)
    if record_values(current) != _comparable(kind, expected) or current.deleted_at != record.deleted_at:
        from ward_desk.models.security import AuditEntry

        label = record_label(kind, record_values(current))
        last = (AuditEntry.select(AuditEntry.user_name, AuditEntry.at)
                .where((AuditEntry.table_name == kind.name) & (AuditEntry.record_ref == label))
                .order_by(AuditEntry.id.desc()).first())
        raise WardDeskError("records.changed_meanwhile", kind=kind.name, ref=label,
                            user=last.user_name if last else "?",
                            at=last.at.strftime("%Y-%m-%d %H:%M") if last and last.at else "?")


def _comparable(kind: Kind, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (as ``get_record``/``record_values`` gave them to the form) on the kind's columns."""
    return {col: values.get(col) for col in kind.columns}


def _dependents(kind: Kind, record: Model, *, live_only: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    for dep_name, column in kind.dependents:
        dep = KINDS[dep_name]
        query = dep.model.select().where(getattr(dep.model, dep.attr(column)) == record.id)
        if live_only:
            query = query.where(dep.model.deleted_at.is_null())
        n = query.count()
        if n:
            counts[dep_name] = n
    return counts


def _refuse_if_dependents(kind: Kind, record: Model, values: dict[str, Any], *, live_only: bool) -> None:
    counts = _dependents(kind, record, live_only=live_only)
    if counts:
        # a clerk is not told that a client has GBV cases, only that records they cannot see remain
        hidden = [name for name in counts if name in RESTRICTED and not accounts.can("gbv.read")]
        restricted = messages.Words("hồ sơ hạn chế truy cập", "records with restricted access")
        detail = messages.Words(*(", ".join([f"{n} {getattr(kind_words(name, many=True), lang)}"
                                             for name, n in counts.items() if name not in hidden]
                                            + [getattr(restricted, lang)] * bool(hidden)) for lang in ("vi", "en")))
        raise WardDeskError("records.has_dependents", kind=kind_words(kind.name), ref=record_label(kind, values),
                            detail=detail)


def delete_record(kind: str, record_id: int) -> None:
    """Move a record to the recycle bin (``deleted_at``); refused while live records still point at it."""
    with operation("records.delete") as op:
        k = kind_of(kind)
        _require_restricted(k)
        record = _get(k, record_id)
        if record.deleted_at is not None:
            return
        values = record_values(record)
        _refuse_if_dependents(k, record, values, live_only=True)
        _set_deleted(op, k, record, values, utcnow())


def restore_record(kind: str, record_id: int) -> None:
    """Take a record back out of the recycle bin; what it points at must be live."""
    with operation("records.restore") as op:
        k = kind_of(kind)
        record = _get(k, record_id)
        if record.deleted_at is None:
            return
        values = record_values(record)
        for col, target in k.refs.items():
            if values[col] is not None and resolve_reference(k, col, values[col]) is None:  # optional: empty
                raise WardDeskError("records.restore_reference_deleted", kind=kind_words(k.name),
                                    ref=record_label(k, values), target=kind_words(target), value=values[col])
        _set_deleted(op, k, record, values, None)


def _set_deleted(op: Operation, kind: Kind, record: Model, values: dict[str, Any], when: dt.datetime | None) -> None:
    _before_write(kind, values, None if when else values)
    record.deleted_at = when
    record.save()
    op.log("delete" if when else "restore", table=kind.name, ref=record_label(kind, values),
           old=values if when else None, new=None if when else values)


def purge_record(kind: str, record_id: int) -> None:
    """Remove a record from the recycle bin for good (only when nothing else points at it)."""
    with operation("records.purge") as op:
        k = kind_of(kind)
        record = _get(k, record_id)
        values = record_values(record)
        if record.deleted_at is None:
            raise WardDeskError("records.not_deleted", kind=kind_words(k.name), ref=record_label(k, values))
        _refuse_if_dependents(k, record, values, live_only=False)
        _before_write(k, values, None)
        record.delete_instance()
        op.log("purge", table=k.name, ref=record_label(k, values), old=values)
