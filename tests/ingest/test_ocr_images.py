"""The pixel work before OCR, which needs no Tesseract: ruling lines, skew, dust, the
strokes of a Roman numeral, and Tesseract's TSV output read into words."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw
from scan_images import A4_200_DPI, font, table_page, text_page

from cchc.ingest.ocr import images, layout
from cchc.ingest.ocr.tesseract import parse_tsv

TABLE = [
    ["STT", "Nhiệm vụ", "Chủ trì"],
    ["1", "Tổ chức hội thi", "Sở Nội vụ"],
    ["2", "In tờ gấp", "Sở Tư pháp"],
]
WIDTHS = [160, 520, 380]


def numeral(text: str, size: int = 40) -> Image.Image:
    """A bold serif numeral, as section headings print them, cropped to its ink."""
    page = Image.new("L", (size * 6, size * 2), 255)
    ImageDraw.Draw(page).text((10, 10), text, font=font(size, bold=True), fill=0)
    return page.crop(images.ink_box(page))


def test_it_finds_the_ruling_lines_of_a_drawn_table():
    rules = images.find_rules(table_page("PHỤ LỤC", TABLE, WIDTHS))
    assert sum(rule.horizontal for rule in rules) == len(TABLE) + 1
    assert sum(not rule.horizontal for rule in rules) == len(WIDTHS) + 1


def test_it_turns_the_ruling_lines_into_one_grid_of_cells():
    rules = images.find_rules(table_page("PHỤ LỤC", TABLE, WIDTHS))
    tables = layout.ruled_table_cells(rules, layout.grid_tolerance(200))
    assert len(tables) == 1
    assert len(tables[0]) == len(TABLE) * len(WIDTHS)


def test_it_finds_no_ruling_lines_in_plain_text():
    assert images.find_rules(text_page(["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2031"])) == []


def test_it_measures_the_tilt_of_a_skewed_page():
    page = text_page(["Tuyên truyền cải cách hành chính năm 2031"] * 12)
    _, tilt = images.deskew(page.rotate(-1.75, expand=True, fillcolor=255))
    assert abs(tilt - -1.75) <= 0.25


def test_it_leaves_a_level_page_as_it_is():
    page = text_page(["Tuyên truyền cải cách hành chính năm 2031"] * 12)
    straight, tilt = images.deskew(page)
    assert tilt == 0.0
    assert straight is page


def test_it_removes_dust_from_a_dusty_page_only():
    clean = text_page(["Kế hoạch tuyên truyền"] * 8)
    assert images.despeckle(clean) == (clean, False)
    dusty = clean.copy()
    pixels = dusty.load()
    specks = random.Random(3)
    for _ in range(20_000):
        pixels[specks.randrange(A4_200_DPI[0]), specks.randrange(A4_200_DPI[1])] = 0
    cleaned, was_dusty = images.despeckle(dusty)
    assert was_dusty
    assert sum(cleaned.histogram()[:128]) < sum(dusty.histogram()[:128]) - 15_000


def test_it_counts_the_strokes_of_roman_numerals():
    assert images.leading_stems(numeral("I.")) == 1
    assert images.leading_stems(numeral("II.")) == 2
    assert images.leading_stems(numeral("III.")) == 3
    assert images.leading_stems(numeral("III/2031")) == 3
    assert images.leading_stems(numeral("IV")) == 1


def test_it_puts_back_an_i_the_recogniser_dropped():
    image = numeral("III.")
    word = parse_tsv(
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        f"5\t1\t1\t1\t1\t1\t0\t0\t{image.width}\t{image.height}\t9.8\tII.\n"
    )
    assert [w.text for w in layout.fix_roman_numerals(word, image)] == ["III."]


def test_it_reads_words_boxes_and_confidences_from_tsv():
    words = parse_tsv(
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n"
        "5\t1\t2\t1\t3\t1\t100\t200\t50\t30\t96.5\tKế\n"
        "5\t1\t2\t1\t3\t2\t160\t200\t80\t30\t91.0\thoạch\n"
        "5\t1\t2\t1\t3\t3\t250\t200\t10\t30\t95.0\t \n"
    )
    assert [(w.text, w.confidence, w.left, w.right, w.line) for w in words] == [
        ("Kế", 96.5, 100, 150, 3),
        ("hoạch", 91.0, 160, 240, 3),
    ]


def test_it_drops_doubtful_specks_but_keeps_a_confident_bullet():
    words = parse_tsv(
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "5\t1\t1\t1\t1\t1\t10\t10\t5\t5\t31.0\t.\n"
        "5\t1\t1\t1\t2\t1\t10\t40\t9\t3\t93.0\t-\n"
        "5\t1\t1\t1\t2\t2\t30\t30\t60\t20\t95.0\tGiúp\n"
    )
    assert [w.text for w in layout.drop_specks(words)] == ["-", "Giúp"]
