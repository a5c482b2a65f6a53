"""UI layer: the WDR-1 return as the printed ``Báo cáo`` form, rendered as HTML for the screen and the printer.

The same HTML feeds the on-screen view (``QTextBrowser``) and print preview (``QTextDocument``), so what the
clerk checks is what gets printed and signed. Cells are the Data grid rows
``(indicator, category, sex, age, value, ytd)``; per indicator and category the form shows this period and year
to date for the total, women and under-18s, as the standard's human sheet does.
"""

from __future__ import annotations

import html

from ward_desk import config, messages
from ward_desk.spec.catalogue import LATEST, GridCell, wdr1, wdr1_for

BASIS_LABELS = {"calendar": "theo lịch", "nd09": "theo Nghị định 09/2019/NĐ-CP"}

messages.register({
    "form.heading1": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "form.heading2": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "form.unit": ("Đơn vị báo cáo", "Reporting unit"),
    "form.office": ("Đơn vị nhận báo cáo", "Receiving unit"),
    "form.period": ("Kỳ báo cáo", "Period"),
    "form.range": ("từ {start} đến {end}", "from {start} to {end}"),
    "form.prepared": ("Ngày lập", "Date prepared"),
    "form.col_category": ("Phân loại", "Category"),
    "form.col_this": ("Kỳ này", "This period"),
    "form.col_ytd": ("Lũy kế", "Year to date"),
    "form.col_total": ("Tổng", "Total"),
    "form.col_female": ("Nữ", "Female"),
    "form.col_u18": ("Dưới 18", "Under 18"),
    "form.preparer": ("Người lập biểu", "Prepared by"),
    "form.head": ("Thủ trưởng đơn vị", "Head of unit"),
    "form.sign": ("(Ký, ghi rõ họ tên)", "(Signature, full name)"),
    "form.coverage": ("({n}/{m} xã/phường báo cáo)", "({n} of {m} wards reported)"),
    "form.problems": ("Số liệu cần kiểm tra trước khi xuất", "To check before export"),
})


def as_cells(rows) -> list[GridCell]:
    """Grid rows from whatever shape the return engine gives: tuples, dicts or objects with the six fields."""
    return [GridCell.of(r) for r in rows]


def _words():
    """The newest catalogue: it words every version's indicators (version 1's unchanged within it)."""
    return wdr1(LATEST)


def dimensions(cells) -> dict[str, tuple[bool, bool]]:
    """indicator -> (has a sex breakdown, has an age breakdown): the form leaves the others' columns blank."""
    return _words().form_breakdowns(cells)


def summarise(cells) -> dict[str, list[tuple[str, list[int]]]]:
    """indicator -> [(category, [total, female, under18, ytd total, ytd female, ytd under18])], catalogue order."""
    return _words().form_table(cells)


def indicator_name(code: str, lang: str | None = None) -> str:
    """The indicator's name as the standard words it (the code itself for one the catalogue does not know)."""
    return _words().label(code, lang)


def _label(code: str) -> str:
    vi, en = indicator_name(code, "vi"), indicator_name(code, "en")
    return f"{html.escape(vi)}<br/><i style='color:#555'>{html.escape(en)}</i>"


def _title(meta: dict | None = None) -> str:
    """The standard's title (of the return's version), as the workbook prints it; in English beneath when the
    screen is in English."""
    vi, en = (wdr1_for(meta or {}) or wdr1()).title
    return vi if config.language() == "vi" else f"{vi} / {en}"


def category_name(code: str, indicator: str = "", lang: str = "vi") -> str:
    """The category's name in ``lang`` (Vietnamese for the printed form), as the standard's list words it."""
    return _words().category_label(indicator, code, lang)


def _date(value) -> str:
    """dd/mm/yyyy, as Vietnamese forms write dates (ISO text in the file)."""
    text = str(value or "")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def _office(code) -> str:
    from ward_desk import units

    code = str(code or "")
    name = units.office_name(code) if code else None
    return f"{code} {name}" if name else code


def coverage_of(completeness_rows) -> dict[str, tuple[int, int]]:
    """indicator -> (wards whose return carries it, wards counted) from a consolidated return's ``Completeness``
    rows (header first), for the version 2 indicators of an office mixing versions (RETURN-v2 §3)."""
    from ward_desk import units

    rows = list(completeness_rows or [])
    if not rows or "template_version" not in [str(h) for h in rows[0]]:
        return {}
    head = [str(h) for h in rows[0]]
    at_status, at_version = head.index("status"), head.index("template_version")
    counted = [r for r in rows[1:] if r and units.is_ward_code(str(r[0])) and len(r) > at_version
               and str(r[at_status]) == "ACCEPTED"]
    versions = [int(str(r[at_version]).split(".")[0] or 1) if str(r[at_version]).split(".")[0].isdigit() else 1
                for r in counted]
    if not versions or max(versions) < 2:
        return {}
    v1 = wdr1(1).grid_key_set
    reported = sum(1 for v in versions if v >= 2)
    return {code: (reported, len(versions)) for code, ind in wdr1(max(versions)).indicators.items()
            if not set(ind.keys()) <= v1}


def render_html(cells, meta: dict, problems: list[str] | None = None,
                flagged: set[str] | None = None, coverage: dict | None = None) -> str:
    """The ``Báo cáo`` form as HTML. ``flagged`` indicators (those with a problem) are highlighted;
    ``coverage`` (``coverage_of``) marks version 2 indicators "n of m wards reported"."""
    t = messages.text
    flagged = flagged or set()
    coverage = coverage or {}
    parts = [
        "<html><body style='font-family:\"Segoe UI\",\"Noto Sans\",\"DejaVu Sans\",sans-serif; font-size:9pt'>",
        "<table width='100%'><tr>",
        f"<td width='45%' align='center'><b>{html.escape(str(meta.get('unit_name', '')))}</b><br/>"
        f"{html.escape(str(meta.get('unit_code', '')))}</td>",
        f"<td width='55%' align='center'><b>{t('form.heading1')}</b><br/><u>{t('form.heading2')}</u></td>",
        "</tr></table>",
        f"<h3 align='center'>{html.escape(_title(meta))}</h3>",
        "<p>",
        f"{t('form.unit')}: <b>{html.escape(str(meta.get('unit_code', '')))} "
        f"{html.escape(str(meta.get('unit_name', '')))}</b><br/>",
        f"{t('form.office')}: <b>{html.escape(_office(meta.get('office_code')))}</b><br/>",
        f"{t('form.period')}: <b>{html.escape(str(meta.get('period', '')))}</b> "
        f"({t('form.range', start=_date(meta.get('period_start')), end=_date(meta.get('period_end')))}, "
        f"{html.escape(BASIS_LABELS.get(str(meta.get('period_basis', '')), str(meta.get('period_basis', ''))))})<br/>",
        f"{t('form.prepared')}: {html.escape(_date(meta.get('generated_at')))}",
        "</p>",
    ]
    if problems:
        parts.append("<div style='background:#ffebee; color:#b71c1c; border:1px solid #e57373'>"
                     f"<b>{t('form.problems')}</b><ul>")
        parts.extend(f"<li>{html.escape(p)}</li>" for p in problems)
        parts.append("</ul></div>")
    head = (f"<tr style='background:#e8eaf6'><th rowspan='2'>{t('form.col_category')}</th>"
            f"<th colspan='3'>{t('form.col_this')}</th><th colspan='3'>{t('form.col_ytd')}</th></tr>"
            "<tr style='background:#e8eaf6'>"
            + "".join(f"<th>{t(c)}</th>" for c in ("form.col_total", "form.col_female", "form.col_u18") * 2)
            + "</tr>")
    cells = as_cells(cells)
    dims = dimensions(cells)
    for number, (indicator, rows) in enumerate(summarise(cells).items(), start=1):
        has_sex, has_age = dims[indicator]
        shown = (True, has_sex, has_age) * 2
        style = " style='background:#ffcdd2'" if indicator in flagged else ""
        # the indicator's code ("(REACH)") is for the English reader checking the standard, not a Vietnamese one
        code = "" if config.language() == "vi" else f" <small>({indicator})</small>"
        reported = (" <i style='color:#8a4b00'>"
                    f"{html.escape(t('form.coverage', n=coverage[indicator][0], m=coverage[indicator][1]))}</i>"
                    if indicator in coverage else "")
        parts.append(f"<p{style}><b>{number}. {_label(indicator)}</b>{code}{reported}</p>")
        parts.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'>" + head)
        for category, v in rows:
            cells_html = "".join(f"<td align='right'>{n:,}</td>".replace(",", ".") if show
                                 else "<td align='center'>–</td>" for n, show in zip(v, shown))
            parts.append(f"<tr{style}><td>{html.escape(category_name(category, indicator))}</td>{cells_html}</tr>")
        parts.append("</table>")
    parts.append(
        "<br/><table width='100%'><tr>"
        f"<td align='center' width='50%'><b>{t('form.preparer')}</b><br/><i>{t('form.sign')}</i><br/><br/><br/>"
        f"{html.escape(str(meta.get('prepared_by', '') or ''))}</td>"
        f"<td align='center' width='50%'><b>{t('form.head')}</b><br/><i>{t('form.sign')}</i></td>"
        "</tr></table></body></html>")
    return "".join(parts)
