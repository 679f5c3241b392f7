"""Writing the index: one object at a time from signals, or everything from `--reindex`.

Indexing happens inside the transaction of the change it follows, in a savepoint: a rolled
back change leaves no trace in the index, and a failure to index is logged instead of undoing
the citizen's or the officer's work (`cchc search --reindex` repairs the index afterwards).
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save

from cchc.search import text
from cchc.search.models import SearchDocument
from cchc.search.sources import SOURCES, Source, available_sources

log = logging.getLogger(__name__)


def _store(source: Source, obj) -> SearchDocument | None:
    entry = source.entry(obj)
    if entry is None:
        SearchDocument.objects.filter(kind=source.kind, object_id=obj.pk).delete()
        return None
    values = {
        "title": entry.title,
        "body": entry.body,
        "title_folded": text.index_text(entry.title),
        "body_folded": text.index_text(entry.body),
        "date": entry.date,
        "visible_from": entry.visible_from,
    }
    document, _ = SearchDocument.objects.update_or_create(kind=source.kind, object_id=obj.pk, defaults=values)
    return document


def index_object(kind: str, obj) -> SearchDocument | None:
    """Add, refresh or drop (when no longer public) the index row of `obj`."""
    try:
        with transaction.atomic():
            return _store(SOURCES[kind], obj)
    except DatabaseError:
        log.exception("search: could not index %s #%s", kind, obj.pk)
        return None


def remove_object(kind: str, object_id: int) -> None:
    try:
        with transaction.atomic():
            SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    except DatabaseError:
        log.exception("search: could not drop %s #%s from the index", kind, object_id)


@transaction.atomic
def reindex(kinds: list[str] | None = None) -> dict[str, int]:
    """Rebuild the index of `kinds` (all by default) from the data; returns rows per kind."""
    counts = {}
    for source in available_sources():
        if kinds and source.kind not in kinds:
            continue
        SearchDocument.objects.filter(kind=source.kind).delete()
        counts[source.kind] = sum(1 for obj in source.all_objects() if _store(source, obj) is not None)
    return counts


# --- keeping current --------------------------------------------------------------------------


def _saved(kind: str):
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:  # fixtures load raw rows; `--reindex` covers them
            index_object(kind, instance)

    return handler


def _deleted(kind: str):
    def handler(sender, instance, **kwargs):
        remove_object(kind, instance.pk)

    return handler


def _related_changed(kind: str, attribute: str):
    # E.g. a plan made public (portal.PublishedPlan) or a new citation of a legal document.
    def handler(sender, instance, raw=False, **kwargs):
        target = getattr(instance, attribute, None) if not raw else None
        if target is not None and target.pk is not None:
            index_object(kind, target)

    return handler


_HANDLERS: list = []  # strong references: signals keep weak ones by default


def connect_signals() -> None:
    """Called once from SearchConfig.ready()."""
    for source in available_sources():
        model = source.model_class()
        saved, deleted = _saved(source.kind), _deleted(source.kind)
        _HANDLERS.extend([saved, deleted])
        post_save.connect(saved, sender=model, dispatch_uid=f"cchc.search.saved.{source.kind}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"cchc.search.deleted.{source.kind}")
        for label, attribute in source.triggers:
            try:
                related = apps.get_model(label)
            except LookupError:
                continue
            changed = _related_changed(source.kind, attribute)
            _HANDLERS.append(changed)
            uid = f"cchc.search.{source.kind}.{label}"
            post_save.connect(changed, sender=related, dispatch_uid=f"{uid}.saved")
            post_delete.connect(changed, sender=related, dispatch_uid=f"{uid}.deleted")
