"""Test helper: render a plan (a plain dict, shaped like a PlanDocument) to DOCX with
python-docx, laid out the way NĐ 30/2020 plans are (two-column header table, centred
title, italic bases, Roman-numeral sections, signer block, appendix task table), and
to PDF through LibreOffice headless.

All wording in `sample_plan()` is invented for a fictional province (Lam Sơn).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TASK_COLUMNS = ["STT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]


def sample_plan(task_count: int = 4) -> dict:
    """A complete plan in our own words; `task_count` > 4 repeats varied rows to make long documents."""
    base_tasks = [
        {
            "stt": "1",
            "task": "Tuyên truyền các chủ trương mới về cải cách hành chính của tỉnh trên báo và đài phát thanh",
            "products": "Tin, bài, phóng sự",
            "lead": ["Báo Lam Sơn"],
            "coordinators": ["Sở Nội vụ", "Đài Phát thanh và Truyền hình tỉnh"],
            "timeframe": "Thường xuyên",
        },
        {
            "stt": "2",
            "task": "Tổ chức hội thi tìm hiểu về thủ tục hành chính cho đoàn viên thanh niên",
            "products": "Hội thi",
            "lead": ["Sở Nội vụ"],
            "coordinators": ["Tỉnh đoàn Lam Sơn"],
            "timeframe": "Quý II, III/2031",
        },
        {
            "stt": "3",
            "task": "Xây dựng chuyên mục hỏi đáp về dịch vụ công trực tuyến trên cổng thông tin điện tử tỉnh",
            "products": "Chuyên mục",
            "lead": ["Văn phòng UBND tỉnh"],
            "coordinators": ["Sở Khoa học và Công nghệ", "UBND các huyện, thành phố"],
            "timeframe": "Năm 2031",
        },
        {
            "stt": "4",
            "task": "In và phát hành tờ gấp giới thiệu quy trình một cửa tại bộ phận tiếp nhận",
            "products": "Tờ gấp",
            "lead": ["Sở Tư pháp"],
            "coordinators": [],
            "timeframe": "Tháng 6/2031",
        },
    ]
    tasks = []
    for index in range(task_count):
        template = base_tasks[index % len(base_tasks)]
        task = dict(template, stt=str(index + 1))
        if index >= len(base_tasks):
            task["task"] = f"{template['task']} (đợt {index // len(base_tasks) + 1})"
        tasks.append(task)
    return {
        "parent_body": "",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH LAM SƠN",
        # Printed on two lines in the header cell, as issuers usually are.
        "issuer_lines": ["ỦY BAN NHÂN DÂN", "TỈNH LAM SƠN"],
        "issuer_full": "Ủy ban nhân dân tỉnh Lam Sơn",
        "number": "45/KH-UBND",
        "place": "Lam Sơn",
        "date": (14, 1, 2031),
        "doc_type_label": "KẾ HOẠCH",
        "title": "Tuyên truyền cải cách hành chính năm 2031",
        "bases": [
            {"line": "Căn cứ Nghị quyết số 12/NQ-CP ngày 05/01/2030 của Chính phủ;", "number": "12/NQ-CP"},
            {
                "line": "Căn cứ Quyết định số 301/QĐ-UBND ngày 20/12/2030 của UBND tỉnh;",
                "number": "301/QĐ-UBND",
            },
        ],
        "intro": "Ủy ban nhân dân tỉnh ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2031 như sau:",
        "sections": [
            {
                "heading": "I. MỤC ĐÍCH, YÊU CẦU",
                "paragraphs": [
                    "1. Mục đích",
                    "- Giúp người dân hiểu rõ quyền và nghĩa vụ khi giải quyết thủ tục hành chính.",
                    "2. Yêu cầu",
                    "- Nội dung tuyên truyền ngắn gọn, dễ hiểu, đúng đối tượng.",
                ],
            },
            {
                "heading": "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
                "paragraphs": ["Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này."],
            },
            {
                "heading": "III. TỔ CHỨC THỰC HIỆN",
                "paragraphs": [
                    "1. Sở Nội vụ",
                    "Theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp kết quả báo cáo UBND tỉnh.",
                    "2. Các sở, ban, ngành tỉnh",
                    "Chủ động triển khai các nhiệm vụ được giao.",
                ],
            },
        ],
        "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "position": "CHỦ TỊCH", "name": "Trần Minh Khoa"},
        "recipients": ["Nơi nhận:", "- Bộ Nội vụ;", "- Lưu: VT, NC."],
        "appendix": {
            "label": "Phụ lục",
            "title": "NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2031",
            "reference": "(Kèm theo Kế hoạch số 45/KH-UBND ngày 14/01/2031 của UBND tỉnh Lam Sơn)",
            "columns": TASK_COLUMNS,
            "tasks": tasks,
        },
    }


def _paragraph(document_or_cell, text: str, *, bold=False, italic=False, center=False, size=13):
    paragraph = document_or_cell.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _cell_lines(cell, lines: list[str], **style):
    first = True
    for line in lines:
        if first:
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(line)
            run.bold = style.get("bold", False)
            run.italic = style.get("italic", False)
            run.font.size = Pt(style.get("size", 12))
            if style.get("center"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first = False
        else:
            _paragraph(
                cell,
                line,
                size=style.get("size", 12),
                bold=style.get("bold", False),
                italic=style.get("italic", False),
                center=style.get("center", False),
            )


def _date_line(plan: dict) -> str:
    day, month, year = plan["date"]
    return f"{plan['place']}, ngày {day:02d} tháng {month:02d} năm {year}"


def _mark_header_row(row) -> None:
    """Repeat the header row on every page, as a real plan does."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def render_docx(
    plan: dict,
    path: Path,
    *,
    running_header: str | None = None,
    page_numbers: bool = False,
    ruled: bool = True,
) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    if running_header:
        _paragraph(section.header, running_header, center=True, size=10)
    if page_numbers:
        _add_page_number_footer(section)

    header = document.add_table(rows=2, cols=2)
    issuer_lines = [plan["parent_body"]] if plan["parent_body"] else []
    issuer_lines += plan.get("issuer_lines") or [plan["issuer"]]
    _cell_lines(header.cell(0, 0), issuer_lines, bold=True, center=True)
    _cell_lines(
        header.cell(0, 1),
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        bold=True,
        center=True,
        size=11,
    )
    _cell_lines(header.cell(1, 0), [f"Số: {plan['number']}"], center=True)
    _cell_lines(header.cell(1, 1), [_date_line(plan)], italic=True, center=True)
    _set_widths(header, [Cm(6), Cm(10)])

    _paragraph(document, plan["doc_type_label"], bold=True, center=True, size=14)
    _paragraph(document, plan["title"], bold=True, center=True, size=14)
    for basis in plan["bases"]:
        _paragraph(document, basis["line"], italic=True)
    _paragraph(document, plan["intro"])
    for section_data in plan["sections"]:
        _paragraph(document, section_data["heading"], bold=True)
        for text in section_data["paragraphs"]:
            _paragraph(document, text)

    signature = document.add_table(rows=1, cols=2)
    _set_widths(signature, [Cm(7.5), Cm(8.5)])
    _cell_lines(signature.cell(0, 0), plan["recipients"], size=11)
    signer = plan["signer"]
    _cell_lines(
        signature.cell(0, 1),
        [signer["authority"], signer["position"], "", signer["name"]],
        bold=True,
        center=True,
    )

    appendix = plan.get("appendix")
    if appendix:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _paragraph(document, appendix["label"], bold=True, center=True, size=14)
        _paragraph(document, appendix["title"], bold=True, center=True)
        _paragraph(document, appendix["reference"], italic=True, center=True)
        _task_table(document, appendix["columns"], appendix["tasks"], ruled=ruled)
    document.save(str(path))
    return path


def _task_table(document, columns: list[str], tasks: list[dict], *, ruled: bool = True):
    table = document.add_table(rows=1, cols=len(columns))
    if ruled:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(1.3), Cm(4.7), Cm(2.5), Cm(2.8), Cm(3.2), Cm(2.5)]
    for index, title in enumerate(columns):
        _cell_lines(table.rows[0].cells[index], [title], bold=True, center=True, size=11)
    _mark_header_row(table.rows[0])
    for task in tasks:
        cells = table.add_row().cells
        values = [
            task["stt"],
            task["task"],
            task["products"],
            "; ".join(task["lead"]),
            "; ".join(task["coordinators"]),
            task["timeframe"] or "",
        ]
        for index, value in enumerate(values):
            _cell_lines(cells[index], [value], size=11)
    _set_widths(table, [widths[index % len(widths)] for index in range(len(columns))])
    return table


def _set_widths(table, widths) -> None:
    """LibreOffice lays out by the grid columns, Word by the cells: set both."""
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width


def _add_page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.text = "PAGE"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instruction)
    run._r.append(end)


def landscape(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Convert with LibreOffice; each call gets its own profile so parallel runs do not collide."""
    binary = soffice()
    if binary is None:
        raise FileNotFoundError("soffice (LibreOffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                binary,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx_path),
                f"-env:UserInstallation=file://{profile}",
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    pdf = outdir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise FileNotFoundError(f"LibreOffice produced no PDF for {docx_path.name}")
    return pdf


def render_pdf(plan: dict, directory: Path, stem: str = "plan", **docx_options) -> Path:
    docx_path = render_docx(plan, directory / f"{stem}.docx", **docx_options)
    return docx_to_pdf(docx_path, directory)


def render_markdown(plan: dict, path: Path) -> Path:
    """The same plan as Markdown (the shape pandoc gives a DOCX plan)."""
    lines = [
        *(f"**{line}**" for line in plan.get("issuer_lines") or [plan["issuer"]]),
        "",
        f"Số: {plan['number']}",
        "",
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
        "",
        "**Độc lập - Tự do - Hạnh phúc**",
        "",
        f"*{_date_line(plan)}*",
        "",
        f"# {plan['doc_type_label']}",
        "",
        f"**{plan['title']}**",
        "",
    ]
    lines += [f"*{basis['line']}*\n" for basis in plan["bases"]]
    lines += [plan["intro"], ""]
    for section_data in plan["sections"]:
        lines += [f"## {section_data['heading']}", ""]
        lines += [f"{text}\n" for text in section_data["paragraphs"]]
    lines += [*plan["recipients"], ""]
    signer = plan["signer"]
    lines += [f"**{signer['authority']}**", "", f"**{signer['position']}**", "", f"**{signer['name']}**", ""]
    appendix = plan.get("appendix")
    if appendix:
        lines += [
            f"## {appendix['label']}",
            "",
            f"**{appendix['title']}**",
            "",
            f"*{appendix['reference']}*",
            "",
        ]
        lines.append("| " + " | ".join(appendix["columns"]) + " |")
        lines.append("|" + "---|" * len(appendix["columns"]))
        for task in appendix["tasks"]:
            values = [
                task["stt"],
                task["task"],
                task["products"],
                "; ".join(task["lead"]),
                "; ".join(task["coordinators"]),
                task["timeframe"] or "",
            ]
            lines.append("| " + " | ".join(value.replace("|", "\\|") for value in values) + " |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def render_text(plan: dict) -> str:
    """The plan as extracted plain text: one cell or paragraph per line, the appendix
    table flattened row by row (the shape text extraction of a PDF gives)."""
    lines = [
        *(plan.get("issuer_lines") or [plan["issuer"]]),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: {plan['number']}",
        _date_line(plan),
        "",
        plan["doc_type_label"],
        plan["title"],
        "",
    ]
    lines += [basis["line"] for basis in plan["bases"]]
    lines += [plan["intro"], ""]
    for section_data in plan["sections"]:
        lines += [section_data["heading"], *section_data["paragraphs"], ""]
    signer = plan["signer"]
    lines += [*plan["recipients"], signer["authority"], signer["position"], signer["name"], ""]
    appendix = plan.get("appendix")
    if appendix:
        lines += [
            appendix["label"],
            appendix["title"],
            appendix["reference"],
            "",
            "  ".join(appendix["columns"]),
        ]
        for task in appendix["tasks"]:
            lines += [
                task["stt"],
                task["task"],
                task["products"],
                "; ".join(task["lead"]),
                "; ".join(task["coordinators"]),
                task["timeframe"] or "",
                "",
            ]
    return "\n".join(lines) + "\n"
