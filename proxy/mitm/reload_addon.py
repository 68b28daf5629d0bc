"""The reload addon: polls the configuration file and its includes; a valid edit
swaps in a new runtime within seconds, a bad edit keeps the old policy and says
why. It also runs the daily audit retention purge.

Connections are not touched: the other addons read the `LiveRuntime` per
request, so requests in flight finish under the policy they started with.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from pathlib import Path

from detectors.errors import GuardError
from proxy.mitm.heap import thaw
from proxy.runtime import LiveRuntime, build_runtime

__all__ = ["Reloader"]

log = logging.getLogger(__name__)


def _stamp(paths: tuple[Path, ...]) -> tuple[tuple[str, float, int], ...]:
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append((str(p), st.st_mtime, st.st_size))
        except OSError:
            out.append((str(p), -1.0, -1))
    return tuple(out)


class Reloader:
    """mitmproxy addon: hot reload and retention, on the shared `LiveRuntime`."""

    def __init__(self, live: LiveRuntime) -> None:
        self._live = live
        self._purge_task: asyncio.Task[None] | None = None
        self._task: asyncio.Task[None] | None = None
        self.last_error: str | None = None
        self.reloads = 0

    # -- mitmproxy hooks ----------------------------------------------------------

    def running(self) -> None:
        rt = self._live.current
        if rt is None or self._purge_task is not None:
            return
        loop = asyncio.get_running_loop()
        self._purge_task = loop.create_task(self._purge_daily())
        if rt.settings.reload_interval > 0:
            self._task = loop.create_task(self._watch())

    def done(self) -> None:
        for task in (self._task, self._purge_task):
            if task is not None:
                task.cancel()
        self._task = self._purge_task = None

    async def _purge_daily(self) -> None:
        """Retention: drop records older than audit.retention_days, at start and then daily."""
        while True:
            rt = self._live.current
            if rt is not None:
                cutoff = dt.datetime.now() - dt.timedelta(days=rt.settings.audit.retention_days)
                try:
                    n = await asyncio.to_thread(rt.audit.purge, cutoff)
                    if n:
                        log.warning("audit retention: purged %d records older than %d days", n,
                                    rt.settings.audit.retention_days)
                except Exception as exc:  # never let retention take the proxy down
                    log.error("audit retention purge failed: %s", type(exc).__name__)
            await asyncio.sleep(24 * 3600)

    async def _watch(self) -> None:
        rt = self._live.current
        assert rt is not None
        seen = _stamp(rt.watched)
        while True:
            await asyncio.sleep(max(0.2, rt.settings.reload_interval))
            rt = self._live.current
            assert rt is not None
            now = _stamp(rt.watched)
            if now == seen:
                continue
            seen = now
            await asyncio.to_thread(self.reload_now)

    def reload_now(self) -> bool:
        """Build a new runtime from the files as they are now; True when swapped in."""
        old = self._live.current
        assert old is not None
        try:
            new = build_runtime(old.config_path, data_dir=old.data_dir, previous=old)
        except (GuardError, OSError, ValueError) as exc:
            self.last_error = str(exc)
            log.error("configuration change rejected, the previous policy stays in force: %s", exc)
            return False
        self._live.swap(new)
        thaw()  # the old runtime was frozen with the heap: let the collector free it (`heap`)
        self.last_error = None
        self.reloads += 1
        log.warning("configuration reloaded from %s", old.config_path)
        return True
