"""The store's story clusters against the batch: any order of ingests, re-ingests and removals ends with
the clusters ``BatchDeduplicator`` gives on the records present, and ``rebuild`` leaves the same store."""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baochi.dedup.batch import BatchDeduplicator, DedupParams, pair_verdict
from baochi.dedup.minhash import sentence_band_hashes
from baochi.dedup.text import article_text, sentence_syllables
from baochi.model import Article
from baochi.store import Store
from dedup_texts import FAIR as _FAIR

# Hand-made stories. X (rain) and Y (exams) are different news; the brief copies three sentences of each
# (as strongly: a tie broken by id), and its second version only Y's; xcopy is X word for word, xedit a
# light edit of three of its sentences. X's second version is another story (interest rates) that u2
# copies in part. u1 and u2 have the same canonical URL (mobile host, tracking parameter) but different
# texts. w1..w4 are windows of 4 sentences of one 7-sentence report sliding by one: neighbours copy
# each other, w1 and w4 share one sentence (a chain w1 ~ w2 ~ w3 ~ w4 with w1 !~ w4). fa and fc are one
# report edited apart (duplicates, but they share fewer than 2 LSH buckets), fb takes fa's first sentence
# and fc's second, so only fb links them.
_X = [
    "Mưa lớn kéo dài suốt ba ngày qua khiến nhiều tuyến đường ở tỉnh Quảng Nam bị ngập sâu.",
    "Hàng trăm hộ dân ở huyện Đại Lộc đã phải sơ tán đến nơi an toàn trong đêm.",
    "Chính quyền địa phương huy động lực lượng quân đội hỗ trợ người dân di dời tài sản.",
    "Nhiều trường học phải cho học sinh nghỉ vì nước lũ dâng cao tràn vào sân trường.",
]
_X_EDIT = [
    "Mưa to kéo dài liên tục ba ngày qua làm nhiều tuyến đường ở Quảng Nam bị ngập nặng.",
    "Hàng trăm hộ dân ở huyện Đại Lộc đã phải sơ tán tới nơi an toàn ngay trong đêm qua.",
    "Chính quyền địa phương huy động lực lượng quân đội giúp người dân di dời tài sản.",
]
_Y = [
    "Bộ Giáo dục vừa công bố lịch thi tốt nghiệp trung học phổ thông năm nay với nhiều điểm mới.",
    "Thí sinh sẽ làm bài thi trên giấy tại các điểm thi do sở giáo dục tổ chức như mọi năm.",
    "Kết quả thi dự kiến được công bố vào cuối tháng bảy để các trường đại học xét tuyển.",
    "Năm nay số thí sinh đăng ký dự thi tăng khoảng năm phần trăm so với năm trước.",
]
_W = [
    "Giá xăng trong nước được điều chỉnh tăng nhẹ từ ba giờ chiều nay theo quyết định của liên bộ.",
    "Mỗi lít xăng sinh học tăng thêm khoảng hai trăm đồng so với kỳ điều chỉnh trước đó.",
    "Giá dầu diesel giữ nguyên trong khi giá dầu hỏa giảm nhẹ khoảng một trăm đồng mỗi lít.",
    "Liên bộ quyết định không trích lập quỹ bình ổn giá đối với các mặt hàng xăng dầu.",
    "Các doanh nghiệp đầu mối phải bảo đảm nguồn cung cho thị trường trong mọi tình huống.",
    "Giá dầu thế giới tuần qua biến động mạnh do lo ngại về nhu cầu tiêu thụ suy giảm.",
    "Chuyên gia dự báo giá xăng có thể tiếp tục tăng trong kỳ điều chỉnh tiếp theo.",
]
_Z = [
    "Đội tuyển bóng đá nữ Việt Nam đã giành chiến thắng ba bàn không gỡ trước đối thủ Philippines.",
    "Huấn luyện viên trưởng cho biết các cầu thủ đã thi đấu đúng chiến thuật đề ra từ trước.",
    "Trận đấu tiếp theo của đội sẽ diễn ra vào tối thứ năm tại sân vận động Mỹ Đình.",
]
_Q = [
    "Ngân hàng Nhà nước vừa quyết định giữ nguyên các mức lãi suất điều hành trong quý này.",
    "Tăng trưởng tín dụng đến cuối tháng mười đạt khoảng mười phần trăm so với đầu năm.",
    "Các ngân hàng thương mại được yêu cầu tiếp tục giảm chi phí để hạ lãi suất cho vay.",
]
VERSIONS: dict[str, list[list[str]]] = {
    "x": [_X, _Q],
    "xcopy": [_X],
    "xedit": [_X_EDIT],
    "y": [_Y],
    "brief": [_X[:3] + _Y[:3], _Y[:3], _X[:3]],
    "w1": [_W[0:4]],
    "w2": [_W[1:5]],
    "w3": [_W[2:6]],
    "w4": [_W[3:7]],
    "u1": [_Z],
    "u2": [_Q[:2] + _Z[2:]],
    "fa": [[_FAIR[0], _FAIR[1]]],
    "fb": [[_FAIR[0], _FAIR[3]]],
    "fc": [[_FAIR[2], _FAIR[3]]],
}
URLS = {
    "u1": "https://m.baomoi.vn/doi-tuyen-nu-thang-123.html?utm_source=zalo",
    "u2": "https://baomoi.vn/doi-tuyen-nu-thang-123.html",
}
KEYS = sorted(VERSIONS)
# records that meet: a scenario draws one or two of these groups
FAMILIES = [
    ("brief", "x", "xcopy", "xedit", "y"),
    ("brief", "x", "xcopy"),  # three records in X's buckets: they crowd at max_bucket 2
    ("w1", "w2", "w3", "w4"),
    ("u1", "u2", "x"),
    ("fa", "fb", "fc"),
]
# the default knobs, and two that make the buckets crowd (a bucket of 3 records is skipped) or candidates
# come cheap, so that buckets turning crowded and back are exercised too
PARAMS = [DedupParams(), replace(DedupParams(), max_bucket=2), replace(DedupParams(), min_shared=1)]


def make(key: str, version: int = 0) -> Article:
    texts = VERSIONS[key]
    return Article(id=key, source="t", url=URLS.get(key), body=texts[min(version, len(texts) - 1)])


def sents(a: Article) -> list[list[str]]:
    return sentence_syllables(article_text(a))


Fields = tuple[str | None, str | None, float | None]


def batch_fields(items: list[Article], p: DedupParams) -> dict[str, Fields]:
    texts = [sents(a) for a in items]
    dd = BatchDeduplicator(p)
    for a, s in zip(items, texts, strict=True):
        dd.add(a, s)
    out = dd.resolve(lambda i: texts[i])
    return {a.id: (r.cluster_id, r.duplicate_of, r.similarity) for a, r in zip(items, out, strict=True)}


def store_fields(store: Store) -> dict[str, Fields]:
    """The dedup fields of every stored record, checked equal in the record and in dedup_members."""
    out: dict[str, Fields] = {}
    for a in store.iter_articles():
        out[a.id] = (a.cluster_id, a.duplicate_of, a.similarity)
        row = store.conn.execute(
            "SELECT cluster_id, similarity FROM dedup_members WHERE article_id = ?", (a.id,)
        ).fetchone()
        assert row is not None and (row[0], row[1]) == (a.cluster_id, a.similarity), a.id
    return out


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """The dedup tables and the records, in a comparable form."""
    queries = {
        "bands": "SELECT hash, article_id FROM dedup_bands ORDER BY 1, 2",
        "edges": "SELECT a, b, probability, similarity FROM dedup_edges ORDER BY 1, 2",
        "members": "SELECT article_id, cluster_id, text_key, url_key, similarity FROM dedup_members"
        " ORDER BY 1",
        "records": "SELECT id, record FROM articles ORDER BY id",
    }
    return {k: [tuple(r) for r in store.conn.execute(q)] for k, q in queries.items()}


def delete(store: Store, article_id: str) -> None:
    """Delete a record as the store does (a re-ingested document giving another id)."""
    row = store.conn.execute("SELECT num, record FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is not None:
        store._delete_article(*row)


def test_dedup_index_fixtures_premises() -> None:
    """The fixtures hold the cases they are meant to: copies of two stories, chains, crowding."""
    p = DedupParams()
    s = {k: sents(make(k)) for k in KEYS}

    def sim(a: str, b: str, sa: list[list[str]] | None = None) -> float:
        return pair_verdict((a, sa or s[a]), (b, s[b]), p.align)[0]  # the duplicate probability

    assert sim("brief", "x") >= p.threshold and sim("brief", "y") >= p.threshold
    assert sim("x", "y") < p.threshold
    assert pair_verdict(("x", s["x"]), ("xcopy", s["xcopy"]))[1] == 1.0 and sim("x", "xedit") >= p.threshold
    assert sim("brief", "x", sents(make("brief", 1))) < p.threshold  # the second version copies Y only
    assert sim("u1", "u2") < p.threshold and sim("x", "u2", sents(make("x", 1))) >= p.threshold
    assert all(sim(f"w{i}", f"w{i + 1}") >= p.threshold for i in (1, 2, 3))
    assert sim("w1", "w4") < p.threshold
    assert sim("fa", "fc") >= p.threshold and min(sim("fb", x) for x in ("fa", "fc")) >= p.threshold
    bands = {k: set(sentence_band_hashes(v, p.lsh).tolist()) for k, v in s.items()}
    assert len(bands["fa"] & bands["fc"]) < p.min_shared  # fa and fc are no LSH candidates
    # x, xcopy and brief share buckets: with max_bucket 2 they crowd
    assert bands["x"] & bands["xcopy"] & bands["brief"]


@pytest.mark.parametrize("params", PARAMS)
def test_dedup_index_batch_is_independent_of_input_order(params: DedupParams) -> None:
    items = [make(k) for k in KEYS]
    expected = batch_fields(items, params)
    rng = random.Random(7)
    for _ in range(20):
        rng.shuffle(items)
        assert batch_fields(items, params) == expected


Op = tuple[str, object]


@st.composite
def scenarios(draw: st.DrawFn) -> list[Op]:
    """A few of the fixtures (so that they meet), then ingest batches, deletions and removals of them."""
    families = draw(st.lists(st.sampled_from(FAMILIES), min_size=1, max_size=2, unique=True))
    version = st.sampled_from([0, 0, 1])  # the second version (where there is one) now and then
    keys = sorted({k for f in families for k in f})
    key = st.sampled_from(keys)
    put = st.tuples(st.just("put"), st.lists(st.tuples(key, version), min_size=1, max_size=4))
    remove = st.tuples(st.sampled_from(["delete", "forget"]), key)
    ops: list[Op] = draw(st.lists(st.one_of(put, put, remove), min_size=1, max_size=12))
    return ops


@settings(max_examples=120, deadline=None)
@given(scenarios(), st.sampled_from(PARAMS), st.randoms(use_true_random=False))
def test_dedup_index_any_order_of_changes_gives_the_batch_clusters(
    ops: list[Op], params: DedupParams, rng: random.Random
) -> None:
    run_scenario(ops, params, rng)


# Sequences worth keeping whatever hypothesis draws: B ingested after C (it must move to A when A comes),
# buckets crowding and freeing again, a chain cut in the middle, a same-URL update, a changed re-ingest.
SCENARIOS: list[tuple[list[Op], DedupParams]] = [
    ([("put", [("y", 0)]), ("put", [("brief", 0)]), ("put", [("x", 0)])], PARAMS[0]),
    ([("put", [("x", 0)]), ("put", [("brief", 0)]), ("put", [("xcopy", 0)])], PARAMS[1]),
    ([("put", [("x", 0), ("brief", 0), ("xcopy", 0)]), ("forget", "xcopy")], PARAMS[1]),
    ([("put", [("x", 0), ("xcopy", 0), ("brief", 0), ("xedit", 0)]), ("delete", "x")], PARAMS[1]),
    ([("put", [(f"w{i}", 0) for i in (1, 2, 3, 4)]), ("forget", "w2")], PARAMS[0]),
    ([("put", [("fa", 0), ("fc", 0)]), ("put", [("fb", 0)]), ("delete", "fb")], PARAMS[0]),
    ([("put", [("u1", 0), ("x", 1)]), ("put", [("u2", 0)]), ("put", [("x", 0)])], PARAMS[0]),
    (
        [("put", [("x", 0), ("brief", 0), ("y", 0)]), ("put", [("brief", 1)]), ("put", [("brief", 0)])],
        PARAMS[2],
    ),
]


@pytest.mark.parametrize(("ops", "params"), SCENARIOS)
def test_dedup_index_scenarios_give_the_batch_clusters(ops: list[Op], params: DedupParams) -> None:
    run_scenario(ops, params, random.Random(1))


def run_scenario(ops: list[Op], params: DedupParams, rng: random.Random) -> None:
    """Apply the changes to a new store; its clusters must be the batch's over the records left, and its
    index what ``rebuild`` makes of them."""
    from baochi.dedup.index import forget, index_articles, prune
    from baochi.dedup.rebuild import rebuild

    present: dict[str, Article] = {}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "t.db") as store:
        for op, arg in ops:
            with store.transaction():
                if op == "put":  # one ingest batch: the store writes every record, then the hook runs
                    assert isinstance(arg, list)
                    batch = [make(k, v) for k, v in arg]
                    for a in batch:
                        store.put(a)
                        present[a.id] = a
                    index_articles(store, batch, params)
                elif op == "delete":  # the store deletes; the next ingest (or prune) cleans up
                    assert isinstance(arg, str)
                    delete(store, arg)
                    present.pop(arg, None)
                else:  # taken out of the index first, then deleted
                    assert isinstance(arg, str)
                    forget(store, arg, params)
                    delete(store, arg)
                    present.pop(arg, None)
        with store.transaction():
            prune(store, params)
        items = list(present.values())
        rng.shuffle(items)
        assert store_fields(store) == batch_fields(items, params)
        indexed = {r[0] for r in store.conn.execute("SELECT article_id FROM dedup_members")}
        assert indexed == set(present)
        for column in ("a", "b"):
            ends = {r[0] for r in store.conn.execute(f"SELECT {column} FROM dedup_edges")}
            assert ends <= set(present)
        # the index holds what an ingest of every present record from scratch would hold
        before = snapshot(store)
        rebuild(store, params)
        assert snapshot(store) == before


def test_dedup_index_reingest_with_changed_text_leaves_its_old_cluster(tmp_path: Path) -> None:
    from baochi.dedup.index import index_articles

    with Store(tmp_path / "t.db") as store:
        for a in (make("x"), make("brief"), make("y")):
            with store.transaction():
                store.put(a)
                index_articles(store, [a])
        # the brief copies X and Y: it joins one of them (Y cannot join X: they differ)
        story = {c.id for c in store.dedup.copies("brief")}
        assert story in ({"x"}, {"y"})
        other = "y" if story == {"x"} else "x"
        version = 1 if other == "y" else 2  # the brief now copies the other story only: it moves there
        with store.transaction():
            store.put(make("brief", version))
            index_articles(store, [make("brief", version)])
        fields = store_fields(store)
        (left,) = story
        assert fields[left] == (left, None, None)
        assert fields["brief"][0] == fields[other][0] != left
        assert fields == batch_fields([make("x"), make("brief", version), make("y")], DedupParams())


def test_dedup_index_removal_splits_a_chain(tmp_path: Path) -> None:
    from baochi.dedup.index import forget, index_articles

    with Store(tmp_path / "t.db") as store:
        items = [make(k) for k in ("fa", "fb", "fc")]
        with store.transaction():
            for a in items:
                store.put(a)
            index_articles(store, items)
        assert len({f[0] for f in store_fields(store).values()}) == 1  # fb brings fa and fc together
        with store.transaction():
            forget(store, "fb")
            delete(store, "fb")
        # without fb, fa and fc are no candidates: two stories, as the batch finds
        fields = store_fields(store)
        assert fields == batch_fields([items[0], items[2]], DedupParams())
        assert fields["fa"] == ("fa", None, None) and fields["fc"] == ("fc", None, None)


def test_dedup_index_component_cap_keeps_clusters_whole_and_rebuild_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baochi.dedup import index
    from baochi.dedup.rebuild import rebuild

    monkeypatch.setattr(index, "MAX_COMPONENT", 2)  # fb's walk reaches fa only
    items = {k: make(k) for k in ("fa", "fb", "fc")}
    with Store(tmp_path / "t.db") as store:
        for k in ("fa", "fc", "fb"):
            with store.transaction():
                store.put(items[k])
                index.index_articles(store, [items[k]])
        capped = store_fields(store)
        assert len({f[0] for f in capped.values()}) == 2
        for i, (cluster, duplicate_of, _) in capped.items():  # still a consistent partition
            assert capped[cluster or ""] == (cluster, None, None)
            assert duplicate_of in (None, cluster) and (duplicate_of is None) == (i == cluster)
        rebuild(store)
        assert store_fields(store) == batch_fields(list(items.values()), DedupParams())


def test_dedup_index_migration_4_keys_the_urls_of_a_version_3_store(tmp_path: Path) -> None:
    from baochi.store.migrations import MIGRATIONS, migrate

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:3])
    old = make("u1")
    old.cluster_id = "u1"  # a version 3 store's fields, as its index wrote them
    record = json.dumps(old.to_dict(), ensure_ascii=False)
    conn.execute(
        "INSERT INTO articles (id, source, page_type, url, record, stored_at)"
        " VALUES (?, 't', 'article', ?, ?, '')",
        ("u1", URLS["u1"], record),
    )
    conn.execute("INSERT INTO dedup_members (article_id, cluster_id) VALUES ('u1', 'u1')")
    conn.close()
    with Store(path) as store:
        assert store.version >= 4
        key = store.conn.execute("SELECT url_key FROM dedup_members WHERE article_id = 'u1'").fetchone()[0]
        other = make("u2")
        with store.transaction():
            store.put(other)
            from baochi.dedup.index import index_articles

            index_articles(store, [other])
        # the same canonical URL: u2 finds u1 through the key the migration set
        assert key is not None
        assert (
            store.conn.execute("SELECT url_key FROM dedup_members WHERE article_id = 'u2'").fetchone()[0]
            == key
        )
        assert len({f[0] for f in store_fields(store).values()}) == 1


def test_dedup_index_crowded_bucket_drops_and_restores_candidates(tmp_path: Path) -> None:
    from baochi.dedup.index import forget, index_articles

    p = replace(DedupParams(), max_bucket=2)

    def edges(store: Store) -> set[tuple[str, str]]:
        return {(str(a), str(b)) for a, b in store.conn.execute("SELECT a, b FROM dedup_edges")}

    with Store(tmp_path / "t.db") as store:
        for k in ("x", "brief"):
            with store.transaction():
                store.put(make(k))
                index_articles(store, [make(k)], p)
        assert ("brief", "x") in edges(store)
        with store.transaction():  # a third record in X's buckets: they crowd, brief and x are no pair
            store.put(make("xcopy"))
            index_articles(store, [make("xcopy")], p)
        assert ("brief", "x") not in edges(store)
        assert store_fields(store) == batch_fields([make(k) for k in ("x", "brief", "xcopy")], p)
        with store.transaction():  # and back
            forget(store, "xcopy", p)
            delete(store, "xcopy")
        assert ("brief", "x") in edges(store)
        assert store_fields(store) == batch_fields([make(k) for k in ("x", "brief")], p)


def test_dedup_index_pairs_of_the_fixtures_are_symmetric() -> None:
    """``pair_verdict`` does not depend on the order of its arguments (the store's edges rely on it)."""
    s = {k: sents(make(k)) for k in KEYS}
    for a, b in combinations(KEYS, 2):
        assert pair_verdict((a, s[a]), (b, s[b])) == pair_verdict((b, s[b]), (a, s[a]))


def test_dedup_index_entries_of_many_records_equal_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from baochi.dedup import index

    monkeypatch.setattr(index, "HASH_BATCH", 3)  # several chunks, one of them short
    p = DedupParams()
    items = [make(k, v) for k in KEYS for v in (0, 1)] + [Article(id="empty", source="t", body=["Ngắn."])]
    got = index.entries(items, p)
    assert [e.id for e in got] == [a.id for a in items]
    for a, e in zip(items, got, strict=True):
        alone = sentence_band_hashes(sents(a), p.lsh).astype("uint64").view("int64").tolist()
        assert e.hashes == alone and e.sents == sents(a)
    assert got[-1].hashes == []
