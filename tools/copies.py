#!/usr/bin/env python3
"""Write N copies of a folder of articles as one JSONL corpus, with new ids.

usage: copies.py DIR N > corpus.jsonl

Every .txt file under DIR becomes one JSONL article per copy: id
"<name>-c<k>" (k = 1..N), title the first line, text the rest. Benchmarks
use it to make corpora larger than the shipped ones without committing data.
"""
import json
import os
import sys


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    root, n = argv[1], int(argv[2])
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith(".txt"):
                files.append(os.path.join(dirpath, f))
    out = sys.stdout
    for k in range(1, n + 1):
        for path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            title, _, body = text.partition("\n")
            rel = os.path.relpath(path, root)[:-4].replace(os.sep, "-")
            out.write(json.dumps({"id": f"{rel}-c{k}", "title": title.strip(), "text": body.strip()}) + "\n")


if __name__ == "__main__":
    main(sys.argv)
