"""mitmproxy's addon manager, visiting for each event only the addons that handle it.

Theory of operation: `AddonManager.trigger_event` walks the whole chain for every event and, per
addon, enters `safecall()`, creates and awaits the `invoke_addon` coroutine and looks the hook up
through `traverse` (about 4 µs each on this machine), also for the addons without that hook, which
are most of them: a request's eight lifecycle and update events visited eighteen addons each where
two to five handle it. `HookedAddons` keeps, per event name, the addons of the chain (with their
sub-addons) that have the hook, in chain order, and runs exactly mitmproxy's own loop over those:
the same calls in the same order, `AddonHalt` and `safecall` as before. The table is rebuilt when
the chain or the registered addons change (`add`, `remove`, a sub-addon registered later).
"""

from __future__ import annotations

from typing import Any

from mitmproxy import addonmanager, exceptions, hooks, master

__all__ = ["HookedAddons", "use_hooked_addons"]


class HookedAddons(addonmanager.AddonManager):
    def __init__(self, m: master.Master) -> None:
        super().__init__(m)
        self._table: dict[str, list[Any]] = {}
        self._table_for: tuple[int, int, int] = (0, -1, -1)

    def _handling(self, name: str) -> list[Any]:
        """The chain's addons that have a `name` hook, themselves or in a sub-addon."""
        key = (id(self.chain), len(self.chain), len(self.lookup))
        if key != self._table_for:
            self._table, self._table_for = {}, key
        found = self._table.get(name)
        if found is None:
            found = self._table[name] = [
                a for a in self.chain if any(getattr(x, name, None) for x in addonmanager.traverse([a]))
            ]
        return found

    async def trigger_event(self, event: hooks.Hook) -> None:
        """As `AddonManager.trigger_event`, over the addons that handle the event."""
        for i in self._handling(event.name):
            try:
                with addonmanager.safecall():
                    await self.invoke_addon(i, event)
            except exceptions.AddonHalt:
                return


def use_hooked_addons(m: master.Master) -> None:
    """Give a new master (before any addon is added) a `HookedAddons` manager."""
    if len(m.addons):
        raise ValueError("the master already has addons")
    m.options.changed.disconnect(m.addons._configure_all)
    m.addons = HookedAddons(m)
