#!/usr/bin/env python3
"""gen_corpus.py - a deterministic synthetic news corpus for benchmarks.

Writes JSON Lines (id, date, source, url, title, text) built from sentence
templates about diplomacy and conflict, with the things that make
segmentation work: abbreviations (Gen., U.S., Dec.), initials, quotes,
clitics, hyphenated compounds, numbers with commas and decimals, URLs and
curly punctuation. The same seed and size give the same bytes.

usage: bench/gen_corpus.py [--mb 100] [--seed 1] [--out bench/out/news.jsonl]
"""
import argparse
import json
import os
import random

ACTORS = ["Qatar", "Israel", "Hamas", "the United Nations", "Egypt", "the U.S. State Department",
          "Gen. Mark Milley", "Sheikh Mohammed bin Abdulrahman Al Thani", "President Joe Biden",
          "Mr. Blinken", "Prime Minister Benjamin Netanyahu", "the European Union", "Iran", "Russia",
          "Ukraine", "Turkey's foreign ministry", "Dr. Tedros Adhanom Ghebreyesus", "NATO",
          "the Palestinian Authority", "Saudi Arabia", "Lt. Col. Peter Lerner", "Sen. Chris Murphy"]
VERBS = ["met", "criticized", "accused", "praised", "threatened", "urged", "negotiated with",
         "sanctioned", "hosted", "condemned", "appealed to", "signed an agreement with",
         "rejected a proposal from", "offered aid to", "warned"]
PLACES = ["Doha", "Cairo", "Gaza City", "Tel Aviv", "Washington, D.C.", "Geneva", "Kyiv", "Ankara",
          "Riyadh", "Brussels", "St. Petersburg", "New York"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
SOURCES = ["wire", "gazette", "herald", "monitor", "tribune"]


def sentence(rng):
    a, b = rng.sample(ACTORS, 2)
    kind = rng.randrange(9)
    if kind == 0:
        return f"{a} {rng.choice(VERBS)} {b} in {rng.choice(PLACES)} on {rng.choice(MONTHS)} {rng.randint(1, 28)}."
    if kind == 1:
        return (f"\u201cWe don\u2019t accept this,\u201d said {a}, adding that talks with {b} "
                f"would resume within a {rng.randint(2, 30)}-day window.")
    if kind == 2:
        return (f"Aid worth ${rng.randint(1, 999)},{rng.randint(100, 999)} million and "
                f"{rng.randint(1, 99)}.{rng.randint(1, 9)} percent of the budget was pledged by {a}.")
    if kind == 3:
        return f"{a} said it isn't clear whether {b}'s ceasefire offer \u2014 first reported Monday \u2014 would hold."
    if kind == 4:
        return f"Officials in {rng.choice(PLACES)} said the cross-border talks they'd planned were postponed."
    if kind == 5:
        return f"\"It's a step forward,\" {a} told reporters... but {b} called it \"a non-starter.\""
    if kind == 6:
        return f"Details were posted at https://www.example.org/news/{rng.randint(1000, 9999)} by {a}."
    if kind == 7:
        return f"{a} {rng.choice(VERBS)} {b} after {rng.randint(2, 900)} people were killed, according to No. {rng.randint(2, 20)} report."
    return f"Why did {a} wait so long? {b} asked."


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="size in MB (10^6 bytes), default 100")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "news.jsonl"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    limit = int(args.mb * 1e6)
    written = 0
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        while written < limit:
            n += 1
            paras = []
            for _ in range(rng.randint(2, 6)):
                paras.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 5))))
            rec = {"id": f"bench-{n}", "date": f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   "source": rng.choice(SOURCES), "url": f"https://news.example/{n}",
                   "title": sentence(rng)[:80], "text": "\n\n".join(paras)}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
    print(f"{args.out}: {n} documents, {written} bytes")


if __name__ == "__main__":
    main()
