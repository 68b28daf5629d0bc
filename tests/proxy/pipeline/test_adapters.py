"""Unit tests for the request-body adapters: exact slots per format as the SDKs send them,
write-back that touches only those strings, and the fall-back to every string on odd shapes."""

from __future__ import annotations

import copy
import json

import pytest

from proxy.pipeline.formats import (
    ADAPTERS,
    TextSlot,
    all_strings,
    apply_replacements,
    get_adapter,
)
from proxy.pipeline.formats.base import JsonPath

Expected = list[tuple[JsonPath, str, str | None]]

PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"

OPENAI_CHAT = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "你是一位耐心的初中语文老师。"},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "请帮我修改学生王小明的作文，家长电话13912345678。"},
                {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG_B64}", "detail": "low"}},
            ],
            "name": "teacher_li",
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_abc123",
                    "type": "function",
                    "function": {"name": "lookup_student", "arguments": '{"name": "王小明"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_abc123", "content": "王小明，初二(3)班，学号20230315"},
        {"role": "assistant", "content": None, "function_call": {"name": "grade", "arguments": '{"score": "良"}'}},
    ],
    "temperature": 0.2,
    "stream": True,
    "stream_options": {"include_usage": True},
    "tools": [
        {
            "type": "function",
            "function": {
                "name": "lookup_student",
                "description": "Look up a student by name",
                "parameters": {"type": "object", "properties": {"name": {"type": "string"}}},
            },
        }
    ],
}
OPENAI_CHAT_SLOTS: Expected = [
    (("messages", 0, "content"), "你是一位耐心的初中语文老师。", "system"),
    (("messages", 1, "content", 0, "text"), "请帮我修改学生王小明的作文，家长电话13912345678。", "user"),
    (("messages", 1, "name"), "teacher_li", "user"),
    (("messages", 2, "tool_calls", 0, "function", "arguments"), '{"name": "王小明"}', "assistant"),
    (("messages", 3, "content"), "王小明，初二(3)班，学号20230315", "tool"),
    (("messages", 4, "function_call", "arguments"), '{"score": "良"}', "assistant"),
]

OPENAI_RESPONSES = {
    "model": "gpt-4.1",
    "instructions": "用简体中文回答，语气温和。",
    "input": [
        {"role": "user", "content": "我的学生张伟最近成绩下滑"},
        {
            "type": "message",
            "role": "user",
            "content": [
                {"type": "input_text", "text": "这是他的成绩单，身份证号110101200801011234"},
                {"type": "input_image", "image_url": f"data:image/png;base64,{PNG_B64}", "detail": "auto"},
                {"type": "input_file", "filename": "张伟成绩单.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"},
            ],
        },
        {
            "type": "reasoning",
            "id": "rs_1",
            "summary": [{"type": "summary_text", "text": "The teacher asks about 张伟"}],
            "encrypted_content": "gAAAAABoX1y2",
        },
        {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_grades", "arguments": '{"student":"张伟"}'},
        {"type": "function_call_output", "call_id": "call_1", "output": '{"math": 62}'},
        {
            "type": "message",
            "role": "assistant",
            "id": "msg_1",
            "status": "completed",
            "content": [{"type": "output_text", "text": "张伟的数学成绩是62分。", "annotations": []}],
        },
    ],
    "store": False,
    "tools": [{"type": "function", "name": "get_grades", "parameters": {"type": "object", "properties": {}}}],
}
OPENAI_RESPONSES_SLOTS: Expected = [
    (("instructions",), "用简体中文回答，语气温和。", "system"),
    (("input", 0, "content"), "我的学生张伟最近成绩下滑", "user"),
    (("input", 1, "content", 0, "text"), "这是他的成绩单，身份证号110101200801011234", "user"),
    (("input", 1, "content", 2, "filename"), "张伟成绩单.pdf", "user"),
    (("input", 2, "summary", 0, "text"), "The teacher asks about 张伟", "assistant"),
    (("input", 3, "arguments"), '{"student":"张伟"}', "assistant"),
    (("input", 4, "output"), '{"math": 62}', "tool"),
    (("input", 5, "content", 0, "text"), "张伟的数学成绩是62分。", "assistant"),
]

OPENAI_RESPONSES_STRING = {"model": "gpt-4.1-mini", "input": "王小明的电话是多少？", "instructions": None}
OPENAI_RESPONSES_STRING_SLOTS: Expected = [(("input",), "王小明的电话是多少？", "user")]

OPENAI_COMPLETIONS = {
    "model": "gpt-3.5-turbo-instruct",
    "prompt": ["学生评语：王小明", "学生评语：李娜"],
    "suffix": "（完）",
    "max_tokens": 64,
}
OPENAI_COMPLETIONS_SLOTS: Expected = [
    (("prompt", 0), "学生评语：王小明", None),
    (("prompt", 1), "学生评语：李娜", None),
    (("suffix",), "（完）", None),
]

OPENAI_EMBEDDINGS = {"model": "text-embedding-3-small", "input": ["王小明 三年级二班", "李娜 家长13912345678"], "encoding_format": "float"}
OPENAI_EMBEDDINGS_SLOTS: Expected = [
    (("input", 0), "王小明 三年级二班", None),
    (("input", 1), "李娜 家长13912345678", None),
]

OPENAI_EMBEDDINGS_TOKENS = {"model": "text-embedding-3-small", "input": [[9906, 1917], [15339]]}

ANTHROPIC = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 1024,
    "system": [
        {"type": "text", "text": "You are a homework helper for 北京市第一中学.", "cache_control": {"type": "ephemeral"}}
    ],
    "messages": [
        {"role": "user", "content": "帮我查一下李娜的作业"},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "我来查一下。"},
                {
                    "type": "tool_use",
                    "id": "toolu_01",
                    "name": "find_homework",
                    "input": {"student": "李娜", "filters": {"subjects": ["数学", "英语"], "limit": 5}},
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_01", "content": [{"type": "text", "text": "李娜 数学作业 未交"}]},
                {"type": "tool_result", "tool_use_id": "toolu_02", "content": "没有记录", "is_error": False},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG_B64}},
                {
                    "type": "document",
                    "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjQK"},
                    "title": "李娜的作业.pdf",
                },
                {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "家庭住址：朝阳区幸福路8号"}},
                {"type": "text", "text": "她的家长电话是13912345678"},
            ],
        },
    ],
    "tools": [{"name": "find_homework", "description": "Find homework", "input_schema": {"type": "object"}}],
    "metadata": {"user_id": "teacher-7"},
}
ANTHROPIC_SLOTS: Expected = [
    (("system", 0, "text"), "You are a homework helper for 北京市第一中学.", "system"),
    (("messages", 0, "content"), "帮我查一下李娜的作业", "user"),
    (("messages", 1, "content", 0, "text"), "我来查一下。", "assistant"),
    (("messages", 1, "content", 1, "input", "student"), "李娜", "assistant"),
    (("messages", 1, "content", 1, "input", "filters", "subjects", 0), "数学", "assistant"),
    (("messages", 1, "content", 1, "input", "filters", "subjects", 1), "英语", "assistant"),
    (("messages", 2, "content", 0, "content", 0, "text"), "李娜 数学作业 未交", "user"),
    (("messages", 2, "content", 1, "content"), "没有记录", "user"),
    (("messages", 2, "content", 3, "title"), "李娜的作业.pdf", "user"),
    (("messages", 2, "content", 4, "source", "data"), "家庭住址：朝阳区幸福路8号", "user"),
    (("messages", 2, "content", 5, "text"), "她的家长电话是13912345678", "user"),
]

GEMINI = {
    "contents": [
        {
            "role": "user",
            "parts": [
                {"text": "总结一下陈静同学的病假记录"},
                {"inlineData": {"mimeType": "image/png", "data": PNG_B64}},
            ],
        },
        {
            "role": "model",
            "parts": [
                {
                    "functionCall": {"name": "get_leave_records", "args": {"student": "陈静", "term": "2024秋"}},
                    "thoughtSignature": "CpkBAYx1",
                }
            ],
        },
        {
            "role": "user",
            "parts": [
                {
                    "functionResponse": {
                        "name": "get_leave_records",
                        "response": {"records": [{"date": "2024-10-08", "reason": "肺炎住院", "days": 5}]},
                    }
                }
            ],
        },
    ],
    "systemInstruction": {"parts": [{"text": "你是班主任助理。"}]},
    "generationConfig": {"temperature": 0.3, "responseMimeType": "text/plain"},
    "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}],
}
GEMINI_SLOTS: Expected = [
    (("contents", 0, "parts", 0, "text"), "总结一下陈静同学的病假记录", "user"),
    (("contents", 1, "parts", 0, "functionCall", "args", "student"), "陈静", "model"),
    (("contents", 1, "parts", 0, "functionCall", "args", "term"), "2024秋", "model"),
    (("contents", 2, "parts", 0, "functionResponse", "response", "records", 0, "date"), "2024-10-08", "user"),
    (("contents", 2, "parts", 0, "functionResponse", "response", "records", 0, "reason"), "肺炎住院", "user"),
    (("systemInstruction", "parts", 0, "text"), "你是班主任助理。", "system"),
]

GEMINI_SNAKE = {
    "system_instruction": {"parts": [{"text": "简短回答"}]},
    "contents": [{"parts": [{"text": "王小明请假了"}, {"function_call": {"name": "f", "args": {"who": "王小明"}}}]}],
}
GEMINI_SNAKE_SLOTS: Expected = [
    (("system_instruction", "parts", 0, "text"), "简短回答", "system"),
    (("contents", 0, "parts", 0, "text"), "王小明请假了", None),
    (("contents", 0, "parts", 1, "function_call", "args", "who"), "王小明", None),
]

OLLAMA_CHAT = {
    "model": "qwen2.5:7b",
    "messages": [
        {"role": "system", "content": "你是学校的AI助教。"},
        {"role": "user", "content": "这张照片里是王小明吗？", "images": [PNG_B64]},
        {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "find_student", "arguments": {"name": "王小明"}}}]},
        {"role": "tool", "content": "王小明 初二(3)班"},
    ],
    "stream": False,
    "options": {"temperature": 0.1},
}
OLLAMA_CHAT_SLOTS: Expected = [
    (("messages", 0, "content"), "你是学校的AI助教。", "system"),
    (("messages", 1, "content"), "这张照片里是王小明吗？", "user"),
    (("messages", 2, "content"), "", "assistant"),
    (("messages", 2, "tool_calls", 0, "function", "arguments", "name"), "王小明", "assistant"),
    (("messages", 3, "content"), "王小明 初二(3)班", "tool"),
]

OLLAMA_GENERATE = {
    "model": "qwen2.5:7b",
    "prompt": "给李娜的家长写一条短信，电话13912345678",
    "system": "语气正式",
    "stream": False,
    "context": [151644, 872, 198],
}
OLLAMA_GENERATE_SLOTS: Expected = [
    (("prompt",), "给李娜的家长写一条短信，电话13912345678", None),
    (("system",), "语气正式", "system"),
]

GENERIC = {"query": "王小明", "nested": {"list": ["a", 1, {"k": "v"}], "ok": True}, "n": None}
GENERIC_SLOTS: Expected = [
    (("query",), "王小明", None),
    (("nested", "list", 0), "a", None),
    (("nested", "list", 2, "k"), "v", None),
]

FORMATS = [
    pytest.param("openai_chat", OPENAI_CHAT, OPENAI_CHAT_SLOTS, id="openai chat with tool calls"),
    pytest.param("openai_responses", OPENAI_RESPONSES, OPENAI_RESPONSES_SLOTS, id="responses with mixed items"),
    pytest.param("openai_responses", OPENAI_RESPONSES_STRING, OPENAI_RESPONSES_STRING_SLOTS, id="responses string input"),
    pytest.param("openai_completions", OPENAI_COMPLETIONS, OPENAI_COMPLETIONS_SLOTS, id="completions prompt list"),
    pytest.param("openai_embeddings", OPENAI_EMBEDDINGS, OPENAI_EMBEDDINGS_SLOTS, id="embeddings strings"),
    pytest.param("openai_embeddings", OPENAI_EMBEDDINGS_TOKENS, [], id="embeddings token ids are skipped"),
    pytest.param("anthropic_messages", ANTHROPIC, ANTHROPIC_SLOTS, id="anthropic with tool_result and documents"),
    pytest.param("gemini_generate", GEMINI, GEMINI_SLOTS, id="gemini with function call and response"),
    pytest.param("gemini_generate", GEMINI_SNAKE, GEMINI_SNAKE_SLOTS, id="gemini snake_case fields"),
    pytest.param("ollama", OLLAMA_CHAT, OLLAMA_CHAT_SLOTS, id="ollama chat"),
    pytest.param("ollama", OLLAMA_GENERATE, OLLAMA_GENERATE_SLOTS, id="ollama generate"),
    pytest.param("generic_json", GENERIC, GENERIC_SLOTS, id="generic json"),
]


def triples(slots: list[TextSlot]) -> Expected:
    return [(s.path, s.text, s.role) for s in slots]


def canonical(doc: object) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def set_at(doc: object, path: JsonPath, value: str) -> None:
    """An independent write, to check apply_replacements against."""
    node = doc
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]


@pytest.mark.parametrize("fmt,body,expected", FORMATS)
def test_each_format_lists_exactly_the_user_authored_strings(fmt: str, body: object, expected: Expected) -> None:
    assert triples(get_adapter(fmt).extract(body)) == expected


@pytest.mark.parametrize("fmt,body,expected", FORMATS)
def test_rewriting_the_slots_changes_those_strings_and_nothing_else(fmt: str, body: object, expected: Expected) -> None:
    before = canonical(body)
    slots = get_adapter(fmt).extract(body)
    replacements = {s.path: f"<REDACTED_{i}>" for i, s in enumerate(slots)}

    rewritten = apply_replacements(body, replacements)

    wanted = copy.deepcopy(body)
    for path, text in replacements.items():
        set_at(wanted, path, text)
    assert canonical(rewritten) == canonical(wanted)
    assert canonical(body) == before, "the input document must not be modified"
    assert triples(get_adapter(fmt).extract(rewritten)) == [(p, t, r) for (p, _, r), t in zip(expected, replacements.values())]


@pytest.mark.parametrize("fmt,body,expected", FORMATS)
def test_replacing_every_slot_with_itself_returns_an_equal_copy(fmt: str, body: object, expected: Expected) -> None:
    rewritten = apply_replacements(body, {s.path: s.text for s in get_adapter(fmt).extract(body)})
    assert rewritten == body
    assert canonical(rewritten) == canonical(body)
    assert rewritten is not body


MALFORMED = [
    pytest.param("openai_chat", {"model": "gpt-4o", "messages": "王小明的电话13912345678"}, id="messages is a string"),
    pytest.param("openai_chat", {"model": "gpt-4o", "messages": ["王小明"]}, id="message is not an object"),
    pytest.param("openai_chat", {"model": "gpt-4o", "messages": [{"role": "user", "content": 42}], "x": "王小明"}, id="content is a number"),
    pytest.param("openai_chat", {"model": "gpt-4o", "prompt": "王小明"}, id="messages missing"),
    pytest.param("openai_responses", {"input": {"text": "王小明"}}, id="responses input is an object"),
    pytest.param("openai_embeddings", {"input": [["王小明"]]}, id="embeddings nested strings"),
    pytest.param("anthropic_messages", {"messages": [{"role": "user", "content": {"text": "王小明"}}]}, id="anthropic content object"),
    pytest.param("gemini_generate", {"generateContentRequest": {"contents": [{"parts": [{"text": "王小明"}]}]}}, id="gemini countTokens wrapper"),
    pytest.param("gemini_generate", {"contents": [{"parts": {"text": "王小明"}}]}, id="gemini parts not a list"),
    pytest.param("ollama", {"model": "qwen", "keep_alive": "王小明"}, id="ollama no known field"),
    pytest.param("openai_chat", ["王小明", {"a": "13912345678"}], id="body is a list"),
    pytest.param("anthropic_messages", "王小明 13912345678", id="body is a string"),
]


@pytest.mark.parametrize("fmt,body", MALFORMED)
def test_a_body_of_unexpected_shape_falls_back_to_every_string(fmt: str, body: object) -> None:
    slots = get_adapter(fmt).extract(body)
    assert triples(slots) == triples(all_strings(body))
    assert any("王小明" in s.text for s in slots)


def test_a_body_that_is_not_json_text_yields_nothing_and_does_not_crash() -> None:
    assert [get_adapter(name).extract(None) for name in ADAPTERS] == [[] for _ in ADAPTERS]
    assert get_adapter("openai_chat").extract(3.5) == []


UNKNOWN_BLOCKS = [
    pytest.param("openai_chat", {"messages": [{"role": "user", "content": [{"type": "video", "caption": "王小明"}]}]}, id="chat part"),
    pytest.param("anthropic_messages", {"messages": [{"role": "user", "content": [{"type": "note", "body": "王小明"}]}]}, id="anthropic block"),
    pytest.param("openai_responses", {"input": [{"type": "web_search_call", "action": {"query": "王小明"}}]}, id="responses item"),
    pytest.param("gemini_generate", {"contents": [{"parts": [{"futurePart": {"caption": "王小明"}}]}]}, id="gemini part"),
]


@pytest.mark.parametrize("fmt,body", UNKNOWN_BLOCKS)
def test_an_unknown_block_type_yields_every_string_inside_it(fmt: str, body: object) -> None:
    assert "王小明" in [s.text for s in get_adapter(fmt).extract(body)]


def test_signatures_and_encrypted_reasoning_are_never_slots() -> None:
    body = {
        "messages": [
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "王小明 asked about grades", "signature": "EqQBCkgIARABGAIiQ"},
                    {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
                ],
            }
        ]
    }
    assert triples(get_adapter("anthropic_messages").extract(body)) == [
        (("messages", 0, "content", 0, "thinking"), "王小明 asked about grades", "assistant")
    ]


def test_all_strings_reports_values_not_keys_in_document_order() -> None:
    doc = {"王小明": "key is not text", "b": ["x", {"c": "y"}], "d": 5}
    assert triples(all_strings(doc, ("root",), "user")) == [
        (("root", "王小明"), "key is not text", "user"),
        (("root", "b", 0), "x", "user"),
        (("root", "b", 1, "c"), "y", "user"),
    ]


def test_all_strings_survives_very_deep_nesting() -> None:
    doc: object = "王小明"
    for _ in range(5000):
        doc = [doc]
    assert [s.text for s in get_adapter("generic_json").extract(doc)] == ["王小明"]


BAD_PATHS = [
    pytest.param({"a": 1}, ("a",), "x", TypeError, r"points to int, not a string", id="path to a number"),
    pytest.param({"a": {"b": "t"}}, ("a",), "x", TypeError, r"points to dict, not a string", id="path to an object"),
    pytest.param({"a": "t"}, ("b",), "x", KeyError, r"no key 'b'", id="missing key"),
    pytest.param({"a": ["t"]}, ("a", 3), "x", KeyError, r"index 3 out of range", id="index out of range"),
    pytest.param({"a": ["t"]}, ("a", "0"), "x", TypeError, r"list index must be an int", id="string index into a list"),
    pytest.param({"a": "t"}, ("a", "b"), "x", TypeError, r"cannot step into str", id="step into a string"),
    pytest.param({"a": "t"}, ("a",), 7, TypeError, r"must be a string, got int", id="replacement is not a string"),
    pytest.param({"a": "t"}, (), "x", TypeError, r"path \(\) points to dict", id="empty path on an object"),
]


@pytest.mark.parametrize("doc,path,value,error,message", BAD_PATHS)
def test_a_replacement_path_that_does_not_lead_to_a_string_is_refused(
    doc: object, path: JsonPath, value: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        apply_replacements(doc, {path: value})  # type: ignore[dict-item]


def test_the_empty_path_replaces_a_document_that_is_a_string() -> None:
    assert apply_replacements("王小明", {(): "<NAME>"}) == "<NAME>"


def test_the_registry_holds_every_format_under_its_own_name() -> None:
    assert sorted(ADAPTERS) == sorted(
        [
            "openai_chat",
            "openai_responses",
            "openai_completions",
            "openai_embeddings",
            "anthropic_messages",
            "gemini_generate",
            "ollama",
            "generic_json",
        ]
    )
    assert all(adapter.name == name for name, adapter in ADAPTERS.items())


def test_an_unknown_format_name_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"unknown request format 'mistral'.*known formats: anthropic_messages, gemini_generate"):
        get_adapter("mistral")
