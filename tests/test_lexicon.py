"""The lexicon's cues are data, and its fast matcher finds exactly what each cue's regex finds."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from sushasan.grievances.classify import lexicon
from sushasan.grievances.classify.lexicon import CUES, Cue, Lexicon, load_cues

DATA = Path(lexicon.__file__).resolve().parent / "data"


def _naive(cues: tuple[Cue, ...], texts: list[str]) -> list[set[int]]:
    clean = [unicodedata.normalize("NFC", t).lower() for t in texts]
    return [{i for i, c in enumerate(cues) if re.search(c.pattern, t)} for t in clean]


def test_the_cues_come_from_their_data_file() -> None:
    assert lexicon.CUES_FILE == DATA / "cues.yaml"
    assert load_cues() == CUES
    names = [c.name for c in CUES]
    assert len(names) == len(set(names)) and {"negation", "praise", "official reply"} <= set(names)
    assert all("{" + m + "}" not in c.pattern for c in CUES for m in ("NAHI", "DAYS"))


def test_the_matcher_finds_what_the_regexes_find_on_every_shipped_post() -> None:
    texts = []
    for name in ("handwritten.jsonl", "eval.jsonl", "train.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    assert len(texts) > 1000
    assert Lexicon().cue_indices(texts) == _naive(CUES, texts)


@pytest.mark.parametrize("pattern, texts", [
    ("(?:since|for) (?:the )?\\d+ days?|kab tak", ["for 3 days", "since the 12 day", "kab tak?"]),
    ("[abc]x|ab?c|a", ["ax", "ac", "zz", "bx"]),
    ("(?:nahi|nhi)+ mila|\\d+ din", ["nahinahi mila", "nhi mila", "5 din se", "din"]),
    ("x(?:y|)z|q", ["xz", "xyz", "xq", "q"]),
])
def test_the_rewrite_keeps_odd_shapes_exact(pattern: str, texts: list[str]) -> None:
    cues = (Cue("a", 1.0, pattern),)
    assert Lexicon(cues).cue_indices(texts) == _naive(cues, texts)
