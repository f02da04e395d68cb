"""The store owns its SQL: schema and migrations in ``baochi.store``, no import cycle, nothing heavy imported
by opening a store, the dedup and entity tables written only through the store, and a store made by an
earlier baochi opens and migrates."""

from __future__ import annotations

import ast
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

from baochi.model import Article
from baochi.store import Store
from baochi.store.fts import index_rows
from baochi.store.migrations import latest_version

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
FIXTURE = ROOT / "tests" / "fixtures" / "store" / "main-e6b3237.db.gz"


# -- import graph -----------------------------------------------------------------------------------------


def _modules(src: Path, package: str) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in (src / package).rglob("*.py"):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Modules of the package that ``name`` imports anywhere -- at the top or inside a function (a lazy
    import closes a cycle all the same) -- but under ``if TYPE_CHECKING``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            mod = ".".join([*base, node.module] if node.module else base) if node.level else node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    out: set[str] = set()
    for mod in found:
        parts = mod.split(".")
        # importing a.b.c runs a/__init__ and a/b/__init__ first (but a module's own packages are already
        # being imported when it runs: no edge to them)
        for i in range(1, len(parts) + 1):
            target = ".".join(parts[:i])
            if target in modules and target != name and not name.startswith(target + "."):
                out.add(target)
    return out


def import_cycles(src: Path, package: str) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (strongly connected
    components of the import graph with more than one module)."""
    modules = _modules(src, package)
    graph = {m: _imports(m, p, modules) for m, p in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return cycles


def test_import_cycles_are_detected_also_through_a_lazy_import(tmp_path: Path) -> None:
    # the shape baochi had: store/migrations imported dedup/index inside a function, which imports store
    pkg = tmp_path / "pkg"
    for d in ("store", "dedup"):
        (pkg / d).mkdir(parents=True)
        (pkg / d / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "store" / "__init__.py").write_text("from pkg.store.db import Store\n")
    (pkg / "store" / "db.py").write_text("from pkg.store.migrations import migrate\nclass Store: ...\n")
    (pkg / "store" / "migrations.py").write_text(
        "def migrate():\n    from pkg.dedup.index import SQL\n    return SQL\n"
    )
    (pkg / "dedup" / "index.py").write_text(
        "from typing import TYPE_CHECKING\nfrom pkg.store import Store\nif TYPE_CHECKING:\n"
        "    from pkg.dedup import other\nSQL = ''\n"
    )
    (pkg / "dedup" / "other.py").write_text("from .index import SQL\n")
    assert import_cycles(tmp_path, "pkg") == [
        ["pkg.dedup.index", "pkg.store", "pkg.store.db", "pkg.store.migrations"]
    ]
    # the same without the lazy import: no cycle (and the TYPE_CHECKING import of other.py made none)
    (pkg / "store" / "migrations.py").write_text("SQL = ''\ndef migrate():\n    return SQL\n")
    assert import_cycles(tmp_path, "pkg") == []


def test_baochi_has_no_import_cycle() -> None:
    assert import_cycles(SRC, "baochi") == []


def test_the_store_imports_nothing_above_it() -> None:
    """The store is the bottom layer: it imports no algorithm (dedup, enrich), no command or server."""
    modules = _modules(SRC, "baochi")
    above = ("baochi.dedup", "baochi.enrich", "baochi.cli", "baochi.search", "baochi.web", "baochi.api")
    for name, path in modules.items():
        # store/queries.py (issue 10) is the read-only query layer the web app uses: it sits above the
        # search engine and the person linking, and nothing in the store imports it
        if name.startswith("baochi.store") and name != "baochi.store.queries":
            bad = [m for m in _imports(name, path, modules) if m.startswith(above)]
            assert not bad, f"{name} imports {bad}"


def test_nothing_in_the_store_imports_its_query_layer() -> None:
    modules = _modules(SRC, "baochi")
    for name, path in modules.items():
        if name.startswith("baochi.store") and name != "baochi.store.queries":
            assert "baochi.store.queries" not in _imports(name, path, modules), name


def test_opening_a_new_store_imports_no_numpy_and_no_verifier(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from baochi.store import Store\n"
        f"with Store({str(tmp_path / 'new.db')!r}) as s:\n"
        "    assert s.version >= 4, s.version\n"
        "    s.dedup.copies('x'); s.entities.top(None, 5)\n"
        "heavy = ('numpy', 'baochi.dedup', 'baochi.enrich')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_dedup_and_entity_algorithms_hold_no_sql() -> None:
    """dedup/ and enrich/ reach the tables only through ``Store`` (``store.dedup``, ``store.entities``)."""
    # the store's connection, or SQL naming one of the store's tables (enrich/adminunits.py reads its own
    # data file, which is not the store)
    tables = (
        r"(articles|documents|search_head|search_text|dedup_\w+|entities|entity_mentions|positions|events)"
    )
    sql = re.compile(rf"\.conn\b|\b(FROM|INTO|UPDATE|JOIN|TABLE)\s+{tables}\b", re.IGNORECASE)
    for package in ("dedup", "enrich"):
        for path in sorted((SRC / "baochi" / package).glob("*.py")):
            hits = [ln for ln in path.read_text(encoding="utf-8").splitlines() if sql.search(ln)]
            assert not hits, f"{path.name}: {hits[:3]}"


# -- the store's writes ----------------------------------------------------------------------------------


def test_dedup_fields_are_set_through_the_store_and_leave_the_full_text_rows_as_they_are(
    tmp_path: Path,
) -> None:
    a = Article(id="r1", source="t", title="Mưa lớn ở Quảng Nam", body=["Hàng trăm hộ dân phải sơ tán."])
    with Store(tmp_path / "s.db") as store:
        store.put(a)
        before = index_rows(a)
        with store.transaction():
            store.set_dedup_fields("r1", "r0", "r0", 0.9)
        got = store.get_exact("r1")
        assert got is not None and (got.cluster_id, got.duplicate_of, got.similarity) == ("r0", "r0", 0.9)
        assert index_rows(got) == before  # so the contentless indexes need no rewrite
        assert store.integrity() == []
        assert store.get_exact("r") is None and store.get_exact("r1x") is None


# -- a store made by an earlier baochi -------------------------------------------------------------------


def _old_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    path.write_bytes(gzip.decompress(FIXTURE.read_bytes()))
    return path


def test_a_store_made_by_main_e6b3237_opens_migrates_and_keeps_its_clusters(tmp_path: Path) -> None:
    from baochi.dedup.index import index_articles
    from baochi.dedup.rebuild import rebuild

    path = _old_store(tmp_path)
    with Store(path) as store:
        assert store.version == latest_version()
        assert store.integrity() == []
        fields = {a.id: (a.cluster_id, a.duplicate_of, a.similarity) for a in store.iter_articles()}
        assert len(fields) == 6
        # the fixture's story: VFND 10, its exact copy and its edited copy in one cluster
        clusters = [c for c, _, _ in fields.values()]
        assert max(clusters.count(c) for c in clusters) == 3
        assert store.dedup.counts().copies == 2
        assert store.entities.top(None, 3) and store.entities.person_records() is not None
        # a new copy joins the old story through the stored bands and edges
        original = next(
            a for a in store.iter_articles() if a.duplicate_of is None and clusters.count(a.id) == 3
        )
        copy = Article.from_dict({**original.to_dict(), "id": "newcopy", "url": "https://example.com/x"})
        with store.transaction():
            store.put(copy)
            index_articles(store, [copy])
        assert store.dedup.cluster_of("newcopy") == original.id
        indexed = {a.id: (a.cluster_id, a.duplicate_of, a.similarity) for a in store.iter_articles()}
        rebuild(store)
        assert {a.id: (a.cluster_id, a.duplicate_of, a.similarity) for a in store.iter_articles()} == indexed
        assert store.integrity() == []
    with Store(path) as store:  # and opens again at the same version
        assert store.version == latest_version()
        row = store.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()
        assert row[0] == latest_version()
        assert json.loads(store.conn.execute("SELECT record FROM articles LIMIT 1").fetchone()[0])["format"]


def test_a_new_store_has_the_schema_main_e6b3237_made() -> None:
    """The DDL moved into the store is the DDL that shipped (a migration is never edited)."""
    import sqlite3
    import tempfile

    def schema(path: Path) -> list[tuple[str, str, str]]:
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        conn.close()
        return [(t, n, s) for t, n, s in rows]

    with tempfile.TemporaryDirectory() as tmp:
        Store(Path(tmp) / "new.db").close()
        assert schema(Path(tmp) / "new.db") == schema(_old_store(Path(tmp)))


def test_the_api_and_commands_hold_no_sql() -> None:
    """``baochi.Store`` (corpus.py), the API and the commands ask the store's methods (issue 13)."""
    sql = re.compile(r"\.conn\b|\bexecute\(|\b(SELECT|INSERT|UPDATE|DELETE)\s", re.IGNORECASE)
    paths = [
        SRC / "baochi" / "corpus.py",
        SRC / "baochi" / "api.py",
        *sorted((SRC / "baochi" / "cli").glob("*.py")),
    ]
    for path in paths:
        hits = [ln for ln in path.read_text(encoding="utf-8").splitlines() if sql.search(ln)]
        assert not hits, f"{path.name}: {hits[:3]}"
