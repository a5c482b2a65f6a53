"""The dashboard shows the month's numbers and redraws after a save anywhere in the app."""

from __future__ import annotations

import datetime as dt

from ward_desk.models import Client, Contact, Referral
from ward_desk.ui.context import AppContext
from ward_desk.ui.dashboard import DashboardScreen


def test_dashboard_shows_month_and_updates_after_save(qtbot, ward_db, data_dir):
    a = Client.create(client_code="A", sex="F", birth_year=1995, group="SW")
    Contact.create(ref="k1", client=a, date=dt.date(2026, 3, 3), channel="DIRECT")
    context = AppContext(data_dir)
    screen = DashboardScreen(context)
    qtbot.addWidget(screen)
    screen.set_month("2026-03")
    assert screen.tiles["reached"].value.text() == "1"
    assert screen.tiles["new"].value.text() == "1"
    assert screen.trend_points()[-1] == (1, 0)
    assert len(screen.trend_points()) == 12

    b = Client.create(client_code="B", sex="M", birth_year=2000, group="RISK")
    Contact.create(ref="k2", client=b, date=dt.date(2026, 3, 9), channel="PHONE")
    Referral.create(ref="r1", client=b, service="LEGAL", referred_on=dt.date(2026, 3, 9), status="RECEIVED",
                    received_on=dt.date(2026, 3, 20))
    context.notify_saved("contacts")  # what a form does after saving
    assert screen.tiles["reached"].value.text() == "2"
    assert screen.trend_points()[-1] == (2, 1)
    assert screen.referrals.rowCount() == 1
    assert screen.referrals.item(0, 0).text() == "Tư vấn, trợ giúp pháp lý"
    assert (screen.referrals.item(0, 1).text(), screen.referrals.item(0, 2).text()) == ("1", "1")
    assert screen.loans.item(0, 0).text() == "0"


def test_a_hidden_dashboard_waits_to_be_shown_before_recomputing(qtbot, ward_db, data_dir):
    """A save on one screen must not recompute hidden ones on the GUI thread: the clerk keying in slips would wait
    for the dashboard each time. The hidden dashboard is marked stale and brought up to date when shown."""
    from PySide6.QtWidgets import QLabel, QStackedWidget

    a = Client.create(client_code="A", sex="F", birth_year=1995, group="SW")
    Contact.create(ref="k1", client=a, date=dt.date(2026, 3, 3), channel="DIRECT")
    context = AppContext(data_dir)
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    screen = DashboardScreen(context)
    screen.set_month("2026-03")
    other = QLabel("the contacts list")
    stack.addWidget(screen)
    stack.addWidget(other)
    stack.setCurrentWidget(other)
    stack.show()
    qtbot.waitExposed(stack)
    calls = []
    original = screen.refresh
    screen.refresh = lambda *a: (calls.append(1), original(*a))
    screen._refresh_when_shown._refresh = screen.refresh

    b = Client.create(client_code="B", sex="M", birth_year=2000, group="RISK")
    Contact.create(ref="k2", client=b, date=dt.date(2026, 3, 9), channel="PHONE")
    context.notify_saved("contacts")
    context.notify_saved("contacts")
    assert calls == [] and screen.tiles["reached"].value.text() == "1"  # not recomputed while hidden

    stack.setCurrentWidget(screen)
    assert calls == [1]  # once, however many saves came in
    assert screen.tiles["reached"].value.text() == "2"
    context.notify_saved("contacts")  # on screen: at once
    assert calls == [1, 1]
