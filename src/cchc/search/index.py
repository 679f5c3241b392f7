"""Writing the index: one object at a time from signals, or everything from `--reindex`.

Indexing happens inside the transaction of the change it follows, in a savepoint: a rolled
back change leaves no trace in the index, and a failure to index is logged instead of undoing
the citizen's or the officer's work (`cchc search --reindex` repairs the index afterwards).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save

from cchc.search import cache, text
from cchc.search.models import SearchDocument
from cchc.search.sources import SOURCES, Source, available_sources

log = logging.getLogger(__name__)


def _values(source: Source, obj) -> dict | None:
    entry = source.entry(obj)
    if entry is None:
        return None
    return {
        "title": entry.title,
        "body": entry.body,
        "title_folded": text.index_text(entry.title),
        "body_folded": text.index_text(entry.body),
        "date": entry.date,
        "visible_from": entry.visible_from,
    }


def _store(source: Source, obj) -> SearchDocument | None:
    values = _values(source, obj)
    if values is None:
        _drop(source.kind, obj.pk)
        return None
    document, _ = SearchDocument.objects.update_or_create(kind=source.kind, object_id=obj.pk, defaults=values)
    cache.index_changed()
    return document


def _drop(kind: str, object_id) -> None:
    deleted, _rows = SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    if deleted:  # a draft saved again changes nothing that anyone can find
        cache.index_changed()


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
            _drop(kind, object_id)
    except DatabaseError:
        log.exception("search: could not drop %s #%s from the index", kind, object_id)


REINDEX_BATCH = 500


@transaction.atomic
def reindex(
    kinds: list[str] | None = None, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Rebuild the index of `kinds` (all by default) from the data; returns rows per kind.
    `progress(kind, done, total)` is called before each kind, every REINDEX_BATCH objects and
    at the end of each kind. Rows are written REINDEX_BATCH at a time; the whole rebuild is
    one transaction, so searches see the old index until it is done."""
    cache.index_changed()
    counts = {}
    for source in available_sources():
        if kinds and source.kind not in kinds:
            continue
        SearchDocument.objects.filter(kind=source.kind).delete()
        objects = source.all_objects()
        total = objects.count() if hasattr(objects, "count") and hasattr(objects, "iterator") else None
        if total is None:
            objects = list(objects)
            total = len(objects)
        else:
            objects = objects.iterator(chunk_size=REINDEX_BATCH)
        if progress:
            progress(source.kind, 0, total)
        done, stored, batch = 0, 0, []
        for obj in objects:
            values = _values(source, obj)
            if values is not None:
                batch.append(SearchDocument(kind=source.kind, object_id=obj.pk, **values))
            done += 1
            if len(batch) >= REINDEX_BATCH:
                SearchDocument.objects.bulk_create(batch)
                stored, batch = stored + len(batch), []
            if progress and done % REINDEX_BATCH == 0 and done < total:
                progress(source.kind, done, total)
        SearchDocument.objects.bulk_create(batch)
        counts[source.kind] = stored + len(batch)
        if progress:
            progress(source.kind, done, total)
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


def _related_changed(kind: str, targets):
    # E.g. a plan made public (portal.PublishedPlan): the plan, and the legal documents it
    # cites, appear in (or leave) the index; a new citation of a legal document.
    def handler(sender, instance, raw=False, **kwargs):
        if raw:
            return
        if callable(targets):
            try:
                with transaction.atomic():
                    found = list(targets(instance))
            except DatabaseError:
                log.exception(
                    "search: could not find the %s entries %s #%s touches", kind, sender, instance.pk
                )
                return
        else:
            target = getattr(instance, targets, None)
            found = [target] if target is not None else []
        for target in found:
            if target.pk is not None:
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
        for label, targets in source.triggers:
            try:
                related = apps.get_model(label)
            except LookupError:
                continue
            changed = _related_changed(source.kind, targets)
            _HANDLERS.append(changed)
            uid = f"cchc.search.{source.kind}.{label}"
            post_save.connect(changed, sender=related, dispatch_uid=f"{uid}.saved")
            post_delete.connect(changed, sender=related, dispatch_uid=f"{uid}.deleted")
