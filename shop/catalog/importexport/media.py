"""Files an import writes to media storage, removed again when its transaction fails.

A database rollback takes back the image rows but not the files saved for them; those
would stay in storage with nothing pointing at them. The import records each file it
causes to be written and deletes them all if the transaction does not commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


class MediaJournal:
    """The storage names written during one transaction, in order."""

    def __init__(self) -> None:
        self.written: list[tuple[Storage, str]] = []
        # Images stored or reused during the import, by content.
        self.images: dict[bytes, object] = {}

    def add(self, field_file: FieldFile) -> None:
        self.written.append((field_file.storage, field_file.name))

    def delete_all(self) -> None:
        for storage, name in reversed(self.written):
            try:
                storage.delete(name)
            except Exception:
                # Keep going and let the original error through; an orphan is logged.
                logger.exception("Could not delete %s after a failed import.", name)
        self.written.clear()


@contextmanager
def media_discarded_on_error() -> Iterator[MediaJournal]:
    """Yield a journal; if the block raises, delete every file recorded in it.

    Wrap it around ``transaction.atomic()`` (``with media_discarded_on_error() as
    media, transaction.atomic(durable=True):``) so the rollback happens first and any
    error, also one at commit, deletes the files.
    """
    journal = MediaJournal()
    try:
        yield journal
    except BaseException:
        journal.delete_all()
        raise
