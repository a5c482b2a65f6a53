"""Desktop benchmark (run on demand, not a test): paged SQL lists vs a full-load QStandardItemModel.

    export WARD_DESK_PASSPHRASE='a passphrase for the bench ward'
    .venv/bin/python -m ward_desk --data-dir /tmp/wd-bench demo --unit 00070 --clients 20000
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui.py /tmp/wd-bench [runs]

Each figure is the median of ``runs`` (default 5). Cold start and memory run in fresh processes: the app's
main window opened on the Contacts list and painted, vs the same window with the list loaded fully into a
``QStandardItemModel``, and vs the floor, a bare Qt window with a table. The app's start is timed in three cases:
the key from the OS credential store (the usual way; ``file_keyring`` stands in for it on a headless machine),
the passphrase at every start (no credential store: scrypt each time), and the first start of a day (the whole
file checked, ``ward_desk.file_check``). List open, search (a client-code prefix) and save (one contact from the form, list
refreshed) run in this process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ward_desk import config, file_check  # noqa: E402

CHILD = r"""
import os, resource, sys, time
t0 = time.perf_counter()
mode, folder = sys.argv[1], sys.argv[2]
if mode == "paged":  # as ward_desk.app.main: the key and the file's fingerprint are looked for while Qt loads
    from ward_desk import db
    db.warm_up(folder)
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ward_desk.services import accounts  # every database opened here signs in the admin `demo` made
accounts.use_cli_credentials(os.environ.get("WARD_DESK_USER", "admin"),
                             lambda: os.environ.get("WARD_DESK_PASSWORD", "bench password"))
from ward_desk import app as wapp
if mode == "paged":  # the clerk's window reopens on the Contacts list, where it was closed
    from PySide6.QtCore import QSettings
    app.setOrganizationName("WardDeskBench")
    QSettings().setValue("main/screen", "contacts")
    window = wapp.create_main_window(__import__("pathlib").Path(folder))
    assert window.current == "contacts"
elif mode == "bare":  # the floor: a bare Qt window with a table of a few rows, nothing of Ward Desk
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView
    window = QTableView()
    model = QStandardItemModel(50, 8)
    for r in range(50):
        for c in range(8):
            model.setItem(r, c, QStandardItem(f"{r}-{c}"))
    window.setModel(model)
else:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView
    sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[3])))
    from bench_ui import full_model
    from ward_desk.db import open_database
    open_database(folder)
    window = QTableView()
    window.setModel(full_model())
window.resize(1200, 760)
window.show()
app.processEvents()
window.grab()
print(time.process_time(), time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
if mode == "paged":  # closed as the app closes it at quit (after the timing): a sound file is marked checked
    window.close()
    from ward_desk import db
    db.close_database()
"""


WINDOW_SAVE = r"""
import os, statistics, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ward_desk.services import accounts
accounts.use_cli_credentials(os.environ.get("WARD_DESK_USER", "admin"),
                             lambda: os.environ.get("WARD_DESK_PASSWORD", "bench password"))
from ward_desk import app as wapp
from ward_desk.services import queries
from ward_desk.ui.list_screen import ListScreen
from ward_desk.ui.record_form import RecordForm
window = wapp.create_main_window(Path(sys.argv[1]))
window.show_screen("contacts")
window.resize(1200, 760)
window.show()
app.processEvents()
screen = next(w for w in window.findChildren(ListScreen) if w.kind == "contacts" and w.isVisible())
code = queries.page("clients", 5000, 1)[0][1]
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[3])))
from bench_ui import free_days
days = free_days(code)
times = []
for i in range(int(sys.argv[2])):
    form = RecordForm(screen.context, "contacts", parent=screen)
    form.load({"id": f"BENCHW{time.strftime('%Y%m%d%H%M%S')}-{i}", "client_code": code, "date": next(days), "channel": "DIRECT"})
    t = time.perf_counter()
    assert form.save()
    app.processEvents()
    window.grab()
    times.append(time.perf_counter() - t)
    form.deleteLater()
print(statistics.median(times))
"""


def free_days(code: str):
    """Days on which client ``code`` has no direct contact yet, from its registration to today: a contact saved
    on one is new, so no soft check ("the same contact twice?") stops the save with its question."""
    import datetime as dt

    from ward_desk.models import Client, Contact

    client = Client.get(Client.client_code == code)
    taken = {c.date for c in Contact.select(Contact.date).where(Contact.client == client, Contact.channel == "DIRECT")}
    day = client.registered_on or dt.date.today() - dt.timedelta(days=3000)
    while day <= dt.date.today():
        if day not in taken:
            yield day
        day += dt.timedelta(days=1)


def full_model():
    """The naive baseline: every contact row read and put into a QStandardItemModel."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    from ward_desk.services import queries

    rows = queries.page("contacts", 0, 10**9)
    model = QStandardItemModel(len(rows), len(rows[0]) - 1 if rows else 0)
    for r, row in enumerate(rows):
        for c, value in enumerate(row[1:]):
            model.setItem(r, c, QStandardItem("" if value is None else str(value)))
    return model


def compiled_like_installed() -> None:
    """Byte-compile the package first, as an installed wheel or the frozen app has it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "ward_desk")], env=env, check=True,
                   capture_output=True)


def child(script: str, mode: str, folder: str, env: dict) -> list[str]:
    return subprocess.run([sys.executable, "-c", script, mode, folder, __file__], capture_output=True, text=True,
                          check=True, cwd=ROOT, env=env).stdout.split()


def median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/wd-bench"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    results = {}
    starts: dict[str, list[float]] = {"paged": [], "bare": [], "full": []}
    cpus: dict[str, list[float]] = {"paged": [], "bare": [], "full": []}
    mems: dict[str, list[float]] = {"paged": [], "bare": [], "full": []}
    compiled_like_installed()
    mark = file_check.mark_path(config.database_path(Path(folder)))
    store = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
             "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
             "WARD_DESK_BENCH_KEYRING": str(Path(folder).parent / f"{Path(folder).name}.keyring.json")}
    # the cases that decide a start: the key in the OS credential store (the usual way; a file-backed stand-in
    # here), the passphrase typed at every start (no credential store), the first start of a day (whole file
    # checked, ward_desk.file_check)
    variants = {"paged": (store, None), "paged, passphrase (no credential store)": (
        {**store, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}, None),
        "paged, first start of the day": (store, lambda: mark.unlink(missing_ok=True))}
    for name in variants:
        starts[name], cpus[name], mems[name] = [], [], []
    child(CHILD, "paged", folder, store)  # the key into the stand-in store, the file checked and marked
    for n in range(runs):  # the app and its floor (a bare Qt table window) in turn; the naive model fewer times
        for mode in tuple(variants) + ("bare",) + (("full",) if n < max(1, runs // 2) else ()):
            env, before = variants.get(mode, (store, None))
            if before:
                before()
            out = child(CHILD, mode.split(",")[0], folder, env)
            cpus[mode].append(float(out[-3]))
            starts[mode].append(float(out[-2]))
            mems[mode].append(float(out[-1]))
    for mode in tuple(variants) + ("bare", "full"):
        results[("cold start (s)", mode)] = statistics.median(starts[mode])
        results[("cold start CPU (s)", mode)] = statistics.median(cpus[mode])
        results[("memory after open (MB)", mode)] = statistics.median(mems[mode])
    print(f"cold starts (s): {', '.join(f'{m} {[round(t, 2) for t in v]}' for m, v in starts.items())}")

    from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication.instance() or QApplication([])
    from ward_desk.db import open_database
    from ward_desk.services import queries, records
    from ward_desk.ui.context import AppContext
    from ward_desk.ui.list_screen import ListScreen
    from ward_desk.ui.record_form import RecordForm

    open_database(folder)
    from ward_desk.services import accounts

    accounts.sign_in_or_create_admin(os.environ.get("WARD_DESK_USER", "admin"),
                                     os.environ.get("WARD_DESK_PASSWORD", "bench password"))  # the admin `ward-desk demo` made
    context = AppContext(Path(folder))
    total = queries.count("contacts")
    code = queries.page("clients", 5000, 1)[0][1]

    def open_paged():
        screen = ListScreen(context, "contacts")
        screen.resize(1200, 700)
        screen.show()
        app.processEvents()
        screen.grab()
        screen.deleteLater()
        # processEvents() leaves deferred deletes alone: without this every opened list would live on and
        # refresh on each save measured below
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def open_full():
        view = QTableView()
        view.setModel(full_model())
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        view.grab()
        view.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    results[("open Contacts list (s)", "paged")] = median(open_paged, runs)
    # the paged save first: once a baseline model of 80,000 Python-wrapped items lives in this process, every
    # garbage collection walks them and would be charged to the paged list
    screen = ListScreen(context, "contacts")
    screen.resize(1200, 700)
    screen.show()
    counter = iter(range(10**6))
    run_id = time.strftime("%Y%m%d%H%M%S")  # ids unique per run: the ward keeps what earlier runs saved

    days = free_days(code)  # each save a new contact the soft checks have nothing to say about
    save_times: list[float] = []

    def save_paged():
        """Timed from the clerk's Enter to the list showing the new count: the form is already filled."""
        form = RecordForm(context, "contacts", parent=screen)
        form.load({"id": f"BENCH{run_id}-{next(counter)}", "client_code": code, "date": next(days), "channel": "DIRECT"})
        t = time.perf_counter()
        assert form.save()  # saves, emits records_changed: the open list refreshes its count and page
        app.processEvents()
        save_times.append(time.perf_counter() - t)
        form.deleteLater()

    for _ in range(runs):
        save_paged()
    results[("save a contact (s)", "paged")] = statistics.median(save_times)
    results[("open Contacts list (s)", "full")] = median(open_full, max(1, runs // 2))

    screen = ListScreen(context, "contacts")
    screen.resize(1200, 700)
    screen.show()

    def search_paged():
        screen.search.setText(code)
        screen.apply_filters()
        app.processEvents()
        screen.grab()
        screen.search.setText("")
        screen.apply_filters()

    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(full_model())
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1200, 700)
    view.show()

    def search_full():
        proxy.setFilterFixedString(code)
        app.processEvents()
        view.grab()
        proxy.setFilterFixedString("")

    results[("search (s)", "paged")] = median(search_paged, runs)
    results[("search (s)", "full")] = median(search_full, max(1, runs // 2))

    base_model = [proxy.sourceModel()]

    def save_full():
        records.save_record("contacts", {"id": f"BENCH{run_id}-{next(counter)}", "client_code": code,
                                         "date": next(days), "channel": "DIRECT"})
        base_model[0] = full_model()  # the naive list reloads everything to show the new row
        proxy.setSourceModel(base_model[0])
        app.processEvents()

    results[("save a contact (s)", "full")] = median(save_full, max(1, runs // 2))

    # the clerk's real case: the whole window open (dashboard, returns, every list), not one bare list
    window_save = float(subprocess.run([sys.executable, "-c", WINDOW_SAVE, folder, str(runs), __file__], capture_output=True,
                                       text=True, check=True, cwd=ROOT).stdout.split()[-1])
    print(f"Ward: {folder}, {total} contacts, median of {runs} runs (baseline: fewer runs when slow)")
    print(f"| operation | paged SQL model | QStandardItemModel full load | ratio |")
    print("|---|---|---|---|")
    for name in ("cold start (s)", "open Contacts list (s)", "search (s)", "save a contact (s)",
                 "memory after open (MB)"):
        paged, full = results[(name, "paged")], results[(name, "full")]
        print(f"| {name} | {paged:.3f} | {full:.3f} | {full / paged:.1f}x |")
    print(f"| save a contact with the whole main window open (s) | {window_save:.3f} | | |")
    bare = results[("cold start (s)", "bare")]
    print(f"floor, a bare Qt window with a table: {bare:.2f} s (CPU {results[('cold start CPU (s)', 'bare')]:.2f} s)")
    for name in variants:
        paged, cpu = results[("cold start (s)", name)], results[("cold start CPU (s)", name)]
        print(f"cold start to the main window on Contacts, {name.replace('paged', 'key from the credential store') if name == 'paged' else name.replace('paged, ', '')}: "
              f"{paged:.2f} s (CPU {cpu:.2f} s); ratio to the floor {paged / bare:.1f}x; target 1.0 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
