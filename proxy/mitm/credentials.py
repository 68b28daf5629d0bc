"""Proxy credentials on a flow: taken off the request before anything is forwarded
(`requestheaders`), kept on the flow's metadata for the addons that identify."""

from __future__ import annotations

from mitmproxy import http

__all__ = ["PROXY_AUTH_KEY", "stash_proxy_authorization", "proxy_authorization"]

PROXY_AUTH_KEY = "privacy_guard.proxy_authorization"


def stash_proxy_authorization(flow: http.HTTPFlow) -> str | None:
    """Remove Proxy-Authorization from the request (never forwarded) and keep it on the flow."""
    auth: str | None = flow.request.headers.pop("proxy-authorization", None)
    if auth is not None:
        flow.metadata[PROXY_AUTH_KEY] = auth
    return auth


def proxy_authorization(flow: http.HTTPFlow) -> str | None:
    """The credentials the client sent with this request, if any (the header is gone by now)."""
    auth: str | None = flow.request.headers.pop("proxy-authorization", None) or flow.metadata.get(PROXY_AUTH_KEY)
    return auth
