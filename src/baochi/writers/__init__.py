"""Sinks of a pipeline: the store (``store.StoreWriter``) and record files -- JSON lines, CSV, Parquet,
single files or directories of shards (``files``, ``parquet``)."""
