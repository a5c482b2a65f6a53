"""UI layer: the ward's returns screens. ``ReturnsScreen`` (``ward_desk.ui.returns.screen``): period chooser,
the return shown as the printed ``Báo cáo`` form with problems highlighted, export (off the GUI thread), print
preview and the export history with differences between submissions. ``form.render_html`` renders the form."""

from ward_desk.ui.returns.screen import ReturnsScreen

__all__ = ["ReturnsScreen"]
