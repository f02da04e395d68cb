from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baochi.errors import StoreError
from baochi.model import Article, Byline, Dateline, Document, Entity, Outlet
from baochi.store import Store
from baochi.store.migrations import MIGRATIONS, Migration, current_version, latest_version, migrate

ROOT = Path(__file__).resolve().parents[2]


def _doc(source: str, data: bytes, offset: int | None = None) -> Document:
    return Document(source=source, data=data, kind="text", source_offset=offset)


def _article(id_: str, source: str, title: str = "Đảng bộ Bến Tre", body: str = "Nội dung") -> Article:
    return Article(
        id=id_,
        source=source,
        title=title,
        lead="Ngày 19-4-2021, Ban Chấp hành Đảng bộ TP. Bến Tre",
        body=[body],
        outlet=Outlet(name="Báo Đồng Khởi", domain="baodongkhoi.vn"),
        published_at="2021-04-19T14:06:00+07:00",
    )


def _fts_ids(store: Store, term: str) -> set[str]:
    rows = store.conn.execute(
        "SELECT a.id FROM search_text JOIN articles a ON a.num = search_text.rowid WHERE search_text MATCH ?",
        (f'"{term}"',),
    )
    return {r[0] for r in rows}


def test_store_creates_schema_at_latest_version(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        assert store.version == latest_version()
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.integrity() == []


def test_store_same_input_twice_adds_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        doc = _doc("a.txt", b"raw bytes")
        assert store.document_status(doc).status == "new"
        assert store.put(_article("a1", "a.txt"), doc) == "new"
        assert store.document_status(doc).status == "unchanged"
        assert store.document_status(_doc("copy/a.txt", b"raw bytes")).status == "duplicate"
        assert store.put(_article("a1", "a.txt"), doc) == "updated"
        assert (store.count("articles"), store.count("documents")) == (1, 1)
        assert store.integrity() == []


def test_store_changed_input_updates_record_and_index(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        store.put(_article("old", "a.txt", body="quả cam"), _doc("a.txt", b"v1"))
        assert _fts_ids(store, "cam") == {"old"}
        changed = _doc("a.txt", b"v2")
        assert store.document_status(changed).status == "changed"
        # a content-derived id changes with the content: the old record must go
        store.put(_article("new", "a.txt", body="quả táo"), changed)
        assert store.get("old") is None
        assert store.get("new") is not None
        assert _fts_ids(store, "cam") == set()
        assert _fts_ids(store, "tao") == {"new"}
        assert (store.count("articles"), store.count("documents")) == (1, 1)
        stored = store.get_document("new")
        assert stored is not None and stored.data == b"v2"
        assert store.integrity() == []


def test_store_update_same_id_replaces_index_terms(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        store.put(_article("a1", "a.txt", title="Quả cam"), _doc("a.txt", b"v1"))
        store.put(_article("a1", "a.txt", title="Quả táo"), _doc("a.txt", b"v2"))
        assert _fts_ids(store, "cam") == set()
        assert _fts_ids(store, "tao") == {"a1"}


def test_store_keeps_raw_bytes_and_offsets(tmp_path: Path) -> None:
    data = "Bến Tre\n".encode("utf-16") * 50
    with Store(tmp_path / "x.db") as store:
        store.put(_article("a1", "d.jsonl"), _doc("d.jsonl", data, offset=7))
        doc = store.get_document("a1")
        assert doc is not None
        assert (doc.data, doc.source_offset, doc.source) == (data, 7, "d.jsonl")
        size, stored = store.conn.execute("SELECT size, length(data) FROM documents").fetchone()
        assert size == len(data) and stored < size


def test_store_get_by_unique_prefix(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        store.put(_article("abcdef0123", "a"))
        store.put(_article("abcdef9999", "b"))
        assert store.get("abcdef01") is not None
        assert store.get("abcdef") is None  # ambiguous
        assert store.get("zzzzzzzz") is None


def test_store_stats_counts(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        store.put(_article("a1", "a"))
        b = _article("a2", "b")
        b.page_type, b.outlet, b.published_at = "list", None, None
        store.put(b)
        stats = store.stats()
    assert stats["articles"] == 2
    assert stats["by_page_type"] == {"article": 1, "list": 1}
    assert stats["by_outlet"] == {"Báo Đồng Khởi": 1, "(unknown)": 1}
    assert stats["by_month"] == {"2021-04": 1, "(undated)": 1}


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO schema_migrations VALUES (?, 'from the future', 'now')", (latest_version() + 1,)
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        Store(path)


def test_store_search_commands_do_not_create_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_store_new_migration_is_applied_once(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    extra = [*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "clusters", "CREATE TABLE clusters (id TEXT);")]
    assert migrate(conn, extra) == len(extra)
    assert migrate(conn, extra) == len(extra)
    assert current_version(conn) == len(extra)
    # an older baochi (without the new migration) refuses the upgraded database
    with pytest.raises(StoreError, match="newer"):
        migrate(conn)


def test_store_failed_migration_leaves_previous_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    bad = [*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "bad", "CREATE TABLE t (a);\nSELECT * FROM nowhere;")]
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, bad)
    assert current_version(conn) == len(MIGRATIONS)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 't'").fetchone()[0] == 0


def test_store_migrations_must_be_numbered_in_order(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    with pytest.raises(StoreError, match="numbered"):
        migrate(conn, [*MIGRATIONS, Migration(len(MIGRATIONS) + 2, "gap", "SELECT 1;")])


def test_store_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.put(_article("a1", "a"), _doc("a", b"x"))
            raise RuntimeError("crash inside a batch")
        assert store.count("articles") == 0 and store.count("documents") == 0
        assert store.integrity() == []


_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_articles = st.builds(
    Article,
    id=st.text(alphabet="0123456789abcdef", min_size=8, max_size=20),
    source=_texts,
    source_offset=st.one_of(st.none(), st.integers(0, 10**6)),
    page_type=st.sampled_from(["article", "list", "other"]),
    url=st.one_of(st.none(), _texts),
    outlet=st.one_of(st.none(), st.builds(Outlet, name=_texts, domain=st.one_of(st.none(), _texts))),
    title=st.one_of(st.none(), _texts),
    published_at=st.one_of(st.none(), st.sampled_from(["2021-04-19", "2021-04-19T14:06:00+07:00"])),
    dateline=st.one_of(st.none(), st.builds(Dateline, prefix=_texts, place=st.none(), date=st.none())),
    lead=st.one_of(st.none(), _texts),
    body=st.lists(_texts, max_size=4),
    captions=st.lists(_texts, max_size=2),
    authors=st.lists(_texts, max_size=2),
    byline=st.one_of(
        st.none(), st.builds(Byline, raw=_texts, roles=st.lists(st.sampled_from(["text", "photo"])))
    ),
    similarity=st.one_of(st.none(), st.floats(0, 1)),
    entities=st.lists(st.builds(Entity, text=_texts, start=st.integers(0, 100)), max_size=2),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(article=_articles)
def test_store_round_trips_records_through_json_and_store(tmp_path: Path, article: Article) -> None:
    assert Article.from_dict(json.loads(json.dumps(article.to_dict()))) == article
    with Store(tmp_path / "rt.db") as store:
        store.put(article)
        assert store.get(article.id) == article
        store.put(article)  # updating with the same record keeps the index consistent
        assert store.integrity() == []


_WRITER = """
import sys
from baochi.model import Article, Document
from baochi.store import Store

store = Store(sys.argv[1])
i = 0
while True:
    with store.transaction():
        for _ in range(50):
            doc = Document(source=f"doc{i}.txt", data=f"raw {i}".encode() * 20, kind="text")
            store.put(Article(id=f"id{i:08d}", source=doc.source, title=f"Bài số {i} Bến Tre",
                              body=["Đảng bộ " * 50]), doc)
            i += 1
    print(i, flush=True)
"""


def test_store_kill_during_ingest_leaves_consistent_database(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 400 and time.monotonic() < deadline:
        committed = int(proc.stdout.readline() or 0)
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of a later batch
    proc.wait()
    assert committed >= 400
    with Store(path) as store:
        assert store.integrity() == []
        n = store.count("articles")
        assert n >= committed and n % 50 == 0  # whole batches only
        assert store.count("documents") == n
        hits = store.conn.execute("SELECT count(*) FROM search_text WHERE search_text MATCH 'dang'")
        assert hits.fetchone()[0] == n
        # the database still takes writes
        store.put(Article(id="after", source="after.txt"), _doc("after.txt", b"after"))
        assert store.count("articles") == n + 1


def test_store_opens_for_reading_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store(path) as writer:
        writer.put(_article("a1", "a"))
        with writer.transaction():
            writer.put(_article("a2", "b"))
            start = time.monotonic()
            with Store(path, create=False) as reader:
                assert reader.count() == 1  # sees the last commit, not the batch in flight
            assert time.monotonic() - start < 5
