#!/usr/bin/env python3
"""Writes tests/e2e/events.jsonl: a small, deterministic set of coded events
(parley's event JSONL, see docs/events.md) for the server's tests, the
browser test and the dashboard's screenshot. Hand-written scenarios, expanded
over dates with a fixed seed; byte offsets are computed, not typed.

usage: make_events.py [N_DOCS] > events.jsonl"""
import json
import random
import sys

# (source code, name, text), verb text, (cameo, root, quad, goldstein, plover), (target), place
PLACES = {
    "Gaza": ("Gaza", "PSE", "Gaza", 31.50, 34.47),
    "Doha": ("Doha", "QAT", "Ad Dawhah", 25.29, 51.53),
    "Cairo": ("Cairo", "EGY", "Cairo", 30.04, 31.24),
    "Kyiv": ("Kyiv", "UKR", "Kyiv City", 50.45, 30.52),
    "Kharkiv": ("Kharkiv", "UKR", "Kharkiv", 49.99, 36.23),
    "Moscow": ("Moscow", "RUS", "Moscow", 55.76, 37.62),
    "Washington": ("Washington", "USA", "District of Columbia", 38.90, -77.04),
    "Khartoum": ("Khartoum", "SDN", "Khartoum", 15.50, 32.56),
    "Beirut": ("Beirut", "LBN", "Beirut", 33.89, 35.50),
    "Geneva": ("Geneva", "CHE", "Geneva", 46.20, 6.14),
    "Sanaa": ("Sanaa", "YEM", "Amanat al Asimah", 15.37, 44.19),
    "Caracas": ("Caracas", "VEN", "Distrito Capital", 10.49, -66.88),
    "Beijing": ("Beijing", "CHN", "Beijing", 39.90, 116.40),
    "Nairobi": ("Nairobi", "KEN", "Nairobi", -1.29, 36.82),
}

SCENARIOS = [
    (("ISRMIL", "Israel", "Israeli troops"), "struck", ("190", "19", 4, -10.0, "ASSAULT"), ("PSEREB", "Hamas", "Hamas positions"), "Gaza"),
    (("PSEREB", "Hamas", "Hamas"), "fired rockets at", ("190", "19", 4, -10.0, "ASSAULT"), ("ISR", "Israel", "southern Israel"), "Gaza"),
    (("QATGOV", "Qatar", "Qatari mediators"), "met", ("040", "04", 1, 1.0, "CONSULT"), ("PSEREB", "Hamas", "Hamas leaders"), "Doha"),
    (("EGYGOV", "Egypt", "Egypt"), "proposed a ceasefire to", ("036", "03", 1, 4.0, "AGREE"), ("ISRGOV", "Israel", "Israel"), "Cairo"),
    (("USAGOV", "United States", "The United States"), "sent humanitarian aid to", ("073", "07", 2, 7.4, "AID"), ("PSECVL", "Palestine", "civilians in Gaza"), "Gaza"),
    (("IGOUNO", "United Nations", "The UN Secretary-General"), "condemned", ("111", "11", 3, -2.0, "DISAPPROVE"), ("ISRGOV", "Israel", "the Israeli strikes"), "Geneva"),
    (("RUSMIL", "Russia", "Russian forces"), "shelled", ("195", "19", 4, -10.0, "ASSAULT"), ("UKRCVL", "Ukraine", "residential areas of Kharkiv"), "Kharkiv"),
    (("UKRGOV", "Ukraine", "Kyiv"), "demanded that", ("100", "10", 3, -5.0, "DEMAND"), ("RUSGOV", "Russia", "Moscow"), "Kyiv"),
    (("USAGOV", "United States", "Washington"), "imposed sanctions on", ("163", "16", 4, -8.0, "SANCTION"), ("RUSGOV", "Russia", "Russian banks"), "Washington"),
    (("RUSGOV", "Russia", "The Kremlin"), "rejected", ("120", "12", 3, -4.0, "REJECT"), ("USAGOV", "United States", "the US proposal"), "Moscow"),
    (("SDNREB", "Rapid Support Forces", "The RSF"), "attacked", ("190", "19", 4, -10.0, "ASSAULT"), ("SDNMIL", "Sudan", "army positions"), "Khartoum"),
    (("IGOWFP", "World Food Programme", "The WFP"), "delivered food to", ("073", "07", 2, 7.4, "AID"), ("SDNCVL", "Sudan", "displaced families"), "Khartoum"),
    (("LBNREB", "Hezbollah", "Hezbollah"), "threatened", ("138", "13", 3, -7.0, "THREATEN"), ("ISR", "Israel", "Israel"), "Beirut"),
    (("YEMREB", "Houthis", "Houthi rebels"), "seized", ("181", "18", 4, -9.0, "ASSAULT"), ("GBRBUS", "United Kingdom", "a British-owned ship"), "Sanaa"),
    (("CHNGOV", "China", "Beijing"), "called for", ("020", "02", 1, 3.0, "REQUEST"), ("ISRGOV", "Israel", "restraint from all sides"), "Beijing"),
    (("VENGOV", "Venezuela", "Caracas"), "arrested", ("173", "17", 4, -5.0, "COERCE"), ("VENOPP", "Venezuela", "opposition leaders"), "Caracas"),
    (("KENGOV", "Kenya", "Kenya"), "hosted peace talks with", ("046", "04", 1, 7.0, "CONSULT"), ("SDNGOV", "Sudan", "Sudanese envoys"), "Nairobi"),
    (("ISRGOV", "Israel", "Israel"), "agreed to release", ("081", "08", 2, 5.0, "RETREAT"), ("PSECVL", "Palestine", "Palestinian prisoners"), "Doha"),
    (("UKRMIL", "Ukraine", "Ukrainian drones"), "hit", ("190", "19", 4, -10.0, "ASSAULT"), ("RUSMIL", "Russia", "a Russian air base"), "Moscow"),
    (("QATGOV", "Qatar", "Qatar"), "praised", ("051", "05", 1, 3.4, "COOPERATE"), ("EGYGOV", "Egypt", "Egyptian mediation"), "Doha"),
]

OUTLETS = ["Reuters", "AP", "AFP", "Al Jazeera", "BBC"]
LEADS = ["On {day}, ", "Officials said that on {day} ", "According to witnesses, on {day} "]


def main():
    n_docs = int(sys.argv[1]) if len(sys.argv) > 1 else 160
    rng = random.Random(20240501)
    for i in range(n_docs):
        sc = rng.choice(SCENARIOS)
        (sc_code, sc_name, sc_text), verb, (cameo, root, quad, gold, plover), (tg_code, tg_name, tg_text), place = sc
        month = rng.randrange(0, 12)
        day = rng.randrange(1, 28)
        date = f"{2023 + (month + 9) // 12}-{(month + 9) % 12 + 1:02d}-{day:02d}"
        title = f"{sc_name} and {tg_name}: latest\n\n"
        lead = rng.choice(LEADS).format(day=date)
        pl = PLACES[place]
        sentence = f"{lead}{sc_text} {verb} {tg_text} near {pl[0]}, {rng.choice(['officials said', 'a spokesman said', 'witnesses reported'])}."
        text = title + sentence
        b = text.encode("utf-8")
        def span(sub, after=0):
            s = b.index(sub.encode("utf-8"), after)
            return s, s + len(sub.encode("utf-8"))
        ev_start = len(title.encode("utf-8"))
        src = span(sc_text, ev_start)
        act = span(verb, src[1])
        tgt = span(tg_text, act[1])
        plc = span(pl[0], tgt[1])
        doc_id = f"fixture-{i:04d}"
        ev = {
            "doc_id": doc_id, "sentence": 0, "date": date, "date_end": None, "date_text": date,
            "date_flagged": False,
            "source": {"code": sc_code, "name": sc_name, "text": sc_text, "start": src[0], "end": src[1]},
            "target": {"code": tg_code, "name": tg_name, "text": tg_text, "start": tgt[0], "end": tgt[1]},
            "reporter": None,
            "cameo": cameo, "root": root, "quad": quad, "goldstein": gold, "plover": plover,
            "negated": False, "intent": False,
            "evidence": {"text": sentence, "start": ev_start, "end": ev_start + len(sentence.encode("utf-8"))},
            "action": {"start": act[0], "end": act[1]},
            "confidence": round(0.6 + 0.4 * rng.random(), 2), "pattern": f"{verb.split()[0].upper()} [{cameo}]",
            "place": {"name": pl[0], "country": pl[1], "admin1": pl[2], "lat": pl[3], "lon": pl[4],
                      "start": plc[0], "end": plc[1]},
            "quantities": [], "mentions": [], "num_mentions": 1, "num_sources": 1, "num_articles": 1,
        }
        print(json.dumps(ev, ensure_ascii=False))


if __name__ == "__main__":
    main()
