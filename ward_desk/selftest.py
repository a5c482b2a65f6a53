"""``ward-desk --self-test``: prove that this installation (a checkout or the frozen build) really works.

Each step exercises the real code path a ward office depends on, in a temporary folder that is removed
afterwards, and prints ``OK`` or ``FAIL`` with a reason; the exit status is 0 only when every step passed.
It exists mainly for the frozen app, where a forgotten hidden import, data file, Qt plugin or shared library
shows up only at run time (tests/test_packaging.py builds the app, runs this and requires every step OK).

No Qt import at module level: the non-Qt steps must run (and fail clearly) even if Qt itself is broken.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ward_desk import __version__, messages

messages.register({
    "selftest.title": ("Ward Desk {version}: tự kiểm tra", "Ward Desk {version}: self-test"),
    "selftest.passed": ("Tất cả {n} bước đều đạt.", "All {n} steps passed."),
    "selftest.failed": ("{failed}/{n} bước KHÔNG đạt.", "{failed} of {n} steps FAILED."),
    "selftest.needs": ("cần bước «{step}» đạt trước", "needs step '{step}' to pass first"),
})

PLAINTEXT_HEADER = b"SQLite format 3\x00"
WARD_CODE = "00070"  # Phường Hoàn Kiếm: any official ward works, this one is in the tests too
SELFTEST_CLIENT = "SELFTEST1990"


class StepFailed(Exception):
    """A check that ran and found something wrong (the message says what)."""


@dataclass
class Context:
    """What the steps share: the temporary data folder and what earlier steps produced."""

    folder: Path
    done: set[str] = field(default_factory=set)
    values: dict = field(default_factory=dict)

    def need(self, step: str) -> None:
        if step not in self.done:
            raise StepFailed(messages.text("selftest.needs", step=step))


@dataclass
class Result:
    name: str
    ok: bool
    detail: str
    seconds: float


def _compiled_resources() -> None:
    """The compiled :/ resources (icon, translations), registered by importing them."""
    try:
        import ward_desk.ui.generated.resources_rc  # noqa: F401
    except ModuleNotFoundError as exc:  # a checkout where packaging/build_resources.py has not run
        raise StepFailed(f"the compiled Qt resources are missing ({exc}); run packaging/build_resources.py") \
            from exc


# ---- steps ---------------------------------------------------------------------------------------------------

def step_sqlcipher(ctx: Context) -> str:
    """SQLCipher is the SQLite in use, and its crypto provider (OpenSSL, linked statically into
    ``sqlcipher3/_sqlite3`` by the ``sqlcipher3`` wheels: no separate libcrypto to bundle) is there."""
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
        if not row or not row[0]:
            raise StepFailed("sqlcipher3 is plain SQLite: PRAGMA cipher_version returned nothing")
        connection.execute("PRAGMA key = 'self-test'")  # the provider is reported once a key is set
        provider = connection.execute("PRAGMA cipher_provider").fetchone()
        provider_version = connection.execute("PRAGMA cipher_provider_version").fetchone()
    finally:
        connection.close()
    if not provider or not provider[0]:
        raise StepFailed(f"SQLCipher {row[0]} has no crypto provider: encryption would not work")
    return (f"SQLCipher {row[0]} (SQLite {sqlcipher3.sqlite_version}), crypto "
            f"{provider_version[0] if provider_version else provider[0]}")


def step_units(ctx: Context) -> str:
    """The official list (vietnam_provinces' data) is there and searchable without diacritics."""
    from ward_desk import units

    ward = units.ward(WARD_CODE)
    if ward is None or "Hoàn Kiếm" not in ward.name:
        raise StepFailed(f"ward {WARD_CODE} is not Phường Hoàn Kiếm: the official unit list is missing or wrong")
    matches = units.search_wards("hoan kiem")
    if not matches or matches[0].code != WARD_CODE:
        raise StepFailed("searching 'hoan kiem' without diacritics does not find Phường Hoàn Kiếm")
    count = len(units.all_wards())
    return f"{count} wards, {len(units.all_provinces())} provinces; 'hoan kiem' -> {ward.label}"


def step_database(ctx: Context) -> str:
    """Create a ward's database as `init` does (headless: the passphrase from the environment), then prove the
    file on disk is ciphertext. The database stays for the next steps even if it is not encrypted, so that they
    still check their own features (this step has FAILED by then)."""
    from ward_desk import db
    from ward_desk.services import settings

    os.environ["WARD_DESK_PASSPHRASE"] = ctx.values["passphrase"]
    folder = ctx.folder / "ward"
    db.open_database(folder, create=True, passphrase=ctx.values["passphrase"])
    db.close_database()
    db.open_database(folder)
    _sign_in_first_admin(ctx)
    settings.initialise_ward(WARD_CODE)
    ctx.values["data_dir"] = folder
    path = folder / "ward.db"
    db.close_database()
    header = path.read_bytes()[:16]
    db.open_database(folder)  # reopened (with the key, if any) for the next steps
    if header == PLAINTEXT_HEADER:
        raise StepFailed(f"{path.name} is a plain SQLite file: the database is not encrypted at rest")
    import sqlite3

    plain = sqlite3.connect(str(path))
    try:
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
        raise StepFailed(f"{path.name} opens without the key")
    except sqlite3.DatabaseError:
        pass
    finally:
        plain.close()  # closed on the expected failure too (left to the garbage collector, it warns)
    ctx.values["encrypted"] = True
    return f"{path.name} created, unreadable without the key, reopened with it"


def _sign_in_first_admin(ctx: Context) -> None:
    """The services need a signed-in user: the throwaway database gets an admin with a random password."""
    from ward_desk.services import accounts

    password = os.urandom(12).hex()
    accounts.create_user("selftest", password, "admin", full_name="self-test")
    accounts.sign_in("selftest", password)


def _ward_database(ctx: Context) -> Path:
    if "data_dir" not in ctx.values:
        raise StepFailed(messages.text("selftest.needs", step="encrypted database"))
    return ctx.values["data_dir"]


def step_record(ctx: Context) -> str:
    """Write a client and a contact through the same service as the forms, read them back after reopening."""
    from ward_desk import db
    from ward_desk.services.records import get_record, save_record

    folder = _ward_database(ctx)
    contact_day = dt.date.today().replace(day=1) - dt.timedelta(days=20)  # in last month: the return counts it
    client = save_record("clients", {"client_code": SELFTEST_CLIENT, "sex": "F", "group": "SW",
                                     "birth_year": 1990})
    contact = save_record("contacts", {"id": "SELFTEST-C1", "client_code": SELFTEST_CLIENT,
                                       "date": contact_day.isoformat(), "channel": "DIRECT", "condoms": 10})
    db.close_database()
    if ctx.values.get("encrypted") and SELFTEST_CLIENT.encode() in (folder / "ward.db").read_bytes():
        raise StepFailed("a client code is readable in the encrypted database file")
    db.open_database(folder)
    stored = get_record("clients", client.id)
    stored_contact = get_record("contacts", contact.id)
    if stored.get("client_code") != SELFTEST_CLIENT or str(stored_contact.get("date")) != contact_day.isoformat():
        raise StepFailed(f"read back {stored!r} / {stored_contact!r}, not what was written")
    ctx.values["period"] = contact_day.strftime("%Y-%m")
    where = "" if ctx.values.get("encrypted") else " (database NOT encrypted: see that step)"
    return f"client and contact written, read back after reopening{where}"


def step_return(ctx: Context) -> str:
    """Export last month's WDR-1 return and check it as a consolidating office would."""
    ctx.need("record write/read")
    from ward_desk.export.return_check import check_return
    from ward_desk.services.returns import export_return

    out = ctx.folder / "returns"
    out.mkdir()
    result = export_return(ctx.values["period"], basis="calendar", out=str(out), prepared_by="self-test")
    path = Path(result.path)
    checked = check_return(path)
    errors = checked.errors
    if not checked.ok or errors:
        raise StepFailed(f"{path.name} fails `return check`: {errors[0] if errors else checked}")
    with zipfile.ZipFile(path) as workbook:
        for name in workbook.namelist():
            if SELFTEST_CLIENT.encode() in workbook.read(name):
                raise StepFailed(f"the client code appears in the return ({name})")
    cells = checked.cells
    if not cells or not any(c.value > 0 for c in cells):
        raise StepFailed("the return counts nothing although a contact was recorded in the period")
    return f"{path.name} written, passes `return check`, no client code inside"


def _example_form() -> Path:
    """The example province form shipped with the app (``resources/forms``): beside the frozen executable's
    files, or in the checkout."""
    name = Path("resources") / "forms" / "bieu-01-ket-qua-pcmd.xlsx"
    base = getattr(sys, "_MEIPASS", None)
    candidates = [Path(base) / name] if base else []
    candidates.append(Path(__file__).resolve().parent.parent / name)
    for path in candidates:
        if path.is_file():
            return path
    raise StepFailed(f"the example province form {name.as_posix()} is missing from this build")


def step_reports(ctx: Context) -> str:
    """The reports sent twice a year: the narrative draft (python-docx, with its lxml and its own template
    ``default.docx``) is written and re-opened, and the example province form is filled and re-read."""
    ctx.need("record write/read")
    from docx import Document
    from openpyxl import load_workbook

    from ward_desk.reports.form_fill import fill_form
    from ward_desk.reports.narrative import write_narrative

    out = ctx.folder / "reports"
    draft = write_narrative(out / "bao-cao.docx", ctx.values["period"], basis="calendar")
    document = Document(str(draft.out))
    text = "\n".join(p.text for p in document.paragraphs)
    if not text.strip() or not document.tables:
        raise StepFailed(f"{draft.out.name} re-opens without text or tables")
    form = _example_form()
    filled = fill_form(form, out / form.name, ctx.values["period"], basis="calendar")
    if filled.filled < 1:
        raise StepFailed(f"{form.name}: no placeholder filled")
    book = load_workbook(filled.out, read_only=True)
    try:
        leftover = [cell.coordinate for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                    if isinstance(cell.value, str) and "{{" in cell.value]
    finally:
        book.close()
    if leftover:
        raise StepFailed(f"{form.name}: placeholders left unfilled at {', '.join(leftover[:5])}")
    return (f"{draft.out.name} written and re-opened ({len(document.paragraphs)} paragraphs, "
            f"{len(document.tables)} tables); {form.name}: {filled.filled} cells filled, re-read")


def step_translation(ctx: Context) -> str:
    from PySide6.QtCore import QFile, QTranslator

    _compiled_resources()
    path = ":/i18n/ward_desk_vi.qm"
    if not QFile.exists(path):
        raise StepFailed(f"{path} is missing from the compiled resources")
    translator = QTranslator()
    if not translator.load(path) or translator.isEmpty():
        raise StepFailed(f"{path} could not be loaded or holds no translations")
    size = QFile(path).size()
    return f"{path} loaded ({size} bytes, language {translator.language() or 'vi'})"


def step_collation(ctx: Context) -> str:
    """Vietnamese alphabetical order through Qt: ICU on Linux (whose data the build trims to vi/en), the OS on
    Windows. Đ is a letter after D and Ă one after A; an English or root order would put Đào before Dương."""
    from PySide6.QtCore import QCollator, QLocale

    words = ["Đào", "Bình", "Dương", "Ăn", "Ánh"]
    expected = ["Ánh", "Ăn", "Bình", "Dương", "Đào"]
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    got = sorted(words, key=collator.sortKey)
    if got != expected:
        raise StepFailed(f"sorted {', '.join(got)}, not {', '.join(expected)}: Qt's Vietnamese collation data "
                         "is missing")
    return ", ".join(got)


WINDOWS_KEYRING = "keyring.backends.Windows.WinVaultKeyring"


def step_keyring(ctx: Context) -> str:
    """Report the credential store. FAIL only when this build cannot even see keyring's backends (or, on Linux,
    load the Secret Service backend's encryption, which needs ``cryptography``)."""
    from importlib.metadata import entry_points

    import keyring

    if not entry_points(group="keyring.backends"):
        raise StepFailed("keyring's backend list (package metadata) is missing from this build")
    if sys.platform.startswith("linux"):
        import secretstorage.dhcrypto  # noqa: F401  (the Secret Service session's AES, from cryptography)
    backend = ctx.values.get("keyring") or keyring.get_keyring()  # the real one, not the self-test's own
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    forced = os.environ.get("PYTHON_KEYRING_BACKEND")
    if forced:
        return f"{name} (chosen by PYTHON_KEYRING_BACKEND)"
    if sys.platform == "win32" and name != WINDOWS_KEYRING:
        raise StepFailed(f"{name} instead of Windows Credential Manager ({WINDOWS_KEYRING}): the build lacks "
                         "keyring's Windows backend or pywin32-ctypes")
    if "fail" in name or "null" in name:
        return f"{name}: no usable OS credential store here; the passphrase opens the database"
    return name


def step_interface(ctx: Context) -> str:
    """The platform plugin loads, the icon is in the compiled resources and every screen module imports."""
    import importlib
    import pkgutil

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None or not isinstance(app, QApplication):
        if app is not None:
            raise StepFailed("a non-GUI Qt application already exists")
        app = ctx.values.setdefault("gui_app", QApplication([sys.argv[0]]))
    _compiled_resources()
    icon = QIcon(":/icons/ward-desk.png")
    if icon.isNull():
        raise StepFailed(":/icons/ward-desk.png is missing from the compiled resources")
    import ward_desk.ui as ui

    count = 0
    for info in pkgutil.walk_packages(ui.__path__, prefix="ward_desk.ui."):
        importlib.import_module(info.name)
        count += 1
    return f"platform '{app.platformName()}', icon found, {count} UI modules imported"


def step_postgresql(ctx: Context) -> str:
    """The PostgreSQL driver of an office's shared database: psycopg's compiled implementation and the libpq
    (with its OpenSSL) bundled with it load. No server is needed."""
    import ssl

    import psycopg
    from psycopg import pq

    if pq.__impl__ not in ("binary", "c"):
        raise StepFailed(f"psycopg fell back to its {pq.__impl__} implementation: the bundled libpq did not load")
    version = pq.version()
    return (f"psycopg {psycopg.__version__} ({pq.__impl__}), libpq {version // 10000}.{version % 10000}; "
            f"{ssl.OPENSSL_VERSION}")


def step_desktop(ctx: Context) -> str:
    """What the window does beyond showing screens: print (QtPrintSupport, here to a PDF; the platform's print
    plugin must be there for real printers), draw a chart (QtCharts), and keep one window per data folder
    (QLockFile and QtNetwork's local socket, as a second start does)."""
    ctx.need("user interface")
    from PySide6.QtCharts import QChart, QChartView, QLineSeries
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QPainter, QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    from ward_desk.ui.security.instance import SingleInstance

    pdf = ctx.folder / "print.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(pdf))
    series = QLineSeries()
    for x, y in ((1, 120), (2, 180), (3, 150)):
        series.append(x, y)
    chart = QChart()
    chart.addSeries(series)
    chart.createDefaultAxes()
    view = QChartView(chart)
    view.resize(400, 300)
    painter = QPainter()
    if not painter.begin(printer):
        raise StepFailed("printing to a PDF could not start")
    document = QTextDocument()
    document.setHtml("<h1>Ward Desk</h1><p>Phường Hoàn Kiếm</p>")
    document.drawContents(painter)
    painter.translate(0, 2000)
    view.render(painter)
    painter.end()
    if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
        raise StepFailed("printing to a PDF wrote no PDF")
    plugins = sorted({p.name for folder in QCoreApplication.libraryPaths()
                      for p in (Path(folder) / "printsupport").glob("*") if p.is_file()})
    if not plugins and sys.platform != "darwin":
        raise StepFailed("no Qt print support plugin: printers could not be listed or used")

    first, second = SingleInstance(ctx.folder / "instance"), SingleInstance(ctx.folder / "instance")
    woken: list[bool] = []
    first.activated.connect(lambda: woken.append(True))
    try:
        if not first.acquire():
            raise StepFailed("the single-instance lock could not be taken")
        if second.acquire():
            raise StepFailed("a second start got the single-instance lock too")
        deadline = time.monotonic() + 3
        while not woken and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        if not woken:
            raise StepFailed("the running window was not asked forward over the local socket")
    finally:
        first.release()
        second.release()
    return (f"printed text and a chart to PDF ({pdf.stat().st_size} bytes; print plugin {', '.join(plugins)}); "
            "a second start found the lock and woke the first over the local socket")


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("SQLCipher", step_sqlcipher),
    ("official units", step_units),
    ("encrypted database", step_database),
    ("record write/read", step_record),
    ("return export/check", step_return),
    ("narrative report, province form", step_reports),
    ("Vietnamese translation", step_translation),
    ("Vietnamese sorting", step_collation),
    ("keyring backend", step_keyring),
    ("PostgreSQL driver", step_postgresql),
    ("user interface", step_interface),
    ("printing, charts, single instance", step_desktop),
]


def _memory_keyring():
    """A keyring that forgets everything at exit, so the temporary database's key never reaches the OS store."""
    import keyring.backend

    class MemoryKeyring(keyring.backend.KeyringBackend):
        priority = 1

        def __init__(self):
            super().__init__()
            self.secrets: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.secrets.get((service, username))

        def set_password(self, service, username, password):
            self.secrets[(service, username)] = password

        def delete_password(self, service, username):
            self.secrets.pop((service, username), None)

    return MemoryKeyring()


@contextlib.contextmanager
def _isolated():
    """A throwaway data folder, environment and keyring: the self-test never touches the office's real data."""
    import keyring

    saved = {k: os.environ.get(k) for k in ("WARD_DESK_DATA_DIR", "WARD_DESK_PASSPHRASE")}
    real_keyring = keyring.get_keyring()
    with tempfile.TemporaryDirectory(prefix="ward-desk-selftest-") as tmp:
        os.environ["WARD_DESK_DATA_DIR"] = str(Path(tmp) / "default")
        try:
            yield Path(tmp), real_keyring
        finally:
            from ward_desk.db import close_database

            with contextlib.suppress(Exception):
                close_database()
            with contextlib.suppress(Exception):
                from ward_desk.services import accounts

                accounts.forget_session()  # the throwaway admin signs nobody in after the self-test
            keyring.set_keyring(real_keyring)
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def run(write: Callable[[str], None] = print, steps=None) -> list[Result]:
    results: list[Result] = []
    import keyring

    with _isolated() as (folder, real_keyring):
        ctx = Context(folder=folder, values={"passphrase": os.urandom(12).hex(), "keyring": real_keyring})
        keyring.set_keyring(_memory_keyring())
        for name, function in steps or STEPS:
            started = time.perf_counter()
            try:
                detail, ok = function(ctx), True
                ctx.done.add(name)
            except StepFailed as exc:
                detail, ok = str(exc), False
            except Exception as exc:  # noqa: BLE001 - every failure is reported, the next step still runs
                where = traceback.extract_tb(exc.__traceback__)[-1]
                detail = f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
                ok = False
            result = Result(name, ok, detail, time.perf_counter() - started)
            results.append(result)
            write(f"{'OK  ' if ok else 'FAIL'} {name}: {detail}")
    return results


def main() -> int:
    """Print every step and a summary; 0 only if all passed. Without a console (WardDesk.exe), show a window."""
    lines: list[str] = [messages.text("selftest.title", version=__version__)]
    console = sys.stdout is not None

    def write(line: str) -> None:
        lines.append(line)
        if console:
            print(line, flush=True)

    if console:
        print(lines[0], flush=True)
    results = run(write)
    failed = sum(not r.ok for r in results)
    summary = (messages.text("selftest.passed", n=len(results)) if not failed
               else messages.text("selftest.failed", failed=failed, n=len(results)))
    write(summary)
    if not console:  # windowed build: no stdout to print to
        with contextlib.suppress(Exception):
            from PySide6.QtWidgets import QApplication, QMessageBox

            _app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841
            box = QMessageBox.information if not failed else QMessageBox.warning
            box(None, "Ward Desk", "\n".join(lines))
    return 0 if not failed else 1
