/* quantities.c - counted amounts in news text: "at least 40 people", "tens
 * of thousands of Palestinians", "2.3 million people", "About 200 trucks",
 * "dozens of shells" (parley_quantity_find, see parley/resolve.h).
 *
 * An amount is a number (digits, words, "2.3 million") or a vague quantity
 * word with its conventional value (dozens 24, hundreds 200, thousands 1000,
 * tens of thousands 10000), possibly hedged ("about", "more than": the
 * approximate flag; "at least" stays exact), followed by what is counted: a
 * noun of people, a demonym ("Israelis"), "of them", or a unit (trucks,
 * tonnes, meals, shells, percent). Its kind comes from the nearest cue word
 * around it in the sentence ("were killed", "freed", "wounding"); the
 * resolver then attaches it to the event whose predicate governs it. */
#include <stdio.h>
#include <string.h>

#include "resolve/resolve_internal.h"

#define Q_WINDOW 24

static int is(const rword *w, const char *s) { return strcmp(w->w, s) == 0; }

static int starts(const char *w, const char *stem) { return strncmp(w, stem, strlen(stem)) == 0; }

static const char *const people_nouns[] = {
    "people", "persons", "person", "civilians", "civilian", "hostages", "hostage", "captives", "prisoners",
    "prisoner", "detainees", "soldiers", "soldier", "troops", "servicemen", "fighters", "militants",
    "rebels", "insurgents", "gunmen", "members", "children", "women", "men", "man", "woman", "teenagers",
    "girls", "boys", "schoolgirls", "students", "refugees", "migrants", "protesters", "protestors",
    "demonstrators", "workers", "nationals", "citizens", "marines", "police", "policemen", "officers",
    "officer", "journalists", "residents", "others", "bodies", "activists", "peacekeepers", "reservists",
    "sailors", "sailor", "attackers", "leaders", "commanders", "drivers", "staff", "patients", "doctors",
    "pilgrims", "villagers", "worshippers", "passengers", "crew", "aid", "inmates", "suspects", "voters",
    "victims", "casualties", "dead", "killed", "wounded", "injured", "missing", NULL};

typedef struct unit_word {
    const char *w, *unit, *kind;  /* kind: the default when no cue says otherwise */
} unit_word;

static const unit_word units[] = {
    {"trucks", "trucks", "trucks"}, {"truck", "trucks", "trucks"},   {"lorries", "trucks", "trucks"},
    {"tonnes", "tonnes", "tonnes"}, {"tonne", "tonnes", "tonnes"},   {"tons", "tonnes", "tonnes"},
    {"meals", "meals", "aid"},      {"shells", "shells", "munitions"}, {"rockets", "rockets", "munitions"},
    {"missiles", "missiles", "munitions"}, {"drones", "drones", "munitions"},
    {"rifles", "rifles", "seized"}, {"percent", "percent", ""},      {"per", "percent", ""},
    {NULL, NULL, NULL}};

typedef struct cue {
    const char *stem, *kind;
    int people;    /* 1: counts people, 0: counts things, -1: either */
    int weak;      /* only when no other cue is near */
} cue;

static const cue cues[] = {
    {"kill", "killed", 1, 0},        {"dead", "killed", 1, 0},         {"died", "killed", 1, 0},
    {"die", "killed", 1, 0},         {"death", "killed", 1, 0},        {"slain", "killed", 1, 0},
    {"massacr", "killed", 1, 0},     {"wound", "wounded", 1, 0},       {"injur", "wounded", 1, 0},
    {"hurt", "wounded", 1, 0},       {"detain", "detained", 1, 0},     {"arrest", "detained", 1, 0},
    {"jail", "detained", 1, 0},      {"imprison", "detained", 1, 0},   {"abduct", "abducted", 1, 0},
    {"kidnap", "abducted", 1, 0},    {"releas", "released", 1, 0},     {"freed", "released", 1, 0},
    {"free", "released", 1, 0},      {"swap", "exchanged", 1, 0},      {"exchang", "exchanged", 1, 0},
    {"displac", "displaced", 1, 0},  {"fled", "displaced", 1, 0},      {"flee", "displaced", 1, 0},
    {"uproot", "displaced", 1, 0},   {"need", "in_need", 1, 0},        {"hunger", "in_need", 1, 0},
    {"starv", "in_need", 1, 0},      {"famine", "in_need", 1, 0},      {"deploy", "deployed", 1, 0},
    {"sent", "deployed", 1, 0},      {"send", "deployed", 1, 0},       {"dispatch", "deployed", 1, 0},
    {"mobilis", "mobilised", 1, 0},  {"mobiliz", "mobilised", 1, 0},   {"reservist", "mobilised", 1, 0},
    {"surrender", "surrendered", 1, 0}, {"evacuat", "evacuation_ordered", 1, 0},
    {"seiz", "seized", 0, 0},        {"confiscat", "seized", 0, 0},    {"fired", "munitions", 0, 0},
    {"launch", "munitions", 0, 0},   {"vote", "vote_share", 0, 0},     {"voting", "vote_share", 0, 0},
    {"cut", "reduction", 0, 0},      {"reduc", "reduction", 0, 0},     {"held", "held", 1, 1},
    {"remain", "held", 1, 1},        {"bodies", "killed", 1, 0},       {"handed", "released", 1, 0},
    {"move", "evacuation_ordered", 1, 0}, {NULL, NULL, 0, 0}};

static int in_list(const char *w, const char *const *list) {
    for (; *list; list++)
        if (strcmp(w, *list) == 0) return 1;
    return 0;
}

/* Vague amounts: "dozens of", "hundreds of", "tens of thousands of". */
static int vague(const rword *w, int n, int i, double *value, int *used) {
    if (i + 3 < n && is(&w[i], "tens") && is(&w[i + 1], "of") && is(&w[i + 2], "thousands") &&
        is(&w[i + 3], "of")) {
        *value = 10000;
        *used = 4;
        return 1;
    }
    if (i + 3 < n && is(&w[i], "hundreds") && is(&w[i + 1], "of") && is(&w[i + 2], "thousands") &&
        is(&w[i + 3], "of")) {
        *value = 200000;
        *used = 4;
        return 1;
    }
    static const struct { const char *w; double v; } words[] = {
        {"dozens", 24}, {"scores", 40}, {"hundreds", 200}, {"thousands", 1000}, {"millions", 1000000}, {NULL, 0}};
    for (int k = 0; words[k].w; k++)
        if (is(&w[i], words[k].w)) {
            *value = words[k].v;
            *used = i + 1 < n && is(&w[i + 1], "of") ? 2 : 1;
            return 1;
        }
    return 0;
}

/* The number at w[i] with its multiplier ("2.3 million", "a dozen"); *used words. */
static int number(const rword *w, int n, int i, double *value, int *used) {
    double v = resolve_number(w[i].w);
    int k = i + 1;
    if (is(&w[i], "a") || is(&w[i], "an")) {
        if (k < n && (is(&w[k], "dozen") || is(&w[k], "hundred") || is(&w[k], "thousand") ||
                      is(&w[k], "million"))) {
            v = 1;
        } else {
            return 0;
        }
    }
    if (v < 0) return 0;
    while (k < n && w[k].gap == ' ') {
        if (is(&w[k], "million")) v *= 1e6;
        else if (is(&w[k], "billion")) v *= 1e9;
        else if (is(&w[k], "thousand")) v *= 1e3;
        else if (is(&w[k], "hundred")) v *= 1e2;
        else if (is(&w[k], "dozen")) v *= 12;
        else break;
        k++;
    }
    *value = v;
    *used = k - i;
    return 1;
}

/* What is counted after the amount: returns the index of the noun (or -1),
 * with *unit and *kind set. */
static int counted(const char *text, size_t len, const rword *w, int n, int i, const char **unit,
                   const char **kind) {
    *kind = "";
    if (i > 0 && w[i - 1].end < len && text[w[i - 1].end] == '%') {
        *unit = "percent";
        return i - 1;
    }
    if (i >= n || w[i].gap != ' ') return -1;
    /* "30 of them", "two of the drivers", "five of their fighters" */
    if (is(&w[i], "of") && i + 1 < n) {
        if (is(&w[i + 1], "them") || is(&w[i + 1], "us")) {
            *unit = "people";
            return i + 1;
        }
        if (is(&w[i + 1], "the") || is(&w[i + 1], "their") || is(&w[i + 1], "its") || is(&w[i + 1], "those"))
            i += 2;
    }
    for (int k = i; k < n && k < i + 4; k++) {
        if (k > i && w[k].gap != ' ') return -1;
        const char *x = w[k].w;
        for (int u = 0; units[u].w; u++)
            if (strcmp(x, units[u].w) == 0) {
                if (strcmp(x, "per") == 0 && !(k + 1 < n && is(&w[k + 1], "cent"))) return -1;
                *unit = units[u].unit;
                *kind = units[u].kind;
                return strcmp(x, "per") == 0 ? k + 1 : k;
            }
        if (in_list(x, people_nouns)) {
            *unit = "people";
            if (strcmp(x, "refugees") == 0) *kind = "refugees";
            if (strcmp(x, "reservists") == 0) *kind = "mobilised";
            if (strcmp(x, "dead") == 0 || strcmp(x, "killed") == 0) *kind = "killed";
            if (strcmp(x, "wounded") == 0 || strcmp(x, "injured") == 0) *kind = "wounded";
            return k;
        }
        /* A demonym in the plural counts people: "Thirteen Israelis", "55 Russians". */
        size_t l = strlen(x);
        if (w[k].cap && l > 3 && x[l - 1] == 's' && x[l - 2] != 's' && x[l - 2] != '\'') {
            *unit = "people";
            return k;
        }
        /* Modifiers in between: "13 Israeli hostages", "other leaders", "aid trucks". */
        if (!(w[k].cap || starts(x, "other") || starts(x, "more") || strcmp(x, "aid") == 0 ||
              strcmp(x, "foreign") == 0 || strcmp(x, "armed") == 0 || strcmp(x, "young") == 0 ||
              strcmp(x, "unarmed") == 0 || strcmp(x, "palestinian") == 0))
            return -1;
    }
    return -1;
}

/* The nearest cue word around [lo, hi] that fits the unit. */
static const char *find_kind(const rword *w, int n, int lo, int hi, int people) {
    const char *best = NULL;
    int best_dist = 1000, best_weak = 1;
    for (int k = 0; k < n; k++) {
        if (k >= lo && k <= hi) continue;
        int dist = k < lo ? lo - k : k - hi;
        if (dist > (k < lo ? 7 : 9)) continue;
        for (int c = 0; cues[c].stem; c++) {
            if (!starts(w[k].w, cues[c].stem)) continue;
            if (cues[c].people >= 0 && cues[c].people != people) continue;
            /* "free" is an adjective as often as a verb; keep it only as "free"/"freeing". */
            if (strcmp(cues[c].stem, "free") == 0 && !(is(&w[k], "free") || is(&w[k], "freeing"))) continue;
            if (strcmp(cues[c].stem, "die") == 0 && !(is(&w[k], "die") || is(&w[k], "dies"))) continue;
            if (strcmp(cues[c].stem, "cut") == 0 && !(is(&w[k], "cut") || is(&w[k], "cuts"))) continue;
            if (strcmp(cues[c].stem, "sent") == 0 && !is(&w[k], "sent")) continue;
            int weak = cues[c].weak;
            if (weak > best_weak || (weak == best_weak && dist >= best_dist)) continue;
            best = cues[c].kind;
            best_dist = dist;
            best_weak = weak;
        }
    }
    return best;
}

/* Tries an amount starting at w[i]; fills out and returns 1. */
static int match_at(const char *text, size_t len, const rword *w, int n, int i, parley_quantity_value *out) {
    int k = i, approximate = 0;
    static const char *const hedges[] = {"about", "around", "nearly", "almost", "roughly", "approximately",
                                         "some", "over", "estimated", "an", NULL};
    if (k + 1 < n && (is(&w[k], "more") || is(&w[k], "fewer") || is(&w[k], "less")) && is(&w[k + 1], "than")) {
        approximate = 1;
        k += 2;
    } else if (k + 1 < n && is(&w[k], "at") && (is(&w[k + 1], "least") || is(&w[k + 1], "most"))) {
        k += 2;
    } else if (k + 1 < n && is(&w[k], "up") && is(&w[k + 1], "to")) {
        approximate = 1;
        k += 2;
    } else if (k + 2 < n && is(&w[k], "as") && is(&w[k + 1], "many") && is(&w[k + 2], "as")) {
        approximate = 1;
        k += 3;
    } else if (in_list(w[k].w, hedges) && k + 1 < n && !(is(&w[k], "an") && !is(&w[k + 1], "estimated")) &&
               /* "handed over 55 Russians": a particle, not a hedge. */
               !(is(&w[k], "over") && k > 0 && (starts(w[k - 1].w, "hand") || starts(w[k - 1].w, "turn") ||
                                                 starts(w[k - 1].w, "took") || starts(w[k - 1].w, "tak")))) {
        approximate = 1;
        k++;
        if (k + 1 < n && is(&w[k], "estimated")) k++;
    }
    if (k >= n || (k > i && w[k].gap != ' ')) return 0;
    double value;
    int used;
    int vague_amount = vague(w, n, k, &value, &used);
    if (vague_amount) approximate = 1;
    else if (!number(w, n, k, &value, &used)) return 0;
    if (value <= 0 || value > 1e10) return 0;
    /* A year, a day of the month or a clock time is not a count. */
    if (!vague_amount && w[k].digit && used == 1 && k + 1 < n &&
        (strchr(w[k].w, '-') || (value >= 1900 && value <= 2100 && !strchr(w[k].w, ','))))
        return 0;
    const char *unit = "people", *kind = "";
    int noun = counted(text, len, w, n, k + used, &unit, &kind);
    if (noun < 0) {
        /* "dozens wounded": a vague amount alone counts people when a cue follows at once. */
        if (!(vague_amount && !is(&w[k + used - 1], "of") && k + used < n && find_kind(w, n, k, k + used - 1, 1)))
            return 0;
        noun = k + used - 1;
        unit = "people";
    }
    const char *cued = find_kind(w, n, i, noun, strcmp(unit, "people") == 0);
    /* A noun that says what happened ("refugees", "dead") outranks the words around it. */
    if (cued && kind[0] == '\0') kind = cued;
    else if (cued && strcmp(unit, "people") != 0 && strcmp(cued, "munitions") != 0) kind = cued;
    if (strcmp(unit, "trucks") == 0 || strcmp(unit, "tonnes") == 0) kind = unit;
    if (strcmp(unit, "percent") == 0 && kind[0] == '\0') return 0;
    if (strcmp(unit, "people") == 0 && kind[0] == '\0') return 0;
    snprintf(out->kind, sizeof out->kind, "%s", kind);
    snprintf(out->unit, sizeof out->unit, "%s", unit);
    out->value = value;
    out->approximate = approximate;
    out->start = w[i].start;
    out->end = w[noun].end;
    /* "600 tonnes of food": the thing is part of the amount's text. */
    if ((strcmp(unit, "tonnes") == 0) && noun + 2 < n && is(&w[noun + 1], "of") && w[noun + 2].gap == ' ')
        out->end = w[noun + 2].end;
    if (strcmp(unit, "percent") == 0 && noun < k + used) out->end = w[noun].end + 1;
    return 1;
}

static int is_word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' || c >= 0x80;
}

static int may_start(const rword *w) {
    if (w->digit) return 1;
    /* In strcmp order, for resolve_in_sorted. */
    static const char *const starters[] = {"a", "about", "almost", "an", "approximately", "around", "as", "at", "dozens", "fewer", "hundreds", "less", "millions", "more", "nearly", "over", "roughly", "scores", "some", "tens", "thousands", "up"};
    return resolve_in_sorted(w->w, starters, sizeof starters / sizeof *starters) || resolve_number(w->w) > 0;
}

int quantity_find_from(const char *text, size_t len, size_t from, parley_quantity_value *out) {
    if (text == NULL) return 0;
    /* The cue words may lie before the amount ("killing two marines"), so each
     * candidate is looked at in a window that starts six words earlier, even
     * before from. */
    size_t back[6] = {0};
    int n_back = 0;
    rword w[Q_WINDOW];
    /* Start six words before from, so that a long text is read once in all. */
    size_t pos = from < len ? from : len;
    for (int k = 0; k < 7 && pos > 0; k++) {
        while (pos > 0 && !is_word_byte((unsigned char)text[pos - 1])) pos--;
        while (pos > 0 && is_word_byte((unsigned char)text[pos - 1])) pos--;
    }
    while (pos < len) {
        rword first;
        if (resolve_lex(text, len, pos, &first, 1) != 1) return 0;
        pos = first.start;
        if (pos >= from && may_start(&first)) {
            size_t start = n_back ? back[0] : pos;
            int n = resolve_lex(text, len, start, w, Q_WINDOW);
            int i = 0;
            while (i < n && w[i].start != pos) i++;
            if (i < n && match_at(text, len, w, n, i, out)) return 1;
        }
        if (n_back == 6) {
            memmove(back, back + 1, 5 * sizeof back[0]);
            n_back = 5;
        }
        back[n_back++] = pos;
        pos = resolve_next_word(text, len, pos);
    }
    return 0;
}

int parley_quantity_find(const char *text, size_t len, parley_quantity_value *out) {
    return quantity_find_from(text, len, 0, out);
}
