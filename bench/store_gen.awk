# store_gen.awk - synthetic parley JSONL events for the store's tests and
# benchmarks: awk -v n=EVENTS [-v seed=S] [-v per_doc=K] -f store_gen.awk
#
# Deterministic for a seed. Documents carry per_doc events (default 3);
# actors, codes, dates (2020-2024) and places are drawn so that some events
# share dyad, base code, date and place and therefore merge in the store.
BEGIN {
    if (n == "") n = 1000
    if (seed == "") seed = 1
    if (per_doc == "") per_doc = 3
    srand(seed)
    na = split("USAGOV USAMIL RUSGOV RUSMIL CHNGOV UKRGOV UKRMIL ISRGOV ISRMIL PSEREB PSEGOV QATGOV EGYGOV " \
               "IRNGOV SYRGOV SYRREB TURGOV FRAGOV DEUGOV GBRGOV IGOUNO IGOEUR IGONAT NGOHRI YEMREB SAUGOV " \
               "LBNREB IRQGOV AFGGOV PAKGOV INDGOV JPNGOV KORGOV PRKGOV SDNREB SDNMIL ETHGOV SOMREB NGAREB COLREB", actors, " ")
    nc = split("010 0111 020 031 036 040 042 043 046 051 057 061 070 0841 090 100 111 112 120 130 138 " \
               "140 141 150 160 163 170 173 180 181 190 193 195 200", codes, " ")
    split("1 1 1 1 1 1 1 2 2 1 1 2 2 2 1 3 3 3 3 3 3 3 3 4 4 4 4 4 4 4 4 4 4 4", quads, " ")
    split("3.0 3.4 0.0 5.2 4.0 1.0 3.5 3.8 5.0 3.5 6.5 6.4 7.0 7.5 -2.0 -5.0 -2.0 -2.0 -4.0 -4.4 -7.0 " \
          "-6.5 -6.5 -7.2 -4.0 -8.0 -5.0 -9.2 -9.0 -9.0 -10.0 -10.0 -10.0 -10.0", gold, " ")
    np = split("Doha|QAT|25.2854|51.531 Kyiv|UKR|50.45|30.5236 Gaza|PSE|31.5|34.4667 Moscow|RUS|55.7558|37.6173 " \
               "Cairo|EGY|30.0444|31.2357 Geneva|CHE|46.2044|6.1432 Aleppo|SYR|36.2021|37.1343", places, " ")
    nw = split("officials said talks ceasefire troops attacked village aid convoy border minister meeting " \
               "sanctions protest police arrested rebels shelling hostages released agreement summit", words, " ")
    ndates = 1827
    doc = 0
    for (i = 0; i < n; i++) {
        if (i % per_doc == 0) doc++
        s = actors[int(rand() * na) + 1]
        do { t = actors[int(rand() * na) + 1] } while (t == s)
        c = int(rand() * nc) + 1
        day = int(rand() * ndates)
        # days since 2020-01-01 to a date, month lengths of a non-leap year
        # plus the leap days of 2020 and 2024, good enough for test data
        y = 2020 + int(day / 366); d = day % 366
        m = 1; split("31 29 31 30 31 30 31 31 30 31 30 31", ml, " ")
        while (d >= ml[m]) { d -= ml[m]; m++ }
        if (m == 2 && d == 28 && y % 4 != 0) d = 27
        date = sprintf("%04d-%02d-%02d", y, m, d + 1)
        place = "null"
        if (rand() < 0.5) {
            split(places[int(rand() * np) + 1], p, "|")
            place = sprintf("{\"name\":\"%s\",\"country\":\"%s\",\"admin1\":\"\",\"lat\":%s,\"lon\":%s}", p[1], p[2], p[3], p[4])
        }
        ev = ""
        for (k = 0; k < 8; k++) ev = ev (k ? " " : "") words[int(rand() * nw) + 1]
        rep = rand() < 0.3 ? "{\"code\":\"USAMED\",\"name\":\"Reuters\",\"text\":\"Reuters\",\"start\":0,\"end\":7}" : "null"
        printf("{\"doc_id\":\"doc%07d\",\"sentence\":%d,\"date\":\"%s\",\"source\":{\"code\":\"%s\",\"name\":\"%s\",\"text\":\"%s\",\"start\":0,\"end\":6}," \
               "\"target\":{\"code\":\"%s\",\"name\":\"%s\",\"text\":\"%s\",\"start\":20,\"end\":26},\"reporter\":%s," \
               "\"cameo\":\"%s\",\"quad\":%d,\"goldstein\":%s,\"evidence\":{\"text\":\"%s\",\"start\":0,\"end\":%d}," \
               "\"action\":{\"start\":%d,\"end\":%d},\"confidence\":0.8,\"pattern\":\"gen\",\"place\":%s}\n",
               doc, i % per_doc, date, s, s, s, t, t, t, rep, codes[c], quads[c], gold[c], ev, length(ev), 8 + i % per_doc, 12, place)
    }
}
