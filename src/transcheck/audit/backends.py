"""Where chunks of documents are checked: in this process, a local process pool, or Dask.

Every backend takes a chunk (a list of documents), returns a handle, and later reports which
handles are complete; :meth:`Backend.result` returns the chunk's
:class:`~transcheck.audit.work.ChunkResult` or raises what went wrong (a worker that died...).
The scheduler in :mod:`transcheck.audit.runner` is the same for all of them.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import sys
from collections.abc import Collection, Sequence
from typing import Any

from transcheck.audit.work import ChunkResult, check_chunk, init_pool_worker
from transcheck.config import Settings
from transcheck.document import Document
from transcheck.errors import ConfigError


class Backend:
    """The interface every backend implements."""

    name = "backend"
    workers = 1

    def submit(self, docs: Sequence[Document]) -> Any:
        raise NotImplementedError

    def wait(self, handles: Collection[Any], timeout: float) -> list[Any]:
        """The handles among ``handles`` that are complete (waits up to ``timeout`` for one)."""
        raise NotImplementedError

    def result(self, handle: Any) -> ChunkResult:
        raise NotImplementedError

    def recover(self) -> None:
        """Called after a chunk failed: make the backend usable again (e.g. a broken pool)."""

    def close(self, *, cancel: bool = False) -> None:
        """Release workers; ``cancel`` drops queued work instead of finishing it."""


class InlineBackend(Backend):
    """Checks chunks in this process, at submit time (one worker: no pool, no IPC)."""

    name = "inline"

    def __init__(self, settings: Settings, settings_fp: str) -> None:
        self.settings = settings
        self.settings_fp = settings_fp

    def submit(self, docs: Sequence[Document]) -> Any:
        future: cf.Future[ChunkResult] = cf.Future()
        try:
            future.set_result(check_chunk(self.settings, self.settings_fp, docs))
        except Exception as exc:  # the scheduler records it per document
            future.set_exception(exc)
        return future

    def wait(self, handles: Collection[Any], timeout: float) -> list[Any]:
        return list(handles)

    def result(self, handle: Any) -> ChunkResult:
        result: ChunkResult = handle.result()
        return result


class PoolBackend(Backend):
    """A local pool of worker processes started with ``forkserver`` (``spawn`` elsewhere).

    Why not ``fork``: the parent holds an open SQLite connection and, with Dask or the pool's
    own management thread, other threads; a forked child inherits locks held by those threads
    and SQLite forbids using a connection across ``fork``. ``forkserver`` forks each worker
    from a small clean server that has preloaded transcheck, so a worker still starts in
    milliseconds and the import cost is paid once.
    """

    name = "pool"

    def __init__(self, settings: Settings, settings_fp: str, workers: int) -> None:
        import multiprocessing

        self.settings = settings
        self.settings_fp = settings_fp
        self.workers = workers
        methods = multiprocessing.get_all_start_methods()
        self._ctx: Any
        if "forkserver" in methods and sys.platform != "darwin":
            self._ctx = multiprocessing.get_context("forkserver")
            self._ctx.set_forkserver_preload(["transcheck.audit.work", "transcheck.pipeline"])
        else:
            self._ctx = multiprocessing.get_context("spawn")
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self._ctx, initializer=init_pool_worker
        )

    def submit(self, docs: Sequence[Document]) -> Any:
        return self._pool.submit(check_chunk, self.settings, self.settings_fp, list(docs))

    def wait(self, handles: Collection[Any], timeout: float) -> list[Any]:
        done, _ = cf.wait(handles, timeout=timeout, return_when=cf.FIRST_COMPLETED)
        return list(done)

    def result(self, handle: Any) -> ChunkResult:
        result: ChunkResult = handle.result()
        return result

    def recover(self) -> None:
        # A worker that died breaks the whole executor (every queued chunk fails with
        # BrokenProcessPool): replace it. ``_broken`` is set by the executor when that happens.
        if getattr(self._pool, "_broken", False):
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()

    def close(self, *, cancel: bool = False) -> None:
        if cancel:
            # Running chunks are abandoned (their documents are redone by --resume): stop the
            # workers now rather than wait for them.
            processes = dict(getattr(self._pool, "_processes", None) or {})
            self._pool.shutdown(wait=False, cancel_futures=True)
            for process in processes.values():
                process.terminate()
            for process in processes.values():
                process.join(timeout=5)
        else:
            self._pool.shutdown(wait=True)


class DaskBackend(Backend):
    """Chunks as tasks on a Dask cluster: an existing one (``address``) or a LocalCluster.

    Workers of an existing cluster must have transcheck installed (and the same version, or
    findings will differ from a local run).
    """

    name = "dask"

    def __init__(
        self,
        settings: Settings,
        settings_fp: str,
        *,
        address: str | None = None,
        local_workers: int | None = None,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError(
                "Dask is not installed: pip install 'transcheck[dask]' to use --scheduler or "
                "--dask-local"
            ) from None
        self.settings = settings
        self.settings_fp = settings_fp
        self._cluster: Any = None
        try:
            if address is not None:
                self.name = f"dask {address}"
                self._client = Client(address, timeout="15s")
            else:
                n = local_workers or 1
                self.name = f"dask LocalCluster({n})"
                self._cluster = LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler {address}: {exc}") from None
        workers = self._client.scheduler_info().get("workers", {})
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))

    def submit(self, docs: Sequence[Document]) -> Any:
        return self._client.submit(
            check_chunk, self.settings, self.settings_fp, list(docs), pure=False
        )

    def wait(self, handles: Collection[Any], timeout: float) -> list[Any]:
        from distributed import wait

        try:
            done, _ = wait(list(handles), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        return list(done)

    def result(self, handle: Any) -> ChunkResult:
        result: ChunkResult = handle.result()
        return result

    def close(self, *, cancel: bool = False) -> None:
        try:
            self._client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()
