"""Word lists the table reconstruction reads as cues. General administrative
vocabulary only: nothing here names a particular plan, place or agency."""

from __future__ import annotations

import re

TIME_START = re.compile(
    r"^(?:thường xuyên|hằng năm|hàng năm|hằng quý|hàng quý|hằng tháng|hàng tháng|hằng tuần|hàng tuần|năm\s+\d{4}|năm\b|"
    r"quý\b|tháng\b|\d+\s*tháng|6 tháng|cả năm|trong năm|trong quý|trong tháng|định kỳ|theo\s+(?:kế hoạch|yêu cầu|chỉ đạo|tiến độ|quy định|lộ trình|thời gian|đợt|từng)|"
    r"trước\s+(?:ngày|tháng|quý|\d)|từ\s+(?:ngày|tháng|quý|năm|\d)|đến\s+(?:ngày|tháng|hết)|chậm nhất|khi có|đột xuất|liên tục|"
    r"hoàn thành|tuần\b|ngày\s+\d|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}/\d{4}|i{1,3}/\d{4}|iv/\d{4}|năm học|giai đoạn|đầu năm|cuối năm|giữa năm|sau khi)",
    re.IGNORECASE,
)
# Words that open a timeframe inside a line ("Sở Nội vụ Thường xuyên").
TIME_SPLIT_WORDS = (
    "Thường xuyên",
    "Hằng năm",
    "Hàng năm",
    "Hằng quý",
    "Hàng quý",
    "Hằng tháng",
    "Hàng tháng",
    "Năm 20",
    "Quý ",
    "Tháng ",
    "Cả năm",
    "Trong năm",
    "Định kỳ",
    "Trước ngày",
    "Từ tháng",
    "Đột xuất",
    "Liên tục",
)
PRODUCT_START = re.compile(
    r"^(?:[-–•+]\s*)?(?:kế hoạch|báo cáo|tin\b|tin,|tin bài|bài\b|bài viết|văn bản|hội nghị|hội thảo|tài liệu|công văn|quyết định|"
    r"chuyên mục|chuyên trang|trang thông tin|phóng sự|tờ rơi|tờ gấp|pano|panô|áp phích|sổ tay|bản tin|video|clip|ấn phẩm|"
    r"cuộc thi|lớp|đề cương|thông báo|hướng dẫn|các\s+(?:tin|bài|sản phẩm|tài liệu|báo cáo|văn bản|quyết định|lớp|cuộc|hội|chương trình|ấn phẩm|bộ)|"
    r"sản phẩm|chương trình|dữ liệu|phần mềm|hệ thống|số liệu|đăng tải|kết quả|biên bản|tổng hợp|danh sách)",
    re.IGNORECASE,
)
# Words that may not end a cell: a wrapped phrase continues after them.
DANGLING_WORDS = {
    "của",
    "và",
    "các",
    "cho",
    "về",
    "với",
    "trong",
    "tại",
    "theo",
    "để",
    "những",
    "được",
    "đến",
    "từ",
    "trên",
    "là",
    "có",
    "đối",
    "hoặc",
    "nhằm",
    "vào",
    "như",
    "do",
}
HEADER_WORDS = {
    "stt",
    "tt",
    "số",
    "thứ",
    "tự",
    "nhiệm",
    "vụ",
    "nội",
    "dung",
    "sản",
    "phẩm",
    "cơ",
    "quan",
    "chủ",
    "trì",
    "phối",
    "hợp",
    "thời",
    "gian",
    "thực",
    "hiện",
    "hạn",
    "tiến",
    "độ",
    "đơn",
    "vị",
    "kinh",
    "phí",
    "ghi",
    "chú",
    "dự",
    "kiến",
    "hoàn",
    "thành",
    "kết",
    "quả",
    "hình",
    "thức",
    "tên",
    "hoạt",
    "động",
    "công",
    "việc",
    "nguồn",
    "toán",
    "triệu",
    "đồng",
    "(triệu",
    "đồng)",
    "điểm",
    "chịu",
    "trách",
    "cấp",
    "phê",
    "duyệt",
    "|",
    "-",
    "(",
    ")",
    "tuyên",
    "truyền",
}

COLUMN_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (
        "lead",
        (
            "cơ quan chủ trì",
            "đơn vị chủ trì",
            "chủ trì",
            "cơ quan thực hiện",
            "đơn vị thực hiện",
            "cơ quan thực hiện",
            "đơn vị thực hiện",
            "chịu trách nhiệm",
        ),
    ),
    ("coord", ("cơ quan phối hợp", "đơn vị phối hợp", "phối hợp")),
    (
        "time",
        ("thời gian thực hiện", "thời gian hoàn thành", "thời gian", "thời hạn", "tiến độ", "thời điểm"),
    ),
    ("products", ("sản phẩm", "hình thức", "kết quả")),
    ("task", ("nhiệm vụ", "nội dung", "tên nhiệm vụ", "hoạt động", "công việc")),
    ("extra", ("kinh phí", "ghi chú", "dự toán", "nguồn kinh phí")),
]
STT_HEADER = re.compile(r"^(?:stt|tt|số\s*tt|số\s+thứ\s+tự)\b", re.IGNORECASE)


def header_columns(text: str) -> list[tuple[str, str]]:
    """Column kinds in the order their header words appear: [("task", "Nhiệm vụ"), ...]."""
    lowered = text.lower()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []
    for kind, words in COLUMN_KEYWORDS:
        for word in sorted(words, key=len, reverse=True):
            start = lowered.find(word)
            while start >= 0:
                end = start + len(word)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    found.append((start, kind, text[start:end]))
                    if kind != "extra":
                        break
                start = lowered.find(word, end)
            if any(k == kind for _, k, _ in found) and kind != "extra":
                break
    found.sort()
    columns: list[tuple[str, str]] = []
    for _, kind, label in found:
        if kind != "extra" and any(k == kind for k, _ in columns):
            kind = "extra"
        columns.append((kind, label))
    return columns


def is_header_line(text: str) -> bool:
    words = text.lower().replace("|", " ").split()
    return bool(words) and all(w.strip(".,:;") in HEADER_WORDS for w in words)


# Names of bodies that every province has (the standard departments and offices, the
# mass organisations) and the usual group phrases of agency cells. General administrative
# vocabulary: it lets a damaged cell be recognised from the words around a garbled one.
AGENCY_PHRASES = (
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Nông nghiệp và Môi trường",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Văn phòng HĐND tỉnh",
    "Đài Phát thanh và Truyền hình",
    "Đài Phát thanh - Truyền hình",
    "Trung tâm Phục vụ hành chính công",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Liên đoàn Lao động tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Hội Nông dân tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Kho bạc Nhà nước",
    "Cục Thuế tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Các sở, ban, ngành tỉnh",
    "Các sở, ban, ngành, đoàn thể tỉnh",
    "UBND cấp huyện, cấp xã",
    "UBND các huyện, thị xã, thành phố",
    "UBND các xã, phường, thị trấn",
    "Các cơ quan, đơn vị có liên quan",
    "Các cơ quan, đơn vị liên quan",
    "Các cơ quan, tổ chức, cá nhân có liên quan",
    "Các cơ quan báo chí",
    "Các phòng, đơn vị",
)
# Timeframe phrases, word by word ("<num>" stands for any number), for cells whose words
# a line break or the scan kept apart ("Thường" / "xuyên").
TIME_PHRASES = (
    "Thường xuyên",
    "Hằng năm",
    "Hàng năm",
    "Hằng quý",
    "Hằng tháng",
    "Định kỳ",
    "Cả năm",
    "Trong năm",
    "Liên tục",
    "Đột xuất",
    "Năm 2000",
    "Quý I",
    "Quý II",
    "Quý III",
    "Quý IV",
    "Tháng 1",
    "Trước ngày",
    "Theo kế hoạch",
    "Theo yêu cầu",
    "Theo chỉ đạo",
    "6 tháng đầu năm",
    "6 tháng cuối năm",
)
