"""Reports layer: the 6-month / annual narrative report draft as a Word document (.docx). No Qt here.

The built-in draft follows the order such reports use: national heading, the ward and the receiving body, the
period; I. situation; II. activities and results by model (communication, outreach and support services,
establishments, peer groups, loans); III. assessment (strengths, difficulties); IV. next tasks; V. proposals;
signatures; the WDR-1 tables appended. Each results paragraph carries its numbers in figures and words
(``1.531 (một nghìn năm trăm ba mươi mốt)``), the same period last year when the ward has records then, and the
plan target with the percent achieved. Free-text sections hold a prompt for the clerk.

A ward may keep its own template (``.docx``) in the data folder: its ``{{...}}`` placeholders (those of the
province forms, ``reports.placeholders``) are filled, a paragraph holding only ``{{section:NAME}}`` becomes that
section's results paragraphs (NAME: communication, outreach, establishments, peer_groups, loans), and one holding
only ``{{tables}}`` becomes the WDR-1 tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ward_desk import messages
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.reports import grid as grids
from ward_desk.reports import placeholders
from ward_desk.reports.vnnumbers import figures, words

TEMPLATE_NAME = "bao-cao-mau.docx"
SECTIONS = ("communication", "outreach", "establishments", "peer_groups", "loans")

messages.register({
    "narrative.bad_template": ("{file}: không mở được mẫu báo cáo: {detail}",
                               "{file}: the report template cannot be opened: {detail}"),
    "narrative.unknown_section": ("chỗ điền '{{{{section:{name}}}}}' không biết (có: {names})",
                                  "unknown placeholder '{{{{section:{name}}}}}' (known: {names})"),
    "narrative.no_template": ("Chưa có mẫu báo cáo riêng; dùng mẫu có sẵn.",
                              "No own report template; the built-in one is used."),
})

PROMPT = {
    "situation": "[Nêu tình hình tệ nạn mại dâm trên địa bàn trong kỳ: diễn biến, địa bàn, loại hình cơ sở kinh doanh "
                 "dịch vụ có nguy cơ, đối tượng; so sánh với cùng kỳ.]",
    "direction": "[Nêu các văn bản chỉ đạo, kế hoạch của UBND phường đã ban hành trong kỳ; việc kiện toàn Ban chỉ đạo, "
                 "phân công cán bộ phụ trách.]",
    "strengths": "[Nêu những mặt làm được, cách làm hay, mô hình hiệu quả.]",
    "difficulties": "[Nêu khó khăn, hạn chế và nguyên nhân: nhân lực, kinh phí, phối hợp liên ngành, tiếp cận "
                    "đối tượng.]",
    "tasks": "[Nêu nhiệm vụ, giải pháp trọng tâm của kỳ tới, gắn với chỉ tiêu kế hoạch năm.]",
    "proposals": "[Nêu đề xuất, kiến nghị với UBND phường, Sở Y tế và các sở, ngành (kinh phí, tập huấn, "
                 "hướng dẫn nghiệp vụ).]",
}


@dataclass(frozen=True)
class Fact:
    """One number a results paragraph states, and where in the grid it comes from."""

    key: tuple[str, str, str, str]
    which: str  # value, ytd
    number: int
    last_year: int | None = None
    target: int | None = None


@dataclass
class Draft:
    out: Path
    period: str
    facts: list = field(default_factory=list)
    template: str = ""  # the ward's own template's file name, or ""


def period_words(p) -> str:
    """``6 tháng đầu năm 2026``, ``năm 2026``, ``quý III năm 2026``, ``tháng 10 năm 2026``."""
    if p.kind == "half":
        return f"6 tháng {'đầu' if p.part == 1 else 'cuối'} năm {p.year}"
    if p.kind == "year":
        return f"năm {p.year}"
    if p.kind == "quarter":
        return f"quý {('I', 'II', 'III', 'IV')[p.part - 1]} năm {p.year}"
    return f"tháng {p.part} năm {p.year}"


def receiving_body(grid: grids.Grid) -> str:
    from ward_desk import units

    if grid.office_code and grid.office_code == grid.unit_code:
        return "…………………………"  # an office's own consolidation: the body above it is left to the clerk
    if units.province(grid.office_code):
        return f"Sở Y tế {grid.office_name}"
    return grid.office_name or grid.office_code or "…………………………"  # a province's own report: left to the clerk


def _last_year(grid: grids.Grid) -> grids.Grid | None:
    """The same period a year earlier when the ward has records then (never for a return file)."""
    if not grid.unit_code or getattr(grid, "from_file", False):
        return None
    from ward_desk.services import indicators, periods

    code = grid.period.code.replace(str(grid.period.year), str(grid.period.year - 1), 1)
    try:
        p = periods.parse(code, grid.period.basis)
    except WardDeskError:
        return None
    cells = {c.key: (c.value, c.ytd) for c in indicators.compute(p)}
    if not any(v for v, _y in cells.values()):
        return None
    return grids.Grid(p, cells, grid.unit_code, grid.unit_name, grid.office_code, grid.office_name)


class _Writer:
    """Builds results sentences and remembers every number in them."""

    def __init__(self, grid, last):
        self.grid, self.last, self.facts = grid, last, []

    def n(self, pattern: str, which: str = "value", *, unit: str = "", compare: bool = True) -> str:
        key, _p = grids.parse_pattern(pattern)
        number = self.grid.sum(key, which)
        last = self.last.sum(key, which) if (self.last and compare) else None
        target = self.grid.targets.get(key) if which == "value" else None
        self.facts.append(Fact(key, which, number, last, target))
        text = f"{figures(number)} ({words(number)}){' ' + unit if unit else ''}"
        extra = []
        if last is not None:
            extra.append(f"cùng kỳ năm trước: {figures(last)}")
        if target:
            ytd = self.grid.sum(key, "ytd")
            self.facts.append(Fact(key, "ytd", ytd, None, target))
            percent = f"{100.0 * ytd / target:.1f}".replace(".", ",")
            extra.append(f"lũy kế {figures(ytd)}, đạt {percent}% kế hoạch năm là {figures(target)}")
        return text + (f" ({'; '.join(extra)})" if extra else "")


def results(grid: grids.Grid, last: grids.Grid | None = None) -> tuple[dict[str, list[str]], list[Fact]]:
    """The results paragraphs of each section, and the facts they state."""
    w = _Writer(grid, last)
    when = f"Trong {period_words(grid.period)}"
    unit = "phường" if "Phường" in grid.unit_name else ("xã" if "Xã" in grid.unit_name else "đơn vị")
    out: dict[str, list[str]] = {}
    out["communication"] = [
        f"{when}, {unit} đã tổ chức {w.n('SESSIONS:*:*:*', unit='buổi')} truyền thông nhóm, với "
        f"{w.n('SESSION_PARTICIPANTS:*:*:*', unit='lượt người')} tham dự, trong đó "
        f"{w.n('SESSION_PARTICIPANTS:*:F:*', compare=False)} nữ; riêng cho người bán dâm "
        f"{w.n('SESSIONS:SW:*:*', compare=False, unit='buổi')}.",
    ]
    out["outreach"] = [
        f"{when}, {unit} đã tiếp cận {w.n('REACH:*:*:*', unit='người')}, trong đó "
        f"{w.n('REACH:*:F:*', compare=False)} nữ; "
        f"{w.n('REACH:*:*:U16', compare=False)} người dưới 16 tuổi và {w.n('REACH:*:*:16-17', compare=False)} "
        f"người từ 16 đến 17 tuổi; {w.n('REACH_NEW:*:*:*', unit='người')} được tiếp cận lần đầu. Tổng số "
        f"{w.n('CONTACTS:*:*:*', unit='lượt')} tiếp cận, trong đó {w.n('CONTACTS:DIRECT:*:*', compare=False)} "
        f"lượt trực tiếp; đã phát {w.n('COMMODITIES:CONDOMS:*:*', unit='bao cao su')} và "
        f"{w.n('COMMODITIES:MATERIALS:*:*', compare=False, unit='tài liệu truyền thông')}.",
        f"Đã chuyển gửi {w.n('REFERRED:*:*:*', unit='lượt người')} đến các dịch vụ, trong đó "
        f"{w.n('REFERRED:HIV_TEST:*:*', compare=False)} đến xét nghiệm HIV, {w.n('REFERRED:PREP:*:*', compare=False)}"
        f" đến PrEP, {w.n('REFERRED:STI:*:*', compare=False)} đến khám, điều trị bệnh lây truyền qua đường tình "
        f"dục; {w.n('RECEIVED:*:*:*', unit='lượt người')} đã nhận được dịch vụ (học nghề "
        f"{w.n('RECEIVED:VOCATIONAL:*:*', compare=False)}, việc làm {w.n('RECEIVED:JOB:*:*', compare=False)}, "
        f"trợ giúp pháp lý {w.n('RECEIVED:LEGAL:*:*', compare=False)}).",
    ]
    out["establishments"] = [
        f"Đến cuối kỳ, trên địa bàn có {w.n('EST_LISTED_END:*:*:*', unit='cơ sở kinh doanh dịch vụ')} dễ phát sinh "
        f"tệ nạn mại dâm được theo dõi. {when}, {w.n('EST_COMMITMENTS:*:*:*', unit='cơ sở')} đã ký cam kết với "
        f"UBND {unit}; {w.n('EST_OWNERS_TRAINED:*:*:*', unit='chủ cơ sở')} và "
        f"{w.n('EST_WORKERS_TRAINED:*:*:*', unit='lượt người lao động')} (trong đó "
        f"{w.n('EST_WORKERS_TRAINED:*:F:*', compare=False)} nữ) được tập huấn, tuyên truyền.",
    ]
    out["peer_groups"] = [
        f"Đến cuối kỳ, {unit} duy trì {w.n('PEER_GROUPS_END:*:*:*', unit='nhóm')} đồng đẳng, tự lực, câu lạc bộ "
        f"với {w.n('PEER_MEMBERS_END:*:*:*', unit='thành viên')} (trong đó "
        f"{w.n('PEER_MEMBERS_END:*:F:*', compare=False)} nữ); {when.lower()} các nhóm đã tổ chức "
        f"{w.n('PEER_MEETINGS:*:*:*', unit='buổi')} sinh hoạt.",
    ]
    out["loans"] = [
        f"{when}, {w.n('LOAN_REFERRED:*:*:*', unit='người')} được giới thiệu vay vốn, "
        f"{w.n('LOAN_APPROVED:*:*:*', unit='người')} được duyệt và {w.n('LOAN_DISBURSED:*:*:*', unit='người')} "
        f"được giải ngân với tổng số tiền {w.n('LOAN_AMOUNT:*:*:*', unit='đồng')}; đến cuối kỳ còn "
        f"{w.n('LOAN_ACTIVE_END:*:*:*', compare=False, unit='khoản vay')} còn dư nợ.",
    ]
    return out, w.facts


# ---- the WDR-1 tables -----------------------------------------------------------------------------------------

def table_rows(grid: grids.Grid) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """Per section of the catalogue, per (indicator, category): this period's total, women, under 18, then the
    same for the year to date: the rows of the printed WDR-1 form."""
    from ward_desk.spec.catalogue import wdr1

    catalogue = wdr1()
    under_18 = catalogue.under_18
    out = []
    for section in catalogue.sections:
        rows = []
        for code in section.indicators:
            indicator = catalogue.indicator(code)
            for category in indicator.categories:
                numbers = []
                for which in ("value", "ytd"):
                    numbers.append(grid.sum((code, category.code, "*", "*"), which))
                    numbers.append(grid.sum((code, category.code, "F", "*"), which))
                    numbers.append(sum(grid.sum((code, category.code, "*", age), which) for age in under_18))
                name = indicator.label("vi")
                if category.code != "*":
                    name += " — " + category.label("vi")
                rows.append((name, numbers))
        out.append((section.label("vi"), rows))
    return out


# ---- the document ------------------------------------------------------------------------------------------------

def _doc_defaults(doc) -> None:
    from docx.shared import Cm, Pt

    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)


def _para(doc_or_cell, text="", *, bold=False, italic=False, align=None, size=None, indent=False, grey=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    p = doc_or_cell.add_paragraph()
    if align:
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.0)
    p.paragraph_format.space_after = Pt(3)
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if grey:
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    return p


def _heading_table(doc, grid) -> None:
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=2)
    _widths(table, (Cm(6.2), Cm(9.8)))
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _para(left, f"UBND {grid.unit_name.upper()}", bold=False, align="center", size=12)
    _para(left, "PHÒNG VĂN HÓA - XÃ HỘI", bold=True, align="center", size=12)
    _para(left, "Số:      /BC-VHXH", align="center", size=12)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center", size=12)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, align="center", size=13)
    place = grid.unit_name.replace("Phường ", "").replace("Xã ", "")
    today = dt.date.today()
    _para(right, f"{place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}", italic=True,
          align="center", size=12)
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)


def _widths(table, widths) -> None:
    """Column widths Word and LibreOffice both honour: on the columns and on every cell."""
    table.autofit = False
    for j, width in enumerate(widths):
        table.columns[j].width = width
        for cell in table.columns[j].cells:
            cell.width = width


def _tables(doc, grid) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    _para(doc, "PHỤ LỤC: SỐ LIỆU BÁO CÁO WDR-1", bold=True, align="center")
    _para(doc, f"Kỳ báo cáo {period_words(grid.period)} (từ {grid.period.start:%d/%m/%Y} đến "
               f"{grid.period.end:%d/%m/%Y}); lũy kế từ {grid.period.year_start:%d/%m/%Y}.", italic=True,
          align="center", size=11)
    for title, rows in table_rows(grid):
        _para(doc, title, bold=True, size=12)
        table = doc.add_table(rows=2 + len(rows), cols=7)
        table.style = "Table Grid"
        heads = ("Chỉ tiêu", "Kỳ này: tổng", "nữ", "dưới 18", "Lũy kế: tổng", "nữ", "dưới 18")
        for j, h in enumerate(heads):
            table.cell(0, j).text = h
        table.cell(1, 0).text = "(1)"
        for j in range(1, 7):
            table.cell(1, j).text = f"({j + 1})"
        for i, (name, numbers) in enumerate(rows, start=2):
            table.cell(i, 0).text = name
            for j, n in enumerate(numbers, start=1):
                table.cell(i, j).text = figures(n)
                table.cell(i, j).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _widths(table, (Cm(5.4),) + (Cm(1.75),) * 6)
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(10)
        for j in range(7):
            for r in (0, 1):
                for run in table.cell(r, j).paragraphs[0].runs:
                    run.bold = True


def build_default(doc, grid, sections) -> None:
    _heading_table(doc, grid)
    _para(doc)
    _para(doc, "BÁO CÁO", bold=True, align="center", size=14)
    _para(doc, f"Kết quả công tác phòng, chống mại dâm {period_words(grid.period)}", bold=True, align="center")
    _para(doc, f"Kính gửi: {receiving_body(grid)}", align="center")
    _para(doc, f"Đơn vị báo cáo: {grid.unit_name} (mã {grid.unit_code}). Kỳ báo cáo: {period_words(grid.period)}, "
               f"từ ngày {grid.period.start:%d/%m/%Y} đến ngày {grid.period.end:%d/%m/%Y}.", indent=True,
          align="justify")
    _para(doc, f"Thực hiện kế hoạch năm {grid.period.year} về công tác phòng, chống mại dâm, {grid.unit_name} báo "
               f"cáo kết quả thực hiện {period_words(grid.period)} như sau:", indent=True, align="justify")
    _para(doc, "I. ĐẶC ĐIỂM TÌNH HÌNH", bold=True)
    _para(doc, PROMPT["situation"], italic=True, grey=True, indent=True)
    _para(doc, "II. KẾT QUẢ THỰC HIỆN", bold=True)
    _para(doc, "1. Công tác chỉ đạo, tuyên truyền", bold=True)
    _para(doc, PROMPT["direction"], italic=True, grey=True, indent=True)
    titles = {"communication": None, "outreach": "2. Hoạt động tiếp cận, hỗ trợ tại cộng đồng (dịch vụ hỗ trợ)",
              "establishments": "3. Mô hình tại cơ sở kinh doanh dịch vụ",
              "peer_groups": "4. Nhóm đồng đẳng, nhóm tự lực, câu lạc bộ", "loans": "5. Hỗ trợ vay vốn, sinh kế"}
    for name in SECTIONS:
        if titles[name]:
            _para(doc, titles[name], bold=True)
        for text in sections[name]:
            _para(doc, text, indent=True, align="justify")
    if grid.targets:
        from ward_desk.reports import plan

        _para(doc, "6. Thực hiện chỉ tiêu kế hoạch năm", bold=True)
        for a in plan.achievement(grid):
            _para(doc, f"- {a.label}: kế hoạch {figures(a.target)}, lũy kế {figures(a.ytd)}, đạt "
                       f"{plan.percent_text(a)}.", indent=True)
    _para(doc, "III. ĐÁNH GIÁ CHUNG", bold=True)
    _para(doc, "1. Ưu điểm", bold=True)
    _para(doc, PROMPT["strengths"], italic=True, grey=True, indent=True)
    _para(doc, "2. Khó khăn, hạn chế", bold=True)
    _para(doc, PROMPT["difficulties"], italic=True, grey=True, indent=True)
    _para(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", bold=True)
    _para(doc, PROMPT["tasks"], italic=True, grey=True, indent=True)
    _para(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    _para(doc, PROMPT["proposals"], italic=True, grey=True, indent=True)
    _para(doc, f"Trên đây là báo cáo kết quả công tác phòng, chống mại dâm {period_words(grid.period)} của "
               f"{grid.unit_name}.", indent=True, align="justify")
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    left.paragraphs[0].runs[0].bold = True
    _para(left, f"- {receiving_body(grid)};", size=11)
    _para(left, f"- UBND {grid.unit_name};", size=11)
    _para(left, "- Lưu: VT.", size=11)
    right.paragraphs[0].text = "TRƯỞNG PHÒNG"
    right.paragraphs[0].runs[0].bold = True
    right.paragraphs[0].alignment = 1
    _para(right, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, align="center", size=11)
    doc.add_page_break()
    _tables(doc, grid)


def _fill_template(doc, grid, sections) -> None:
    """Placeholders in every paragraph (body, tables, headers, footers) of the ward's template."""
    def paragraphs(container):
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from paragraphs(cell)

    containers = [doc] + [part for s in doc.sections for part in (s.header, s.footer)]
    for container in containers:
        for p in list(paragraphs(container)):
            text = p.text
            if "{{" not in text:
                continue
            inners = placeholders.find(text)
            whole = placeholders.PATTERN.fullmatch(text.strip())
            if whole and whole.group(1).startswith("section:"):
                name = whole.group(1).split(":", 1)[1]
                _replace_paragraph(p, sections[name])
            elif whole and whole.group(1) == "tables":
                body = doc.element.body
                before = list(body)  # kept: lxml compares the same node as equal
                _tables(doc, grid)  # appended at the end of the body, then moved where the placeholder was
                for el in [el for el in body if el not in before]:
                    p._element.addprevious(el)
                p._element.getparent().remove(p._element)
            elif inners:
                _set_text(p, placeholders.render(text, grid))


def _set_text(p, text: str) -> None:
    runs = p.runs
    if not runs:
        p.add_run(text)
        return
    runs[0].text = text
    for run in runs[1:]:
        run._element.getparent().remove(run._element)


def _replace_paragraph(p, texts: list[str]) -> None:
    import copy

    _set_text(p, texts[0] if texts else "")
    anchor = p._element
    for text in texts[1:]:
        new = copy.deepcopy(p._element)
        anchor.addnext(new)
        anchor = new
        from docx.text.paragraph import Paragraph

        _set_text(Paragraph(new, p._parent), text)


def _open_template(path):
    """The template as a python-docx Document, read from bounded bytes (a regular file only: a FIFO or a bomb
    is a message, never a hang)."""
    import io

    from docx import Document

    from ward_desk.export.xlsx_safety import read_bounded_zip

    return Document(io.BytesIO(read_bounded_zip(path)))


def check_template(path) -> list[Problem]:
    """Problems of a ward's template: unreadable, unknown placeholders (located by paragraph)."""
    path = Path(path)
    try:
        doc = _open_template(path)
    except WardDeskError as exc:
        return [Problem("narrative.bad_template", {"file": path.name, "detail": exc.message()})]
    except Exception as exc:  # noqa: BLE001 - a damaged file is a message
        return [Problem("narrative.bad_template", {"file": path.name, "detail": str(exc) or type(exc).__name__})]
    problems = []
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    for s in doc.sections:
        texts.extend(p.text for p in s.header.paragraphs)
        texts.extend(p.text for p in s.footer.paragraphs)
    for number, text in enumerate(texts, start=1):
        for inner in placeholders.find(text):
            if inner.startswith("section:"):
                name = inner.split(":", 1)[1]
                if name not in SECTIONS:
                    problems.append(Problem("narrative.unknown_section", {"name": name, "names": ", ".join(SECTIONS)},
                                            field=f"¶{number}", file=path.name))
            elif inner != "tables":
                problem = placeholders.check(inner)
                if problem:
                    problems.append(problem.at(field=f"¶{number}", file=path.name))
    return problems


def template_path() -> Path:
    from ward_desk.db import opened_folder

    return opened_folder() / "templates" / TEMPLATE_NAME


def own_template() -> Path | None:
    path = template_path()
    return path if path.is_file() else None


def set_template(path) -> Path:
    """Keep ``path`` as the ward's own report template (checked first; a bad one changes nothing)."""
    from ward_desk.services.operation import operation

    with operation("plan.write", transaction=False) as op:  # a file is written, then its entry
        problems = check_template(path)
        if problems:
            raise ValidationFailed(problems)
        target = template_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        from ward_desk.export.xlsx_safety import read_bounded_zip
        from ward_desk.fileio import write_bytes

        write_bytes(target, read_bounded_zip(path))  # the bytes that were checked, bounded
        op.log("report.template", table="settings", ref=TEMPLATE_NAME, detail=Path(path).name)
    return target


def clear_template() -> bool:
    from ward_desk.services.operation import operation

    with operation("plan.write", transaction=False) as op:
        path = own_template()
        if path is None:
            return False
        path.unlink()
        op.log("report.template", table="settings", ref=TEMPLATE_NAME, detail="cleared")
    return True


def write_narrative(out, period: str | None = None, *, basis: str | None = None, source=None,
                    template=None, progress=None, cancel=None) -> Draft:
    """Write the draft for ``period`` (from the ward's records, or from the return file ``source``) to ``out``;
    ``template`` (or the ward's own one, if kept) instead of the built-in layout."""
    from docx import Document

    from ward_desk.fileio import atomic_path

    template = Path(template) if template else own_template()
    if template is not None:
        problems = check_template(template)
        if problems:
            raise ValidationFailed(problems)
    grids.step(progress, cancel, 0, 3)
    grid = grids.load(period, basis, source)
    grids.step(progress, cancel, 1, 3)
    if source:
        grid.from_file = True
    last = _last_year(grid)
    sections, facts = results(grid, last)
    if template is not None:
        doc = _open_template(template)
        _fill_template(doc, grid, sections)
    else:
        doc = Document()
        _doc_defaults(doc)
        build_default(doc, grid, sections)
    grids.step(progress, cancel, 2, 3)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        doc.save(str(tmp))
    grids.step(progress, None, 3, 3)
    return Draft(out, grid.period.code, facts, template.name if template is not None else "")
