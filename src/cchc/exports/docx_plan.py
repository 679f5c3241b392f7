"""A plan as the official DOCX of Nghị định 30/2020/NĐ-CP, Phụ lục I.

render_plan_docx(plan, recipients=None) -> bytes
export_plan_docx(plan) -> (filename, mimetype, bytes)

The layout follows the decree so the file can be signed and issued as it is: A4 with
the decree's margins, Times New Roman throughout, the two-column header table (issuing
body and number on the left, Quốc hiệu, Tiêu ngữ and the place-date line on the right),
the centred type and trích yếu, italic legal bases, the body, the signature block beside
"Nơi nhận", page numbers in the top margin from page 2, and the task table as a landscape
appendix with its header row repeated on every page.

The body is the heading tree with the paragraphs the parser kept under each heading
(`Section.body`), the duties of each agency under "Tổ chức thực hiện" and the funding
paragraph under "Kinh phí".

Every sizing decision is written here and read back by tests/exports, so the rules of
the decree live in one place.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

from cchc.ingest.model import PlanDocument, Responsibility, Section, Signer, Task

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT_NAME = "Times New Roman"

# Nghị định 30/2020, Phụ lục I §I: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
# Word stores whole twentieths of a point: each length is rounded up to one, so 15 mm
# (850.4 twips) never reads back as 14.99 mm, outside the decree's range.
PAGE_WIDTH = Twips(11906)  # 210 mm
PAGE_HEIGHT = Twips(16838)  # 297 mm
MARGIN_TOP = Twips(math.ceil(Mm(20) / 635))
MARGIN_BOTTOM = Twips(math.ceil(Mm(20) / 635))
MARGIN_LEFT = Twips(math.ceil(Mm(30) / 635))
MARGIN_RIGHT = Twips(math.ceil(Mm(15) / 635))
HEADER_DISTANCE = Twips(math.ceil(Mm(10) / 635))

# Sizes (points) per element, from the style table of Phụ lục I.
SIZE_BODY = 14
SIZE_NATIONAL_TITLE = 12  # Quốc hiệu 12-13
SIZE_MOTTO = 13  # Tiêu ngữ 13-14
SIZE_ISSUER = 12  # cơ quan chủ quản / ban hành 12-13
SIZE_NUMBER = 13
SIZE_PLACE_DATE = 13  # 13-14
SIZE_DOC_TYPE = 14
SIZE_TITLE = 14
SIZE_SIGNATURE = 14
SIZE_RECIPIENTS_LABEL = 12
SIZE_RECIPIENTS = 11
SIZE_PAGE_NUMBER = 14
SIZE_APPENDIX_LABEL = 14
SIZE_APPENDIX_TITLE = 14
SIZE_TABLE = 12

FIRST_LINE_INDENT = Cm(1.27)
PARAGRAPH_GAP = Pt(6)

HEADER_LEFT_SHARE = 0.42
# The header table reaches 1 cm into the wide left (binding) margin, as printed plans do,
# so the Quốc hiệu holds on one line and the issuing body rarely wraps.
HEADER_OUTDENT = Cm(1.0)
SIGNATURE_LEFT_SHARE = 0.45

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOC_TYPE_LABEL = "KẾ HOẠCH"
DOC_TYPE_NAME = "Kế hoạch"
RECIPIENTS_LABEL = "Nơi nhận:"
APPENDIX_LABEL = "Phụ lục"

TASK_COLUMNS = ("STT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện")
# Shares of the landscape text width; the task and the coordinators need the room.
TASK_COLUMN_SHARES = (0.05, 0.33, 0.16, 0.16, 0.18, 0.12)

# Điểm letters follow the Vietnamese alphabet (no f, j, w, z).
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

_RESPONSIBILITY_TITLE = re.compile(r"TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM|PHÂN CÔNG", re.IGNORECASE)
_FUNDING_TITLE = re.compile(r"KINH PHÍ", re.IGNORECASE)
_TERRITORY_BREAK = re.compile(r"\s(TỈNH|THÀNH PHỐ|HUYỆN|THỊ XÃ|THỊ TRẤN|QUẬN|PHƯỜNG|XÃ)\s+\S")
_OPENING_WORDS = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Thi hành|Theo|Trên cơ sở|Xét)\b")
_PEOPLES_COUNCILS = (
    ("Ủy ban nhân dân", "UBND"),
    ("Uỷ ban nhân dân", "UBND"),
    ("Hội đồng nhân dân", "HĐND"),
)


class ExportError(ValueError):
    """A plan that cannot be written as a document (said in Vietnamese, for the user)."""


# --- text helpers --------------------------------------------------------------------


def vietnamese_upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper()


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, numeral in numerals:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def _parse_iso(date: str | None) -> tuple[int, int, int] | None:
    if not date:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date.strip())
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return year, month, day


def place_date_line(place: str | None, issue_date: str | None, year_hint: int | None = None) -> str:
    """'Hưng Yên, ngày 05 tháng 01 năm 2024'. Days below 10 and the months 1 and 2 take a
    leading zero (so 'tháng 01' but 'tháng 6'); a missing date leaves blanks to be filled
    by hand, as the văn thư does on paper."""
    parsed = _parse_iso(issue_date)
    if parsed:
        year, month, day = parsed
        month_text = f"{month:02d}" if month <= 2 else str(month)
        date_text = f"ngày {day:02d} tháng {month_text} năm {year}"
    else:
        blank = "\u00a0" * 6
        date_text = f"ngày{blank}tháng{blank}năm {year_hint}" if year_hint else f"ngày{blank}tháng{blank}năm"
    if place:
        return f"{place.strip()}, {date_text}"
    return date_text[:1].upper() + date_text[1:]


def short_date(issue_date: str | None) -> str | None:
    parsed = _parse_iso(issue_date)
    if not parsed:
        return None
    year, month, day = parsed
    return f"{day:02d}/{month:02d}/{year}"


def _ascii_slug(text: str) -> str:
    folded = text.replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"[^A-Za-z0-9]+", "-", folded)
    return folded.strip("-")


def plan_docx_filename(plan: PlanDocument) -> str:
    """'KH-193-KH-UBND-2024.docx': the type, the number with '/' folded, and the year;
    ASCII only, so every browser and file system keeps it as it is."""
    parsed = _parse_iso(plan.issue_date)
    year = parsed[0] if parsed else plan.plan_year
    doc_type = _ascii_slug(plan.doc_type or "KH") or "KH"
    if plan.number:
        middle = _ascii_slug(plan.number)
    else:
        middle = _ascii_slug(plan.title or "").lower()[:60].strip("-")
    parts = [doc_type, middle, str(year) if year else ""]
    return "-".join(part for part in parts if part) + ".docx"


def _symbol_suffix(plan: PlanDocument) -> str:
    """The ký hiệu after the number ('KH-UBND') for a blank 'Số:' line."""
    if plan.number and "/" in plan.number:
        return plan.number.split("/", 1)[1]
    return plan.doc_type or "KH"


def _territory_of(name: str) -> str | None:
    match = re.search(r"\b(tỉnh|thành phố|huyện|thị xã|quận|thị trấn|phường|xã)\s+\S.*$", name)
    return match.group(0) if match else None


def header_bodies(plan: PlanDocument) -> tuple[str | None, list[str]]:
    """(superior body line, issuing body lines) as printed in the header.

    The superior body is abbreviated the way the decree allows ('UBND TỈNH HƯNG YÊN').
    The issuing body loses the territory its superior already names ('Sở Nội vụ tỉnh X'
    under 'UBND tỉnh X' prints 'SỞ NỘI VỤ'); a body standing alone breaks before its
    territory ('ỦY BAN NHÂN DÂN' / 'TỈNH HƯNG YÊN'), as plans are printed."""
    parent = None
    issuer = (plan.issuer or "").strip()
    if plan.parent_body:
        parent_name = plan.parent_body.strip()
        for long_form, short_form in _PEOPLES_COUNCILS:
            if parent_name.lower().startswith(long_form.lower()):
                parent_name = short_form + parent_name[len(long_form) :]
        parent = vietnamese_upper(parent_name)
        territory = _territory_of(plan.parent_body)
        if territory and issuer.lower().endswith(" " + territory.lower()):
            issuer = issuer[: -len(territory)].strip()
    if not issuer:
        return parent, []
    upper = vietnamese_upper(issuer)
    for match in _TERRITORY_BREAK.finditer(upper):
        before = upper[: match.start()].split()
        if before and before[-1] not in ("VÀ", "-", "–"):
            return parent, [upper[: match.start()].strip(), upper[match.start() :].strip()]
    return parent, [upper]


def signature_lines(signer: Signer | None) -> list[str]:
    """'TM. ỦY BAN NHÂN DÂN' / 'KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH' from what the parser kept."""
    if signer is None:
        return []
    if signer.block:
        return [vietnamese_upper(part.strip()) for part in signer.block.split(" / ") if part.strip()]
    position = vietnamese_upper(signer.position or "").strip()
    authority = (signer.authority or "").strip()
    if authority == "KT." and position.startswith("PHÓ "):
        return [f"KT. {position[4:].strip()}", position]
    if authority and position:
        return [f"{authority} {position}"]
    return [position] if position else []


def legal_basis_lines(plan: PlanDocument) -> list[str]:
    """One 'Căn cứ …' line per basis, each ending ';' and the last '.'."""
    bases = [c.raw.strip() for c in plan.legal_bases if c.role == "basis" and c.raw and c.raw.strip()]
    lines = []
    for index, raw in enumerate(bases):
        text = raw.rstrip(" ;.,")
        if not _OPENING_WORDS.match(text):
            text = f"Căn cứ {text}"
        lines.append(text + ("." if index == len(bases) - 1 else ";"))
    return lines


def recipient_lines(plan: PlanDocument, recipients: list[str] | None) -> list[str]:
    """'- X;' per recipient, the last '- Lưu: VT, ….'. Without a list given, the agencies
    the plan assigns work to receive it (that is who must act on it)."""
    if recipients is None:
        names: list[str] = []
        for item in plan.responsibilities:
            if item.agency and item.agency not in names:
                names.append(item.agency)
        if not names:
            for task in plan.tasks:
                for name in task.lead:
                    if name not in names:
                        names.append(name)
        recipients = names[:10]
    cleaned = [collapse_text(r).lstrip("-–• ").rstrip(" ;.,") for r in recipients]
    cleaned = [r for r in cleaned if r]
    storage = [r for r in cleaned if r.lower().startswith("lưu")]
    others = [r for r in cleaned if not r.lower().startswith("lưu")]
    storage_line = storage[-1] if storage else "Lưu: VT"
    lines = [f"- {name[:1].upper() + name[1:]};" for name in others]
    lines.append(f"- {storage_line}.")
    return lines


def collapse_text(text: str) -> str:
    return " ".join((text or "").split())


def appendix_title(plan: PlanDocument) -> str:
    title = collapse_text(plan.title or "")
    if not title:
        return "DANH MỤC NHIỆM VỤ"
    if title.lower().startswith("nhiệm vụ"):
        return vietnamese_upper(title)
    return vietnamese_upper(f"Nhiệm vụ {title[:1].lower() + title[1:]}")


def appendix_reference_line(plan: PlanDocument) -> str:
    """'(Kèm theo Kế hoạch số 193/KH-UBND ngày 05/01/2024 của Ủy ban nhân dân tỉnh Hưng Yên)'."""
    number = plan.number or f"{chr(0xA0) * 6}/{_symbol_suffix(plan)}"
    date = short_date(plan.issue_date) or f"{chr(0xA0) * 4}/{chr(0xA0) * 4}/{plan.plan_year or ''}".rstrip(
        "/"
    )
    issuer = plan.issuer or ""
    tail = f" của {issuer}" if issuer else ""
    return f"(Kèm theo {DOC_TYPE_NAME} số {number} ngày {date}{tail})"


# --- python-docx plumbing ---------------------------------------------------------------


def _set_run_font(run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT_NAME
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # Word picks the east-Asian and complex-script slots for some Vietnamese letters;
    # naming the font in every slot keeps them all Times New Roman.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_NAME)


def _add_run(paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    _set_run_font(run, size, bold=bold, italic=italic)
    return run


def _format(
    paragraph,
    *,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    indent=None,
    line_spacing: float = 1.0,
):
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE if line_spacing == 1.0 else WD_LINE_SPACING.MULTIPLE
    if line_spacing != 1.0:
        fmt.line_spacing = line_spacing
    fmt.first_line_indent = indent
    return paragraph


def _mark_size(paragraph, size: float) -> None:
    """The size of the paragraph mark: an empty paragraph is as tall as its mark."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_NAME)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(int(size * 2)))
        rpr.append(element)


def _estimated_text_width(text: str, size: float, bold: bool) -> float:
    """Printed width in cm of `text` in Times New Roman: capitals are wider than
    lower case; close enough to size a rule under a line."""
    em = size / 72 * 2.54
    width = 0.0
    for ch in text:
        if ch == " ":
            width += 0.25
        elif ch.isupper():
            width += 0.73 if bold else 0.69
        else:
            width += 0.50 if bold else 0.47
    return width * em


def _add_rule(container, column_width_cm: float, rule_width_cm: float) -> None:
    """A solid centred rule: an empty paragraph with a bottom border, its indents making
    the border exactly `rule_width_cm` long."""
    rule_width_cm = max(1.0, min(rule_width_cm, column_width_cm))
    paragraph = container.add_paragraph()
    side = max(0.0, (column_width_cm - rule_width_cm) / 2)
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(3)
    _mark_size(paragraph, 2)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")  # eighths of a point: a 0.75 pt line
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    # pBdr must precede the spacing and indentation elements in pPr.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _cell_paragraph(cell, first: list[bool]):
    """A cell starts with one empty paragraph; use it for the first line."""
    if first[0]:
        first[0] = False
        return cell.paragraphs[0]
    return cell.add_paragraph()


def _layout_table(document, widths_cm: list[float], rows: int = 1, outdent=None):
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.autofit = False
    _fixed_layout(table)
    if outdent is None:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    else:
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(-round(outdent / 635)))  # EMU -> twentieths of a point
        indent.set(qn("w:type"), "dxa")
        _put_table_property(table, indent)
    for index, width in enumerate(widths_cm):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)
    return table


_TBL_PR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)


def _put_table_property(table, element) -> None:
    """Insert into tblPr at the place the schema requires (Word refuses files otherwise)."""
    tbl_pr = table._tbl.tblPr
    tag = element.tag
    for existing in tbl_pr.findall(tag):
        tbl_pr.remove(existing)
    names = [qn(name) for name in _TBL_PR_ORDER]
    later = names[names.index(tag) + 1 :]
    for child in tbl_pr:
        if child.tag in later:
            child.addprevious(element)
            return
    tbl_pr.append(element)


def _fixed_layout(table) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _put_table_property(table, layout)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _keep_row_whole(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr_pr.insert(0, element)


def _grid_borders(table) -> None:
    """Single black borders on every edge and between all cells."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    _put_table_property(table, borders)


def _page_number_field(paragraph, size: float) -> None:
    def field_char(kind: str):
        run = paragraph.add_run()
        _set_run_font(run, size)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._element.append(element)

    field_char("begin")
    instruction = paragraph.add_run()
    _set_run_font(instruction, size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instruction._element.append(instr)
    field_char("separate")
    _add_run(paragraph, "2", size)
    field_char("end")


def _restart_page_numbers(section) -> None:
    sect_pr = section._sectPr
    existing = sect_pr.find(qn("w:pgNumType"))
    if existing is not None:
        sect_pr.remove(existing)
    element = OxmlElement("w:pgNumType")
    element.set(qn("w:start"), "1")
    # Schema order: pgNumType goes before cols/titlePg/docGrid.
    for tag in (
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:docGrid",
    ):
        anchor = sect_pr.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(element)
            return
    sect_pr.append(element)


def _setup_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(SIZE_BODY)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_NAME)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    rpr.append(language)
    # The document defaults too, so text outside any styled run (field results, table
    # styles LibreOffice applies) never falls back to another face.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        default_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        if default_fonts is not None:
            for attribute in list(default_fonts.attrib):
                del default_fonts.attrib[attribute]
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                default_fonts.set(qn(slot), FONT_NAME)


def _page_setup(section, *, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE


def _text_width_cm(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / 360000


# --- the document's parts ----------------------------------------------------------------


@dataclass
class _Writer:
    document: object
    plan: PlanDocument

    def body_paragraph(self, *, indent: bool = True, before: float = 0):
        paragraph = self.document.add_paragraph()
        _format(
            paragraph,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            after=PARAGRAPH_GAP.pt,
            before=before,
            indent=FIRST_LINE_INDENT if indent else None,
            line_spacing=1.15,
        )
        return paragraph

    # header -------------------------------------------------------------------------

    def header(self) -> None:
        section = self.document.sections[0]
        width = _text_width_cm(section) + HEADER_OUTDENT / 360000
        left_width = round(width * HEADER_LEFT_SHARE, 2)
        right_width = round(width - left_width, 2)
        table = _layout_table(self.document, [left_width, right_width], rows=2, outdent=HEADER_OUTDENT)
        parent, issuer_lines = header_bodies(self.plan)

        left = table.cell(0, 0)
        first = [True]
        if parent:
            _add_run(_format(_cell_paragraph(left, first)), parent, SIZE_ISSUER)
        for line in issuer_lines:
            _add_run(_format(_cell_paragraph(left, first)), line, SIZE_ISSUER, bold=True)
        if issuer_lines:
            longest = max(_estimated_text_width(line, SIZE_ISSUER, True) for line in issuer_lines)
            _add_rule(left, left_width, longest * 0.4)

        right = table.cell(0, 1)
        first = [True]
        _add_run(_format(_cell_paragraph(right, first)), NATIONAL_TITLE, SIZE_NATIONAL_TITLE, bold=True)
        _add_run(_format(_cell_paragraph(right, first)), MOTTO, SIZE_MOTTO, bold=True)
        _add_rule(right, right_width, _estimated_text_width(MOTTO, SIZE_MOTTO, True))

        number = self.plan.number or f"{chr(0xA0) * 6}/{_symbol_suffix(self.plan)}"
        number_cell = table.cell(1, 0)
        paragraph = _format(number_cell.paragraphs[0], before=6)
        _add_run(paragraph, f"Số: {number}", SIZE_NUMBER)

        date_cell = table.cell(1, 1)
        paragraph = _format(date_cell.paragraphs[0], before=6)
        line = place_date_line(self.plan.place, self.plan.issue_date, self.plan.plan_year)
        _add_run(paragraph, line, SIZE_PLACE_DATE, italic=True)
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    # title and bases ----------------------------------------------------------------

    def title(self) -> None:
        paragraph = _format(self.document.add_paragraph(), before=18)
        _add_run(paragraph, DOC_TYPE_LABEL, SIZE_DOC_TYPE, bold=True)
        title = collapse_text(self.plan.title or "")
        if title:
            paragraph = _format(self.document.add_paragraph())
            _add_run(paragraph, title, SIZE_TITLE, bold=True)
        width = _text_width_cm(self.document.sections[0])
        # The trích yếu wraps at about two thirds of the line; its rule follows the longest line.
        printed = min(_estimated_text_width(title or DOC_TYPE_LABEL, SIZE_TITLE, True), width * 0.9)
        _add_rule(self.document, width, printed * 0.4)
        spacer = _format(self.document.add_paragraph(), after=6)
        _mark_size(spacer, 6)

    def legal_bases(self) -> None:
        for line in legal_basis_lines(self.plan):
            paragraph = self.body_paragraph()
            _add_run(paragraph, line, SIZE_BODY, italic=True)
        issuer = self.plan.issuer
        title = collapse_text(self.plan.title or "")
        if issuer and title:
            paragraph = self.body_paragraph()
            # The decree wants the main text to point at its appendix.
            appendix = " (nhiệm vụ cụ thể tại Phụ lục kèm theo)" if self.plan.tasks else ""
            sentence = f"{issuer} ban hành {DOC_TYPE_NAME} {title[:1].lower() + title[1:]}{appendix} như sau:"
            _add_run(paragraph, sentence, SIZE_BODY)

    # body ---------------------------------------------------------------------------

    def body(self) -> None:
        sections = list(self.plan.sections)
        responsibilities_placed = False
        funding_placed = False
        has_responsibility_section = any(_RESPONSIBILITY_TITLE.search(s.title) for s in sections)
        if self.plan.responsibilities and not has_responsibility_section:
            sections.append(
                Section(
                    number=_roman(len([s for s in sections if s.level == 1]) + 1),
                    title="TỔ CHỨC THỰC HIỆN",
                    level=1,
                    heading="",
                )
            )
        for section in sections:
            heading_text = f"{section.number}. {collapse_text(section.title)}"
            paragraph = self.body_paragraph(before=6)
            _add_run(paragraph, heading_text, SIZE_BODY, bold=True)
            if (
                not responsibilities_placed
                and self.plan.responsibilities
                and _RESPONSIBILITY_TITLE.search(section.title)
            ):
                self.responsibilities(self.plan.responsibilities)
                responsibilities_placed = True
                continue
            funding_placed = self.children(section, funding_placed)

    def children(self, section: Section, funding_placed: bool, *, body_from: int = 0) -> bool:
        if not section.children and _FUNDING_TITLE.search(section.title) and self.plan.funding:
            if not funding_placed:
                paragraph = self.body_paragraph()
                _add_run(paragraph, _sentence_start(self.plan.funding), SIZE_BODY)
                return True
        for text in section.body[body_from:]:
            text = collapse_text(text)
            if text:
                _add_run(self.body_paragraph(), text, SIZE_BODY)
        for child in section.children:
            title = collapse_text(child.title)
            skip = 0
            if child.level == 2:
                paragraph = self.body_paragraph()
                _add_run(paragraph, f"{child.number}. {title}", SIZE_BODY, bold=True)
            elif child.level == 3:
                # A lettered item longer than its title keeps its whole text as its first paragraph.
                whole = collapse_text(child.body[0]) if child.body else ""
                if len(whole) > len(title) and whole.startswith(title):
                    title, skip = whole, 1
                paragraph = self.body_paragraph()
                _add_run(paragraph, f"{child.number}) {title}", SIZE_BODY)
            else:
                paragraph = self.body_paragraph()
                _add_run(paragraph, f"- {title}", SIZE_BODY)
            funding_placed = self.children(child, funding_placed, body_from=skip)
        return funding_placed

    def responsibilities(self, items: list[Responsibility]) -> None:
        for number, item in enumerate(items, start=1):
            agency = collapse_text(item.agency)
            duties = [collapse_text(d) for d in item.duties if collapse_text(d)]
            paragraph = self.body_paragraph()
            if len(duties) == 1 and duties[0].lower().startswith(agency.lower()) and agency:
                # The duty is the agency's own sentence ("Sở Nội vụ chủ trì …"): one paragraph,
                # the agency in bold as plans print it.
                _add_run(paragraph, f"{number}. {duties[0][: len(agency)]}", SIZE_BODY, bold=True)
                _add_run(paragraph, duties[0][len(agency) :], SIZE_BODY)
                continue
            _add_run(paragraph, f"{number}. {agency}:", SIZE_BODY, bold=True)
            if len(duties) == 1:
                paragraph = self.body_paragraph()
                _add_run(paragraph, _sentence_start(duties[0]), SIZE_BODY)
                continue
            for index, duty in enumerate(duties):
                letter = POINT_LETTERS[index] if index < len(POINT_LETTERS) else f"{index + 1}"
                paragraph = self.body_paragraph()
                _add_run(paragraph, f"{letter}) {_sentence_start(duty)}", SIZE_BODY)

    # signature ----------------------------------------------------------------------

    def signature(self, recipients: list[str] | None) -> None:
        width = _text_width_cm(self.document.sections[0])
        left_width = round(width * SIGNATURE_LEFT_SHARE, 2)
        table = _layout_table(self.document, [left_width, round(width - left_width, 2)])
        _keep_row_whole(table.rows[0])
        left, right = table.cell(0, 0), table.cell(0, 1)

        paragraph = _format(left.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
        _add_run(paragraph, RECIPIENTS_LABEL, SIZE_RECIPIENTS_LABEL, bold=True, italic=True)
        for line in recipient_lines(self.plan, recipients):
            paragraph = _format(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
            _add_run(paragraph, line, SIZE_RECIPIENTS)

        first = [True]
        for line in signature_lines(self.plan.signer):
            paragraph = _format(_cell_paragraph(right, first), before=6 if not first else 0)
            _add_run(paragraph, line, SIZE_SIGNATURE, bold=True)
        name = collapse_text(self.plan.signer.name or "") if self.plan.signer else ""
        if name:
            # Room for the signature and the seal between the position and the name.
            paragraph = _format(_cell_paragraph(right, first), before=72)
            _add_run(paragraph, name, SIZE_SIGNATURE, bold=True)
        for cell in (left, right):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    # appendix -----------------------------------------------------------------------

    def appendix(self) -> None:
        width = _appendix_section(self.document)

        paragraph = _format(self.document.add_paragraph())
        _add_run(paragraph, APPENDIX_LABEL, SIZE_APPENDIX_LABEL, bold=True)
        paragraph = _format(self.document.add_paragraph())
        _add_run(paragraph, appendix_title(self.plan), SIZE_APPENDIX_TITLE, bold=True)
        paragraph = _format(self.document.add_paragraph())
        _add_run(paragraph, appendix_reference_line(self.plan), SIZE_BODY, italic=True)
        _add_rule(self.document, width, 3.5)
        spacer = _format(self.document.add_paragraph(), after=6)
        _mark_size(spacer, 6)

        self.task_table(width)

    def task_table(self, width_cm: float) -> None:
        widths = [round(width_cm * share, 2) for share in TASK_COLUMN_SHARES]
        widths[-1] = round(width_cm - sum(widths[:-1]), 2)
        table = _layout_table(self.document, widths, rows=1)
        _grid_borders(table)
        header = table.rows[0]
        _repeat_as_header(header)
        for cell, label in zip(header.cells, TASK_COLUMNS, strict=True):
            _add_run(_format(cell.paragraphs[0]), label, SIZE_TABLE, bold=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        group = None
        previous: Task | None = None
        group_number = 0
        for task in self.plan.tasks:
            task_group = task.extra.get("Nhóm") if task.extra else None
            if task_group and task_group != group:
                group_number += 1
                self.group_row(table, widths, _roman(group_number), task_group)
            group = task_group
            same_row = previous is not None and previous.stt == task.stt and previous.task == task.task
            self.task_row(table, widths, task, continues_previous=same_row)
            previous = task

    def group_row(self, table, widths: list[float], number: str, title: str) -> None:
        row = table.add_row()
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
        _add_run(_format(row.cells[0].paragraphs[0]), number, SIZE_TABLE, bold=True)
        merged = row.cells[1].merge(row.cells[-1])
        paragraph = _format(merged.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT)
        _add_run(paragraph, vietnamese_upper(collapse_text(title)), SIZE_TABLE, bold=True)

    def task_row(self, table, widths: list[float], task: Task, *, continues_previous: bool) -> None:
        row = table.add_row()
        cells = row.cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = Cm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        # A sub-row of the same task leaves STT and the task blank, as printed plans do.
        if not continues_previous:
            _add_run(_format(cells[0].paragraphs[0]), task.stt or "", SIZE_TABLE)
            _add_run(
                _format(cells[1].paragraphs[0], align=WD_ALIGN_PARAGRAPH.JUSTIFY),
                collapse_text(task.task),
                SIZE_TABLE,
            )
        _add_run(
            _format(cells[2].paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT),
            collapse_text(task.products or ""),
            SIZE_TABLE,
        )
        for cell, names in ((cells[3], task.lead), (cells[4], task.coordinators)):
            self.agency_cell(cell, names)
        _add_run(_format(cells[5].paragraphs[0]), collapse_text(task.timeframe or ""), SIZE_TABLE)

    @staticmethod
    def agency_cell(cell, names: list[str]) -> None:
        """One agency per line, ';' between them, so each reads apart and the list parses back.
        Names keep the plan's own spelling (a group such as 'các đơn vị …' stays lower case)."""
        cleaned = [collapse_text(name) for name in names if collapse_text(name)]
        if not cleaned:
            return
        first = [True]
        for index, name in enumerate(cleaned):
            text = name + (";" if index < len(cleaned) - 1 else "")
            paragraph = _format(_cell_paragraph(cell, first), align=WD_ALIGN_PARAGRAPH.LEFT)
            _add_run(paragraph, text, SIZE_TABLE)

    # page numbers -------------------------------------------------------------------

    def page_numbers(self) -> None:
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        # The first page shows no number: give it its own, empty, header.
        section.first_page_header.is_linked_to_previous = False
        paragraph = section.header.paragraphs[0]
        _format(paragraph)
        _page_number_field(paragraph, SIZE_PAGE_NUMBER)


def _sentence_start(text: str) -> str:
    text = collapse_text(text)
    return text[:1].upper() + text[1:]


def _appendix_section(document) -> float:
    """Start an appendix: a new landscape page whose numbering starts again, unnumbered on its
    first page (NĐ 30/2020). Returns the text width of the section, in cm."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=True)
    section.different_first_page_header_footer = True
    _restart_page_numbers(section)
    return _text_width_cm(section)


def new_document(*, title: str, author: str, subject: str = ""):
    """An empty portrait A4 document in the house styles, with its properties set: the start of
    every official document this package writes (plan, report, conformance report)."""
    document = Document()
    _setup_styles(document)
    _page_setup(document.sections[0], landscape=False)
    core = document.core_properties
    core.title = title
    core.author = author
    core.subject = subject
    core.language = "vi-VN"
    core.comments = ""
    # python-docx's template starts with one empty paragraph; the header table goes first.
    body = document.element.body
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    return document


def render_plan_docx(plan: PlanDocument, *, recipients: list[str] | None = None) -> bytes:
    """The plan as an official DOCX (bytes). `recipients` fills "Nơi nhận"; without it the
    agencies the plan assigns work to are listed."""
    if not isinstance(plan, PlanDocument):
        raise ExportError("Đầu vào không phải là một kế hoạch (PlanDocument).")
    if recipients is not None and (
        isinstance(recipients, str) or not all(isinstance(r, str) for r in recipients)
    ):
        raise ExportError("Danh sách nơi nhận phải là một danh sách các chuỗi.")
    document = new_document(
        title=collapse_text(plan.title or DOC_TYPE_NAME), author=plan.issuer or "", subject=plan.number or ""
    )
    writer = _Writer(document, plan)
    writer.page_numbers()
    writer.header()
    writer.title()
    writer.legal_bases()
    writer.body()
    writer.signature(recipients)
    if plan.tasks:
        writer.appendix()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_plan_docx(plan: PlanDocument, *, recipients: list[str] | None = None) -> tuple[str, str, bytes]:
    """The exporter: (filename, mimetype, content)."""
    return plan_docx_filename(plan), DOCX_MIMETYPE, render_plan_docx(plan, recipients=recipients)


__all__ = [
    "DOCX_MIMETYPE",
    "ExportError",
    "export_plan_docx",
    "place_date_line",
    "plan_docx_filename",
    "render_plan_docx",
]
