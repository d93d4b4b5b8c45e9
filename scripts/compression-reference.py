#!/usr/bin/env python3
"""Reference values for the gzip compression ratio, computed with Python's own gzip (zlib) at level 9.

The diversity-metrics libraries (Shaib et al., 2024) define the compression ratio of a set of
responses as len(utf8(' '.join(texts))) / len(gzip.compress(utf8(' '.join(texts)), 9)). This script
computes the UTF-8 and gzip byte counts for real NoveltyBench generations in ../shared/data (see its
SOURCES.md) and writes them to src/lib/core/testing/compression-reference.json, which the table-driven
test in src/lib/core/metrics.compression.test.ts compares byte for byte with the app's metric.

Only ids, sizes and a short SHA-256 of each input are written, never the texts themselves: the test
reads the same texts from ../shared/data and checks the hash first, so it fails loudly if the data
changes instead of comparing against the wrong input. Standard library only.

Usage: python3 scripts/compression-reference.py [--data DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import platform
import sys
import zlib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "src" / "lib" / "core" / "testing" / "compression-reference.json"

# Generation files of five models plus the human answers, as listed in SOURCES.md.
SOURCES = {
    "gpt-4o": "noveltybench/generations/gpt-4o-2024-11-20/generations.jsonl",
    "claude-3.5-sonnet": "noveltybench/generations/claude-3-5-sonnet-v2-20241022/generations.jsonl",
    "claude-3.5-haiku": "noveltybench/generations/claude-3-5-haiku-20241022/generations.jsonl",
    "llama-3.1-8b": "noveltybench/generations/Llama-3.1-8B-Instruct/generations.jsonl",
    "gemma-3-27b": "noveltybench/generations/gemma-3-27b-it/generations.jsonl",
    "humans": "noveltybench/humans.jsonl",
}

# Every GROUP_STRIDE-th curated prompt (by number) gives a group case per source: 6 x 34 = 204 groups.
GROUP_STRIDE = 3
# The first generation of every TEXT_STRIDE-th prompt gives a single-text case: 6 x 20 = 120 texts.
TEXT_STRIDE = 5
LEVEL = 9

# Made-up edge cases: empty input, one-byte and multi-byte characters, a long run (matches at the
# maximum length 258) and text past the 32 KB window. Each text is a list of [piece, repeat] pairs
# so the reference file stays small; the test rebuilds the texts the same way.
SYNTHETIC: dict[str, list[list[list[object]]]] = {
    "empty": [],
    "one empty text": [[]],
    "two empty texts": [[], []],
    "two-byte character": [[["\u00e9", 1]]],
    "joined unicode": [[["\u4e2d\u6587", 1]], [["\u00e9", 1]], [["1", 1]]],
    "long run": [[["a", 70000]]],
    "repeated phrase past the window": [[["One source of protein is chicken. ", 2000]]],
    "emoji and accents": [[["caf\u00e9 \U0001F600 na\u00efve \u00fcber", 1]], [["\U0001F600", 300]]],
}


def build(recipe: list[list[object]]) -> str:
    return "".join(str(piece) * int(times) for piece, times in recipe)  # type: ignore[call-overload]


def curated_number(row_id: str) -> int:
    """'curated-17' -> 17; the files list prompts in different orders, so select by number."""
    return int(row_id.rsplit("-", 1)[1])


def measure(texts: list[str]) -> dict[str, object]:
    data = " ".join(texts).encode("utf-8")
    compressed = gzip.compress(data, compresslevel=LEVEL)
    # gzip.compress writes a 10-byte header without a file name and an 8-byte trailer, so the
    # size does not depend on mtime; check it so the reference never silently includes extras.
    assert compressed[3] == 0, "unexpected gzip header flags"
    raw = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    deflate_size = len(raw.compress(data) + raw.flush())
    assert len(compressed) == 10 + deflate_size + 8
    return {
        "sha256": hashlib.sha256(data).hexdigest()[:16],
        "utf8Bytes": len(data),
        "gzipBytes": len(compressed),
        "ratio": len(data) / len(compressed),
    }


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    cases: list[dict[str, object]] = []
    for source, path in SOURCES.items():
        rows = sorted(read_rows(args.data / path), key=lambda row: curated_number(row["id"]))
        for row in rows:
            number = curated_number(row["id"])
            if number % GROUP_STRIDE == 0:
                cases.append({"source": source, "id": row["id"], "texts": "all", **measure(row["generations"])})
            if number % TEXT_STRIDE == 0:
                cases.append({"source": source, "id": row["id"], "texts": 0, **measure(row["generations"][:1])})
        # One long input per source (every response of the file, ~100-400 KB) crosses many DEFLATE
        # blocks and the 32 KB window, where encoders differ most.
        everything = [text for row in rows for text in row["generations"]]
        cases.append({"source": source, "id": "*", "texts": "all", **measure(everything)})

    for name, recipes in SYNTHETIC.items():
        texts = [build(recipe) for recipe in recipes]
        cases.append({"source": "synthetic", "id": name, "texts": recipes, **measure(texts)})

    reference = {
        "description": (
            "UTF-8 and gzip byte counts of ' '.join(texts) with Python gzip.compress(data, 9); "
            "texts 'all' = every generation of the row joined by one space, 0 = the first one, "
            "id '*' = every generation of the file in id order; "
            "source 'synthetic' = made-up edge cases, each text given as [piece, repeat] pairs. Made by scripts/compression-reference.py."
        ),
        "python": platform.python_version(),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "level": LEVEL,
        "sources": SOURCES,
        "cases": cases,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # One case per line keeps the file small and its diffs readable.
    head = {key: value for key, value in reference.items() if key != "cases"}
    lines = [json.dumps(case, separators=(",", ":")) for case in cases]
    text = json.dumps(head, indent=2)[:-2] + ',\n  "cases": [\n    ' + ",\n    ".join(lines) + "\n  ]\n}\n"
    json.loads(text)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(cases)} cases to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
