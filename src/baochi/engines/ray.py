"""The Ray engine (``--engine ray``, the optional extra ``ray``): the same pipeline on a cluster.

The inputs are cut into **shards** -- a group of small files, one WARC file, one row group of a Parquet
file -- and each shard is one Ray task that runs the same stages as the local engine (``Read`` of its
files, ``Extract``, the steps) into its own output file ``DIR/part-NNNNN.parquet`` (or ``.jsonl``), numbered
in input order: reading the parts in order gives the records in the order ``-j 1`` gives them.

``dedup`` (``engines.ray_dedup``) adds the clustering: signatures per shard, band buckets grouped across the
shards, candidate pairs verified by tasks, components built once, records rewritten part by part.

Ray is imported in this module only, on first use. With no address a local cluster is started (and
stopped at the end); with ``--ray-address HOST:PORT`` the driver joins a running cluster.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from baochi.errors import BaochiError, InputError
from baochi.ingest.options import ReadOptions
from baochi.model import Document
from baochi.pipeline import STEPS, Counters, Pipeline, Source, Step

log = logging.getLogger(__name__)

# A shard of small files holds at most this many files or bytes: enough work per task that scheduling
# costs little (a task costs ~10 ms to schedule; 256 texts take seconds), small enough to spread.
SHARD_FILES = 256
SHARD_BYTES = 64 * 1024 * 1024
# Object store of a local cluster: records never travel through it (tasks write their own parts).
LOCAL_OBJECT_STORE = 128 * 1024 * 1024

Progress = Callable[[int], None]


def ray_module() -> Any:
    """The ray package, or a clear error naming the extra."""
    try:
        import ray
    except ImportError:
        raise BaochiError("--engine ray needs Ray: pip install 'baochi[ray]'") from None
    return ray


@dataclass(frozen=True, slots=True)
class Shard(Source):
    """One unit of distributed work: files read whole, or one row group of one Parquet file."""

    index: int
    paths: tuple[str, ...]
    row_group: int | None = None
    options: ReadOptions = field(default_factory=ReadOptions)

    def documents(self, on_error: Callable[[InputError], None]) -> Iterator[Document]:
        """The shard's documents, in order."""
        if self.row_group is not None:
            from baochi.ingest.parquet import read_parquet_file

            yield from read_parquet_file(self.paths[0], on_error, self.options, row_group=self.row_group)
            return
        from baochi.ingest import iter_documents

        yield from iter_documents(self.paths, on_error, self.options)


def _row_groups(path: str) -> int:
    try:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_row_groups)
    except Exception:  # unreadable: one shard, whose reader reports the error
        return 0


def plan_shards(
    paths: Sequence[str],
    options: ReadOptions | None = None,
    *,
    shard_files: int = SHARD_FILES,
    shard_bytes: int = SHARD_BYTES,
) -> list[Shard]:
    """The shards of the inputs, in input order: Parquet row groups, WARC files, groups of other files."""
    from baochi.ingest import expand_paths

    opts = options or ReadOptions()
    shards: list[Shard] = []
    group: list[str] = []
    size = 0

    def close_group() -> None:
        nonlocal group, size
        if group:
            shards.append(Shard(len(shards), tuple(group), options=opts))
            group, size = [], 0

    for path in expand_paths(paths):
        if path == "-":
            raise BaochiError("--engine ray reads files, not standard input")
        name = path.lower().removesuffix(".gz")
        if name.endswith(".parquet"):
            close_group()
            groups = _row_groups(path)
            shards += [Shard(len(shards) + g, (path,), g, opts) for g in range(groups)]
            if not groups:
                shards.append(Shard(len(shards), (path,), options=opts))
        elif name.endswith(".warc"):
            close_group()
            shards.append(Shard(len(shards), (path,), options=opts))
        else:
            with contextlib.suppress(OSError):  # missing: the reader reports it
                size += os.path.getsize(path)
            group.append(path)
            if len(group) >= shard_files or size >= shard_bytes:
                close_group()
    close_group()
    return shards


def _extract_shard(
    shard: Shard, steps: tuple[Step, ...], out: str, fmt: str, time_limit: float | None
) -> Counters:
    """A Ray task: the pipeline over one shard, into ``out`` (its part file)."""
    from baochi.engines.local import LocalExecutor
    from baochi.writers.files import FileWriter, guess_format

    executor = LocalExecutor(workers=1, time_limit=time_limit)
    from baochi.identity import SettledSink

    sink = SettledSink(FileWriter(out, guess_format(out, fmt)))  # ids as a local run gives them
    counters = executor.run(Pipeline.of(shard, steps, sink))
    assert executor.counters is not None
    return counters


class Cluster:
    """A connection to a Ray cluster (a local one started for the run when no address is given)."""

    def __init__(self, address: str | None = None, *, workers: int | None = None) -> None:
        self.ray = ray_module()
        self.address = address
        kwargs: dict[str, Any] = {
            "include_dashboard": False,
            "logging_level": logging.WARNING,
            "log_to_driver": False,
        }
        if address:
            kwargs["address"] = address
        else:
            kwargs["num_cpus"] = workers or None
            kwargs["object_store_memory"] = LOCAL_OBJECT_STORE
        try:
            self.ray.init(**kwargs)
        except Exception as exc:  # ConnectionError, RuntimeError, ValueError... from Ray
            raise BaochiError(f"cannot start or join the Ray cluster: {exc}") from None

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.ray.shutdown()

    def workers(self) -> int:
        """CPUs of the cluster (the tasks that can run at once)."""
        return int(self.ray.cluster_resources().get("CPU", 1))

    def submit(
        self, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]], *, num_returns: int = 1
    ) -> list[Any]:
        """``fn(*args)`` for every ``args`` as Ray tasks, not waited for: their object references (a list
        of ``num_returns`` references per call when more than one). References given as arguments are
        fetched by the task's worker from where they were made, never through the driver."""
        remote = self.ray.remote(num_cpus=1, max_retries=1, num_returns=num_returns)(fn)
        return [remote.remote(*args) for args in calls]

    def get(self, refs: Sequence[Any]) -> list[Any]:
        """The values of object references (fetched to the driver)."""
        return list(self.ray.get(list(refs))) if refs else []

    def map(
        self, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]], progress: Progress | None = None
    ) -> list[Any]:
        """``fn(*args)`` for every ``args`` as Ray tasks; results in the order of ``calls``."""
        remote = self.ray.remote(num_cpus=1, max_retries=1)(fn)
        futures = [remote.remote(*args) for args in calls]
        index = {f: i for i, f in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        pending = list(futures)
        while pending:
            done, pending = self.ray.wait(pending, num_returns=1)
            for f in done:
                results[index[f]] = self.ray.get(f)
                if progress is not None:
                    progress(1)
        return results


def extract(
    paths: Sequence[str],
    out_dir: str,
    *,
    fmt: str = "parquet",
    options: ReadOptions | None = None,
    steps: Sequence[Step] = STEPS,
    address: str | None = None,
    workers: int | None = None,
    time_limit: float | None = None,
    progress: Progress | None = None,
    shard_files: int = SHARD_FILES,
) -> Counters:
    """``baochi extract --engine ray``: every shard's records into ``out_dir/part-NNNNN.<fmt>``."""
    from baochi.writers.files import SUFFIX, guess_format

    chosen = guess_format("", fmt)
    shards = plan_shards(paths, options, shard_files=shard_files)
    os.makedirs(out_dir, exist_ok=True)
    calls = [
        (s, tuple(steps), os.path.join(out_dir, f"part-{s.index:05d}{SUFFIX[chosen]}"), chosen, time_limit)
        for s in shards
    ]
    counters = Counters()
    with Cluster(address, workers=workers) as cluster:
        for c in cluster.map(_extract_shard, calls, progress):
            counters.merge(c)
    return counters
