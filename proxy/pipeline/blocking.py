"""Block answers in each client's own error format, explaining in Chinese which
kinds of data were found (types, never values) and how to rephrase."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from detectors.entities import LABELS

__all__ = ["BlockResponse", "block_message", "block_response", "unreachable_message", "unreachable_response"]


@dataclass(frozen=True, slots=True)
class BlockResponse:
    status: int
    content_type: str
    body: bytes


def block_message(
    entities: Iterable[str], reason: str = "", rule_message: str = "", papers: Iterable[tuple[str, str]] = ()
) -> str:
    if rule_message:
        # A usage rule (whitelist, exam period, daily limit), not a data finding.
        return f"【学校 AI 使用规定】{rule_message}"
    named = sorted(set(papers))
    if named:
        which = "、".join(f"《{title}》（保密至 {until.replace('T', ' ')}）" for title, until in named)
        return (
            f"【学校考试保密】此请求包含已登记的考试试题：{which}，已被拦截，没有发送给 AI 服务。"
            "考试结束、解除保密之前，试题不能输入任何 AI 工具。"
        )
    found = set(entities)
    if "EXAM_ITEM" in found:
        # An unregistered item blocked by its framing (or by exam_structure_action: block).
        others = "、".join(LABELS.get(e, e) for e in sorted(found - {"EXAM_ITEM"}))
        return (
            "【学校考试保密】此请求看起来包含即将进行、正在进行或尚未公开的考试的试题"
            "（例如“下周月考的题”“还没公布”“考前勿外传”），已被拦截，没有发送给 AI 服务。"
            "按照学校规定，考试结束、试题公开之前，试题不能输入任何 AI 工具。"
            + (f"此请求还包含{others}等敏感信息。" if others else "")
            + "如果这是已经公开的练习题，或有其他疑问，请联系学校教务处或信息管理员。"
        )
    kinds = "、".join(LABELS.get(e, e) for e in sorted(found))
    what = f"包含{kinds}等敏感信息" if kinds else (reason or "不符合学校的使用规定")
    return (
        f"【学校隐私保护】此请求{what}，已被拦截，没有发送给 AI 服务。"
        "请删除或改写这些信息后再试：例如用“某同学”代替姓名，不要粘贴身份证号、电话、住址或密钥。"
        "如有疑问，请联系学校信息管理员。"
    )


def _openai(msg: str, stream: bool) -> BlockResponse:
    err = {"error": {"message": msg, "type": "privacy_guard_blocked", "param": None, "code": "sensitive_data"}}
    if stream:
        body = f"data: {json.dumps(err, ensure_ascii=False)}\n\ndata: [DONE]\n\n"
        return BlockResponse(200, "text/event-stream; charset=utf-8", body.encode())
    return BlockResponse(403, "application/json; charset=utf-8", json.dumps(err, ensure_ascii=False).encode())


def _anthropic(msg: str, stream: bool) -> BlockResponse:
    err = {"type": "error", "error": {"type": "permission_error", "message": msg}}
    if stream:
        body = f"event: error\ndata: {json.dumps(err, ensure_ascii=False)}\n\n"
        return BlockResponse(200, "text/event-stream; charset=utf-8", body.encode())
    return BlockResponse(403, "application/json; charset=utf-8", json.dumps(err, ensure_ascii=False).encode())


def _gemini(msg: str, stream: bool) -> BlockResponse:
    err = {"error": {"code": 403, "message": msg, "status": "PERMISSION_DENIED"}}
    return BlockResponse(403, "application/json; charset=utf-8", json.dumps(err, ensure_ascii=False).encode())


def _ollama(msg: str, stream: bool) -> BlockResponse:
    return BlockResponse(403, "application/json; charset=utf-8", json.dumps({"error": msg}, ensure_ascii=False).encode())


def _web(msg: str, stream: bool, wants_html: bool = False) -> BlockResponse:
    if wants_html:
        page = (
            "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>请求已被拦截</title>"
            "<body style='font-family:sans-serif;max-width:40em;margin:3em auto'>"
            f"<h1>请求已被拦截</h1><p>{html.escape(msg)}</p></body></html>"
        )
        return BlockResponse(403, "text/html; charset=utf-8", page.encode())
    body = {"error": {"message": msg, "code": "privacy_guard_blocked"}, "blocked_by": "privacy-guard"}
    return BlockResponse(403, "application/json; charset=utf-8", json.dumps(body, ensure_ascii=False).encode())


_BY_FORMAT: Mapping[str, Callable[[str, bool], BlockResponse]] = MappingProxyType(
    {
        "openai_chat": _openai,
        "openai_responses": _openai,
        "openai_completions": _openai,
        "openai_embeddings": _openai,
        "anthropic_messages": _anthropic,
        "gemini_generate": _gemini,
        "ollama": _ollama,
    }
)


def block_response(
    fmt: str, entities: Iterable[str], *, stream: bool, wants_html: bool, reason: str = "", rule_message: str = "",
    papers: Iterable[tuple[str, str]] = (),
) -> BlockResponse:
    msg = block_message(entities, reason, rule_message, papers)
    maker = _BY_FORMAT.get(fmt)
    if maker is None:
        return _web(msg, stream, wants_html)
    return maker(msg, stream)


# -- the AI service cannot be reached --------------------------------------------------------
#
# Not a block: nothing was wrong with the request. Same shapes as the blocks above, so
# the client shows the Chinese text where it shows an error; 502 as the gateway it is.

def unreachable_message(service_name: str) -> str:
    return (
        f"【学校 AI 网关】暂时无法连接 AI 服务（{service_name}），请求没有发送出去。"
        "可能是该服务暂时不可用或学校网络故障。请稍后再试；如果一直如此，请联系学校信息管理员。"
    )


def unreachable_response(fmt: str, service_name: str, *, wants_html: bool) -> BlockResponse:
    msg = unreachable_message(service_name)
    if fmt.startswith("openai_"):
        doc: dict[str, object] = {"error": {"message": msg, "type": "upstream_unreachable", "param": None,
                                            "code": "upstream_unreachable"}}
    elif fmt == "anthropic_messages":
        doc = {"type": "error", "error": {"type": "api_error", "message": msg}}
    elif fmt == "gemini_generate":
        doc = {"error": {"code": 502, "message": msg, "status": "UNAVAILABLE"}}
    elif fmt == "ollama":
        doc = {"error": msg}
    elif wants_html:
        page = (
            "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>暂时无法连接 AI 服务</title>"
            "<body style='font-family:sans-serif;max-width:40em;margin:3em auto'>"
            f"<h1>暂时无法连接 AI 服务</h1><p>{html.escape(msg)}</p></body></html>"
        )
        return BlockResponse(502, "text/html; charset=utf-8", page.encode())
    else:
        doc = {"error": {"message": msg, "code": "upstream_unreachable"}, "answered_by": "privacy-guard"}
    return BlockResponse(502, "application/json; charset=utf-8", json.dumps(doc, ensure_ascii=False).encode())
