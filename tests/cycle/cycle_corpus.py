"""Builders shared by the reporting-cycle tests: the shipped Hưng Yên registry, real corpus plans
imported and confirmed through the plans services, and officers of two real departments.

A module of its own (conftest.py files are not importable by name when several exist)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

SHARED_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

# A tiny but well-formed PDF: the evidence check sniffs the leading bytes.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def corpus(prefix: str) -> tuple[bytes, dict, str]:
    [doc] = sorted((SHARED_CORPUS / "docs").glob(f"{prefix}_*.txt"))
    [truth] = sorted((SHARED_CORPUS / "truth").glob(f"{prefix}_*.json"))
    return doc.read_bytes(), json.loads(truth.read_text(encoding="utf-8")), doc.name


def load_registry() -> None:
    from cchc.orgs.resolve import invalidate_index
    from cchc.orgs.services import load_shipped_registry

    load_shipped_registry()
    invalidate_index()


def import_corpus_plan(prefix: str, actor, capture, corrections: dict | None = None):
    """Upload the corpus document, let its parse job run, apply the reviewer's corrections (the
    fields of the review screen) and confirm it; confirming queues the assignments job, which
    runs at the commit captured here."""
    from cchc.plans.services import import_confirm, import_create, import_update_review

    payload, _truth, name = corpus(prefix)
    with capture(execute=True):
        [item] = import_create(
            files=[SimpleUploadedFile(name, payload, content_type="text/plain")], actor=actor, unit=actor.unit
        )
    item.refresh_from_db()
    if corrections:
        item = import_update_review(item=item, data=corrections, actor=actor)
    with capture(execute=True):
        plan = import_confirm(item=item, actor=actor)
    plan.refresh_from_db()
    return plan


def reviewed_003() -> dict:
    """Corpus 003 is a bad OCR scan: the reviewer types in its number, day and task table."""
    _payload, truth, _name = corpus("003")
    tasks = [
        {k: t.get(k) for k in ("stt", "task", "products", "lead", "coordinators")}
        | {"timeframe": t.get("timeframe") or ""}
        for t in truth["tasks"]
    ]
    return {
        "number": truth["number_reconstructed"],
        "issue_date": truth["issue_date_reconstructed"],
        "tasks": tasks,
    }


def officer(code: str, username: str, full_name: str, password: str, role: str = "unit_officer"):
    from django.contrib.auth import get_user_model

    from cchc.orgs.models import Unit

    return get_user_model().objects.create_user(
        username=username,
        password=password,
        role=role,
        unit=Unit.objects.get(code=code),
        full_name=full_name,
        email=f"{username}@hungyen.gov.vn",
    )


def pdf_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
