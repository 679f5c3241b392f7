"""The pure part of reports (no database): totals of a task table, prefilled text, the aggregate."""

from __future__ import annotations

from datetime import date

from cchc.reports import content


def _row(status, percent=0, **extra):
    return {"task": f"Nhiệm vụ {status}", "role": "lead", "status": status, "percent": percent, **extra}


def test_totals_count_statuses_products_and_evidence():
    rows = [
        _row(
            "done", 100, deliverables={"news": 3}, targets={"news": 5}, evidence=[{"title": "a", "url": "u"}]
        ),
        _row("late", 40, deliverables={"news": 1, "training": 2}, participants={"training": 80}),
        {**_row("not_started"), "role": "coordinator"},
    ]
    totals = content.task_totals(rows)
    assert (totals["tasks"], totals["lead"], totals["coordinator"], totals["done"]) == (3, 2, 1, 1)
    assert totals["completion_rate"] == 33.3 and totals["average_percent"] == 46.7
    assert totals["deliverables"] == {"news": 4, "training": 2} and totals["targets"] == {"news": 5}
    assert totals["participants"] == {"training": 80} and totals["evidence"] == 1
    assert content.task_totals([])["completion_rate"] is None


def test_rates_and_counts_read_as_vietnamese():
    assert (
        content.format_rate(33.3) == "33,3%"
        and content.format_rate(50.0) == "50%"
        and content.format_rate(None) == "—"
    )
    assert (
        content.counts_text({"reportage": 2, "news": 10}, {"news": 12})
        == "10 tin, bài (chỉ tiêu 12); 2 phóng sự"
    )


def test_the_prefill_names_the_troubled_tasks_and_their_reasons():
    rows = [_row("failed", 0, reason="Không có kinh phí"), _row("done", 100, note="Đã xong")]
    text = content.prefill_narrative(
        rows, content.task_totals(rows), unit_name="Sở A", period_label="quý I năm 2024"
    )
    assert text["achievements"].startswith("Quý I năm 2024, Sở A được giao 2 nhiệm vụ")
    assert "- Nhiệm vụ done: Đã xong" in text["achievements"]
    assert text["shortcomings"] == "- Nhiệm vụ failed: Không thực hiện được (0%)."
    assert text["causes"] == "- Nhiệm vụ failed: Không có kinh phí"
    assert "Nhiệm vụ failed" in text["directions"] and text["recommendations"] == ""


def test_the_aggregate_sorts_units_into_standings():
    totals = content.task_totals([_row("done", 100, deliverables={"news": 2})])
    units = [
        {"id": 1, "name": "B đúng hạn", "submitted_on": date(2024, 6, 20), "totals": totals},
        {"id": 2, "name": "A muộn", "submitted_on": date(2024, 6, 21), "totals": totals},
        {"id": 3, "name": "C trả lại", "returned": True},
        {"id": 4, "name": "D đang soạn", "has_draft": True},
        {"id": 5, "name": "E chưa"},
    ]
    data = content.build_aggregate(
        period={"code": "2024-H1", "label_vi": "6 tháng đầu năm 2024"},
        scope="toàn tỉnh",
        units=units,
        today=date(2024, 6, 19),
        deadline=date(2024, 6, 20),
    )
    assert [u["standing"] for u in data["units"]] == ["late", "on_time", "returned", "draft", "missing"]
    assert data["on_time"] == ["B đúng hạn"] and data["late"] == ["A muộn"]
    assert data["not_reported"] == ["C trả lại", "D đang soạn", "E chưa"] and not data["overdue"]
    assert (data["tasks"], data["done"], data["completion_rate"]) == (2, 2, 100.0)
    assert data["deliverables"] == {"news": 4}
    assert data["highlights"][0].startswith("2 đơn vị hoàn thành 100% nhiệm vụ")
    text = content.aggregate_narrative(data)
    assert "2/5 cơ quan, đơn vị đã gửi báo cáo (1 đúng hạn, 1 gửi muộn)" in text["achievements"]
    assert "Còn 3 cơ quan, đơn vị chưa gửi báo cáo" in text["shortcomings"]
