"""Events reach the addons that handle them, in chain order, as with mitmproxy's own manager (`dispatch`)."""

from __future__ import annotations

import asyncio

from mitmproxy import exceptions, master, options
from mitmproxy.proxy.layers.http import HttpRequestHook, HttpResponseHook
from mitmproxy.test import tflow

from proxy.mitm.dispatch import HookedAddons, use_hooked_addons


def _master() -> master.Master:
    m = master.Master(options.Options(), with_termlog=False)
    use_hooked_addons(m)
    return m


class _Recorder:
    def __init__(self, name: str, seen: list[str]) -> None:
        self.name, self._seen = name, seen

    async def request(self, flow: object) -> None:
        self._seen.append(self.name)


class _Halter:
    def request(self, flow: object) -> None:
        raise exceptions.AddonHalt


class _Parent:
    """An addon whose hook lives in a sub-addon (mitmproxy's `addons` attribute)."""

    def __init__(self, child: object) -> None:
        self.addons = [child]


class _Quiet:
    pass


def test_a_request_event_reaches_every_addon_with_the_hook_in_chain_order() -> None:
    async def run() -> list[str]:
        seen: list[str] = []
        m = _master()
        assert isinstance(m.addons, HookedAddons)
        m.addons.add(_Recorder("first", seen), _Quiet(), _Parent(_Recorder("child", seen)), _Recorder("last", seen))
        await m.addons.handle_lifecycle(HttpRequestHook(tflow.tflow()))
        await m.addons.handle_lifecycle(HttpResponseHook(tflow.tflow(resp=True)))  # handled by none of them
        return seen

    assert asyncio.run(run()) == ["first", "child", "last"]


def test_an_addon_halt_stops_the_event_as_before() -> None:
    async def run() -> list[str]:
        seen: list[str] = []
        m = _master()
        m.addons.add(_Recorder("before", seen), _Halter(), _Recorder("after", seen))
        await m.addons.handle_lifecycle(HttpRequestHook(tflow.tflow()))
        return seen

    assert asyncio.run(run()) == ["before"]


def test_an_addon_added_or_removed_later_is_seen_by_the_next_event() -> None:
    async def run() -> list[str]:
        seen: list[str] = []
        m = _master()
        first = _Recorder("first", seen)
        m.addons.add(first)
        await m.addons.handle_lifecycle(HttpRequestHook(tflow.tflow()))
        m.addons.add(_Recorder("late", seen))
        await m.addons.handle_lifecycle(HttpRequestHook(tflow.tflow()))
        m.addons.remove(first)
        await m.addons.handle_lifecycle(HttpRequestHook(tflow.tflow()))
        return seen

    assert asyncio.run(run()) == ["first", "first", "late", "late"]
