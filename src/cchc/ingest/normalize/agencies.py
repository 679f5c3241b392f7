"""Agency cells: "Sở Nội vụ, Sở Thông tin và Truyền thông; Báo X" -> a list of names.

Rules (../shared/corpus/truth/README.md): always split on ";"; split on "," only
where the comma separates two complete, distinct named agencies; keep group
phrases ("Các sở, ban, ngành tỉnh", "UBND cấp huyện, cấp xã"), names with
commas and "unit, parent body" names whole; never split on "và" or "-"."""

from __future__ import annotations

import re

from cchc.ingest.model import AgencyRef
from cchc.ingest.text import collapse

# Words that open the name of an agency (capitalised, as printed in a cell).
AGENCY_HEADS = (
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "HĐND",
    "Hội đồng",
    "Sở",
    "Ban",
    "Báo",
    "Đài",
    "Trung tâm",
    "Văn phòng",
    "Phòng",
    "Chi cục",
    "Cục",
    "Tổng cục",
    "Bộ",
    "Thanh tra",
    "Công an",
    "Bộ Chỉ huy",
    "Kho bạc",
    "Bưu điện",
    "Hội",
    "Liên đoàn",
    "Đoàn",
    "Tỉnh đoàn",
    "Huyện đoàn",
    "Thành đoàn",
    "Mặt trận",
    "MTTQ",
    "Viện",
    "Trường",
    "Bệnh viện",
    "Cổng",
    "Tòa án",
    "Viện kiểm sát",
    "Cơ quan",
    "Đơn vị",
    "Tổ",
    "Bộ phận",
    "Chủ tịch",
    "Lãnh đạo",
    "Thủ trưởng",
    "Giám đốc",
    "Trưởng",
    "Hạt",
    "Đội",
    "Trạm",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Huyện ủy",
    "Thành ủy",
    "Đảng ủy",
    "Các",
    "Công ty",
    "Ngân hàng",
    "Quỹ",
    "Học viện",
    "Tập đoàn",
    "Tổng công ty",
    "Chi nhánh",
    "Viettel",
    "VNPT",
    "Cảng vụ",
)
# Units that belong to a parent body named after a comma ("Trung tâm X, Văn phòng UBND tỉnh").
SUBUNIT_HEADS = (
    "Trung tâm",
    "Phòng",
    "Chi cục",
    "Đội",
    "Trạm",
    "Bộ phận",
    "Hạt",
    "Tổ",
    "Ban quản lý",
    "Cổng",
)
PARENT_HEADS = (
    "Văn phòng UBND",
    "Văn phòng Ủy ban",
    "Văn phòng HĐND",
    "Sở",
    "UBND",
    "Ủy ban",
    "Bộ",
    "Cục",
    "Tổng cục",
    "Ban",
)
GROUP_HEADS = ("Các", "các", "Toàn thể", "Tất cả")

# Head words that also open ordinary phrases ("Báo cáo", "Tổ chức", "Hội nghị") are not agencies there.
_NOT_AGENCY = re.compile(
    r"^(?:Báo cáo|Hội nghị|Hội thảo|Hội thi|Tổ chức|Trường hợp|Ban hành|Phòng chống|Phòng, chống|Bộ hồ sơ|Bộ thủ tục|"
    r"Bộ TTHC|Bộ tài liệu|Bộ câu hỏi|Bộ phận một cửa|Đoàn kết|Cổng Dịch vụ|Cổng dịch vụ|Các tin|Các bài|Các sản phẩm|"
    r"Các tài liệu|Các văn bản|Các báo cáo|Các quyết định|Các Quyết định|Các lớp|Các cuộc|Các hội|Các chương trình|Các hình thức|"
    r"Các ấn phẩm|Các bộ|Các nội dung|Các chuyên)\b"
)
_HEAD_ONLY = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in sorted(AGENCY_HEADS, key=len, reverse=True)) + r")(?![\wÀ-ỹ])"
)


class _HeadMatcher:
    @staticmethod
    def match(text: str):
        if _NOT_AGENCY.match(text):
            return None
        return _HEAD_ONLY.match(text)


_HEAD_RE = _HeadMatcher()
_LOWER_GROUP_RE = re.compile(r"^các\s+\S")


def starts_with_agency(text: str) -> bool:
    return bool(_HEAD_RE.match(text.strip(" -–•+")))


def _head_in(text: str, heads: tuple[str, ...]) -> bool:
    return any(text == head or text.startswith(head + " ") for head in heads)


def _comma_parts(part: str) -> list[str]:
    pieces = [p.strip() for p in part.split(",")]
    merged: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if not merged:
            merged.append(piece)
            continue
        previous = merged[-1]
        opens_agency = bool(_HEAD_RE.match(piece)) and len(piece.split()) >= 2
        opens_group = bool(_LOWER_GROUP_RE.match(piece)) and len(previous.split()) >= 2
        parent_of_previous = (
            _head_in(previous, SUBUNIT_HEADS)
            and _head_in(piece, PARENT_HEADS)
            and not _head_in(previous, GROUP_HEADS)
        )
        if (opens_agency or opens_group) and not parent_of_previous and len(previous.split()) >= 2:
            merged.append(piece)
        else:
            merged[-1] = previous + ", " + piece
    return merged


def split_agencies(cell: str | None) -> list[str]:
    if not cell:
        return []
    text = collapse(cell.replace("\n", " "))
    out: list[str] = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        for name in _comma_parts(part):
            name = name.strip().strip(" .;,:").strip()
            name = re.sub(r"^[-–•+]\s*", "", name)
            if name:
                out.append(name)
    return out


def is_group_phrase(name: str) -> bool:
    return name.split(" ", 1)[0] in GROUP_HEADS or "," in name and not _head_in(name, SUBUNIT_HEADS)


def agency_refs(
    names: list[str], resolver=None, on: str | None = None, issuer: str | None = None
) -> list[AgencyRef]:
    refs = []
    for name in names:
        ref = AgencyRef(raw=name, is_group=is_group_phrase(name))
        if resolver is not None:
            try:
                units = list(resolver(name, on=on, issuer=issuer) or [])
            except Exception as exc:  # a registry failure must not lose the parse
                units = [{"error": str(exc)}]
            ref.units = units
            scores = [
                u.get("score")
                for u in units
                if isinstance(u, dict) and isinstance(u.get("score"), int | float)
            ]
            ref.confidence = max(scores) if scores else None
        refs.append(ref)
    return refs
