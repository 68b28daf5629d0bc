"""Fuzz the format adapters: any JSON document, any adapter. Extraction never raises
(beyond the depth check), and writing every slot's own text back changes nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import atheris

    with atheris.instrument_imports(include=["proxy"]):
        from proxy.pipeline.formats import ADAPTERS, apply_replacements
        from proxy.pipeline.jsonwalk import check_depth
except ImportError:
    from proxy.pipeline.formats import ADAPTERS, apply_replacements
    from proxy.pipeline.jsonwalk import check_depth

from _common import main

NAMES = sorted(ADAPTERS)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    adapter = ADAPTERS[NAMES[data[0] % len(NAMES)]]
    try:
        doc = json.loads(data[1:].decode("utf-8"))
        check_depth(doc)
    except (ValueError, RecursionError):
        return
    slots = list(adapter.extract(doc))
    same = apply_replacements(doc, {s.path: s.text for s in slots})
    if json.dumps(same, sort_keys=True) != json.dumps(doc, sort_keys=True):
        raise AssertionError(f"{adapter.name}: writing slots back unchanged altered the document")
    marked = apply_replacements(doc, {s.path: "〔X〕" for s in slots})
    if slots and not any(s.text == "〔X〕" for s in adapter.extract(marked)):
        raise AssertionError(f"{adapter.name}: a rewritten slot is not where extract found it")


if __name__ == "__main__":
    main(test_one_input, "adapters")
