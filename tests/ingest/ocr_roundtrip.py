"""Test helper: how much of a plan's structure comes back from a parse, as a share of the
items compared (header fields, basis numbers, section headings, task cells)."""

from __future__ import annotations

TASK_FIELDS = ("stt", "task", "products", "lead", "coordinators", "timeframe")


def expected_items(plan: dict) -> dict[str, object]:
    day, month, year = plan["date"]
    items: dict[str, object] = {
        "number": plan["number"],
        "issuer": plan["issuer_full"],
        "issue_date": f"{year:04d}-{month:02d}-{day:02d}",
        "place": plan["place"],
        "title": plan["title"],
        "plan_year": year,
    }
    for index, basis in enumerate(plan["bases"]):
        items[f"basis {index}"] = basis["number"]
    for index, section in enumerate(plan["sections"]):
        items[f"section {index}"] = section["heading"]
    for index, task in enumerate(plan["appendix"]["tasks"]):
        for field in TASK_FIELDS:
            items[f"task {index} {field}"] = task[field]
    return items


def parsed_items(document) -> dict[str, object]:
    items: dict[str, object] = {
        "number": document.number,
        "issuer": document.issuer,
        "issue_date": document.issue_date,
        "place": document.place,
        "title": document.title,
        "plan_year": document.plan_year,
    }
    bases = [basis.number for basis in document.legal_bases if basis.role == "basis"]
    for index, number in enumerate(bases):
        items[f"basis {index}"] = number
    for index, heading in enumerate(document.to_dict()["sections"]):
        items[f"section {index}"] = heading
    for index, task in enumerate(document.tasks):
        for field in TASK_FIELDS:
            items[f"task {index} {field}"] = getattr(task, field)
    return items


def structure_recovered(plan: dict, document) -> tuple[float, list[str]]:
    """The share of expected items parsed back exactly, and the keys that differ."""
    expected = expected_items(plan)
    got = parsed_items(document)
    wrong = [key for key, value in expected.items() if got.get(key) != value]
    return 1 - len(wrong) / len(expected), wrong
