"""Files carried inside JSON bodies as base64, in every format: found by their shape, not by the adapter.

The adapters skip base64 media as "not text"; this module finds it so the pipeline can decode
it and read the file (`uploads.filetext`). Shapes, as the API references write them:
  * a data URL string `data:<media type>;base64,<data>` anywhere: OpenAI `file.file_data`,
    `image_url.url`, Responses `input_file.file_data` and `input_image.image_url`, and the same
    in web chat sites' private JSON;
  * an object with a base64 `data` and a media type (`media_type`, `mimeType`, `mime_type`):
    Anthropic `source` of `document`/`image` blocks (`{"type": "base64", ...}`), Gemini
    `inlineData`/`inline_data`;
  * `file_data` without the data-URL prefix (OpenAI accepts bare base64 too), `input_audio.data`,
    and Ollama's `images` list.
A string must look like base64 to count; anything else stays text and is scanned as text.
The walk is iterative (an explicit stack), like `jsonwalk`.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from proxy.pipeline.jsonwalk import JsonPath

__all__ = ["EmbeddedFile", "embedded_files", "decode_base64"]

# Lenient about spaces (`data:text/plain; charset=big5;base64,`): a shape a client may send must
# not slip through as "not a file" (found by the property test).
_DATA_URL = re.compile(r"data:\s*([\w.+/-]*)((?:\s*;\s*[\w.+-]+\s*=\s*[^;,]*)*)\s*;\s*base64\s*,", re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/_\-\s]+={0,2}\s*")
_MEDIA_KEYS = ("media_type", "mimeType", "mime_type")
#: Keys whose string (or list of strings) value is bare base64 file data.
_BARE_KEYS = frozenset(("file_data", "fileData"))
_BARE_LIST_KEYS = frozenset(("images",))
#: Short strings are ids and words, not files; a data URL counts at any length.
_MIN_BARE = 16


@dataclass(frozen=True, slots=True)
class EmbeddedFile:
    path: JsonPath
    #: The base64 text (without a data-URL prefix); when `base64` is False, the file field's
    #: text as it stands (a data URL without `;base64`, or a file field that is not base64).
    data: str
    media_type: str | None
    filename: str | None
    base64: bool = True


def decode_base64(data: str) -> bytes:
    """Standard or URL-safe base64, whitespace allowed; raises ValueError when it is not base64."""
    compact = "".join(data.split())
    if "-" in compact or "_" in compact:
        compact = compact.replace("-", "+").replace("_", "/")
    compact += "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error as exc:
        raise ValueError("not base64") from exc


def _looks_base64(text: str) -> bool:
    return _BASE64.fullmatch(text) is not None


def _from_string(text: str, path: JsonPath, key: str | int | None, filename: str | None) -> EmbeddedFile | None:
    if text[:5].lower() == "data:":
        m = _DATA_URL.match(text)
        if m is not None:
            return EmbeddedFile(path, text[m.end():], (m.group(1) + m.group(2)).strip().lower() or None, filename)
        # RFC 2397 without `;base64`: the payload is (percent-encoded) text.
        return EmbeddedFile(path, text, None, filename, base64=False) if "," in text else None
    if key in _BARE_KEYS:
        if len(text) >= _MIN_BARE and _looks_base64(text):
            return EmbeddedFile(path, text, None, filename)
        # A file field holding something else is read as text, never skipped as "not a file".
        return EmbeddedFile(path, text, None, filename, base64=False) if text.strip() else None
    return None


def _from_object(node: dict[str, object], path: JsonPath, parent_key: str | int | None) -> EmbeddedFile | None:
    data = node.get("data")
    if not isinstance(data, str) or not data.strip():
        return None
    media = next((v for k in _MEDIA_KEYS if isinstance(v := node.get(k), str)), None)
    if media is None and parent_key != "input_audio":
        return None
    if node.get("type") not in (None, "base64"):
        return None
    if data[:5].lower() == "data:":  # a data URL where bare base64 belongs: read it as one
        return _from_string(data, (*path, "data"), "data", None)
    is_base64 = len(data) >= _MIN_BARE and _looks_base64(data)
    return EmbeddedFile((*path, "data"), data, media.lower() if media else None, None, base64=is_base64)


def embedded_files(doc: object) -> list[EmbeddedFile]:
    """Every base64 file in a parsed JSON document (an object's own strings before its nested values)."""
    found: list[EmbeddedFile] = []
    stack: list[tuple[object, JsonPath, str | int | None]] = [(doc, (), None)]
    while stack:
        node, path, key = stack.pop()
        if isinstance(node, dict):
            hit = _from_object(node, path, key)
            if hit is not None:
                found.append(hit)
            filename = node.get("filename")
            name = filename if isinstance(filename, str) else None
            children: list[tuple[object, JsonPath, str | int | None]] = []
            for k, v in node.items():
                if hit is not None and k == "data":
                    continue
                if isinstance(v, str):
                    if (f := _from_string(v, (*path, k), k, name)) is not None:
                        found.append(f)
                elif isinstance(v, list) and k in _BARE_LIST_KEYS:
                    for i, item in enumerate(v):
                        if isinstance(item, str) and (len(item) >= _MIN_BARE and _looks_base64(item)
                                                      or item[:5].lower() == "data:"):
                            f = _from_string(item, (*path, k, i), "file_data", None)
                            if f is not None:
                                found.append(f)
                        elif isinstance(item, (dict, list)):
                            children.append((item, (*path, k, i), i))
                elif isinstance(v, (dict, list)):
                    children.append((v, (*path, k), k))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            children = []
            for i, v in enumerate(node):
                if isinstance(v, str):
                    if (f := _from_string(v, (*path, i), i, None)) is not None:
                        found.append(f)
                elif isinstance(v, (dict, list)):
                    children.append((v, (*path, i), i))
            stack.extend(reversed(children))
        elif isinstance(node, str) and (f := _from_string(node, path, key, None)) is not None:
            found.append(f)
    return found
