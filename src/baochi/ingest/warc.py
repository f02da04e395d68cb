"""WARC and WARC.gz files (FastWARC) -> one ``html`` Document per HTML response record.

Records are streamed: one payload in memory at a time. ``source_offset`` is the byte offset of the
record in the (compressed) file, so a record can be read again with ``fastwarc`` seeking there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC

from baochi.errors import InputError
from baochi.ingest.html import MAX_PAGE_BYTES
from baochi.ingest.options import ReadOptions
from baochi.model import Document

# Payload types worth extracting; everything else in a crawl (images, CSS, JSON APIs) is skipped.
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Every HTML response record of a WARC file, with URL, fetch date and HTTP charset."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:  # pragma: no cover - fastwarc is in the `all` extra
        on_error(InputError(path, "reading WARC needs fastwarc: pip install 'baochi[all]'"))
        return
    try:
        records = ArchiveIterator(
            path,
            record_types=WarcRecordType.response,
            parse_http=True,
            max_content_length=MAX_PAGE_BYTES,
            fsspec_args=False,
        )
        for rec in records:
            ctype = (rec.http_content_type or "").lower()
            if ctype and not ctype.startswith(_HTML_TYPES):
                continue
            try:
                data = rec.reader.read()
            except OSError as err:  # a truncated gzip member: report it, keep what came before
                on_error(InputError(f"{path}@{rec.stream_pos}", f"cannot read record: {err}"))
                return
            if not data.strip():
                continue
            meta: dict[str, object] = {"warc_record_id": rec.record_id}
            if rec.http_charset:
                meta["http_charset"] = rec.http_charset
            if ctype:
                meta["content_type"] = rec.http_content_type
            if options.encoding:
                meta["encoding"] = options.encoding
            date = rec.record_date
            fetched = None
            if date is not None:
                fetched = (date if date.tzinfo else date.replace(tzinfo=UTC)).isoformat()
            yield Document(
                source=path,
                source_offset=rec.stream_pos,
                data=data,
                kind="html",
                url=rec.headers.get("WARC-Target-URI"),
                fetched_at=fetched,
                meta=meta,
            )
    except OSError as err:
        on_error(InputError(path, f"cannot read WARC: {err}"))
