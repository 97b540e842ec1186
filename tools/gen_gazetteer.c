/* gen_gazetteer.c - dumps Debian's libgeonames city table, with ISO 3166-1
 * country names, into the TSV gazetteer that parley's resolver loads
 * (data/gazetteer/geonames.tsv). Run once through tools/gen_gazetteer.sh;
 * the output is committed, so parley itself never links libgeonames (GPL-3).
 * The data is GeoNames' (CC BY 4.0), see docs/resolve.md.
 *
 * Rows: name, kind (country|admin1|city), ISO alpha-3, admin1, lat, lon,
 * population, aliases (";"-separated). Cities are every entry of the
 * library (15,000+ people). A first-level region or a country gets the
 * population-weighted centre of its cities (on the unit sphere, so that
 * countries across the antimeridian come out right) and the summed
 * population of those cities: a measured stand-in, not an official centroid.
 * Country aliases are ISO's name, common name and official name, the
 * library's English country name and the short forms of
 * tools/data/countries_extra.tsv.
 *
 * usage: gen_gazetteer ISO_3166-1.json countries_extra.tsv > geonames.tsv */
#include <geonames.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct region {
    char *key;       /* "ISO3\tadmin1" or "ISO3" */
    double x, y, z;  /* population-weighted unit vectors */
    double pop;
    char *aliases;   /* countries only */
    char *name;
} region;

static GHashTable *alpha2_to_3;  /* "US" -> "USA" */
static GHashTable *regions;      /* key -> region* */

static region *region_get(const char *key) {
    region *r = g_hash_table_lookup(regions, key);
    if (r == NULL) {
        r = g_new0(region, 1);
        r->key = g_strdup(key);
        g_hash_table_insert(regions, r->key, r);
    }
    return r;
}

static void region_add(region *r, double lat, double lon, double pop) {
    double la = lat * M_PI / 180, lo = lon * M_PI / 180;
    r->x += pop * cos(la) * cos(lo);
    r->y += pop * cos(la) * sin(lo);
    r->z += pop * sin(la);
    r->pop += pop;
}

static void region_centre(const region *r, double *lat, double *lon) {
    double h = sqrt(r->x * r->x + r->y * r->y);
    *lat = atan2(r->z, h) * 180 / M_PI;
    *lon = atan2(r->y, r->x) * 180 / M_PI;
}

/* Appends a to the ";"-list unless it is already there or empty. */
static void alias_add(char **list, const char *name, const char *a) {
    if (a == NULL || *a == '\0' || strcmp(a, name) == 0 || strchr(a, ',') != NULL) return;
    char **items = g_strsplit(*list ? *list : "", ";", -1);
    for (char **p = items; *p; p++)
        if (g_ascii_strcasecmp(*p, a) == 0) {
            g_strfreev(items);
            return;
        }
    g_strfreev(items);
    char *grown = *list && **list ? g_strdup_printf("%s;%s", *list, a) : g_strdup(a);
    g_free(*list);
    *list = grown;
}

/* The ASCII spelling of a name ("Zvečan" -> "Zvecan"), or NULL when it is ASCII already. */
static char *ascii_fold(const char *s) {
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p >= 0x80) return g_str_to_ascii(s, "C");
    return NULL;
}

static int load_countries(const char *iso_path, const char *extra_path) {
    json_error_t jerr;
    json_t *root = json_load_file(iso_path, 0, &jerr);
    json_t *list = root ? json_object_get(root, "3166-1") : NULL;
    if (!json_is_array(list)) {
        fprintf(stderr, "gen_gazetteer: %s: %s\n", iso_path, root ? "no 3166-1 list" : jerr.text);
        return -1;
    }
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) {
        const char *a2 = json_string_value(json_object_get(c, "alpha_2"));
        const char *a3 = json_string_value(json_object_get(c, "alpha_3"));
        const char *name = json_string_value(json_object_get(c, "name"));
        const char *common = json_string_value(json_object_get(c, "common_name"));
        const char *official = json_string_value(json_object_get(c, "official_name"));
        if (!a2 || !a3 || !name) continue;
        g_hash_table_insert(alpha2_to_3, g_strdup(a2), g_strdup(a3));
        region *r = region_get(a3);
        /* ISO's sorting forms ("Korea, Republic of") are not text: prefer the common name. */
        const char *shown = common ? common : name;
        r->name = g_strdup(strchr(shown, ',') ? a3 : shown);
        alias_add(&r->aliases, r->name, name);
        alias_add(&r->aliases, r->name, common);
        if (official && strncmp(official, "the ", 4) == 0) official += 4;
        alias_add(&r->aliases, r->name, official);
    }
    json_decref(root);
    /* Kosovo has no ISO 3166-1 entry; GeoNames uses XK and parley's actor codes XKX. */
    g_hash_table_insert(alpha2_to_3, g_strdup("XK"), g_strdup("XKX"));
    region_get("XKX")->name = g_strdup("Kosovo");

    FILE *f = fopen(extra_path, "r");
    if (f == NULL) {
        fprintf(stderr, "gen_gazetteer: cannot open %s\n", extra_path);
        return -1;
    }
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\r\n")] = '\0';
        char **cols = g_strsplit(line, "\t", -1);
        if (cols[0] && cols[1]) {
            region *r = region_get(cols[0]);
            if (r->name == NULL) r->name = g_strdup(cols[0]);
            char **forms = g_strsplit(cols[1], ";", -1);
            for (char **p = forms; *p; p++) {
                if (**p == '=') {
                    /* "=Name" makes Name the canonical name; the old one stays an alias. */
                    char *old = r->name;
                    r->name = g_strdup(*p + 1);
                    if (strcmp(old, cols[0]) != 0) alias_add(&r->aliases, r->name, old);
                    g_free(old);
                } else if (**p && **p != '-' && strncmp(*p, "the ", 4) != 0) {
                    alias_add(&r->aliases, r->name, *p);
                }
            }
            g_strfreev(forms);
        }
        g_strfreev(cols);
    }
    fclose(f);
    return 0;
}

static void print_row(const char *name, const char *kind, const char *a3, const char *admin1, double lat,
                      double lon, double pop, const char *aliases) {
    printf("%s\t%s\t%s\t%s\t%.4f\t%.4f\t%.0f\t%s\n", name, kind, a3, admin1 ? admin1 : "", lat, lon, pop,
           aliases ? aliases : "");
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: gen_gazetteer ISO_3166-1.json countries_extra.tsv > geonames.tsv\n");
        return 1;
    }
    alpha2_to_3 = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    regions = g_hash_table_new(g_str_hash, g_str_equal);
    if (load_countries(argv[1], argv[2]) != 0) return 1;

    printf("# parley gazetteer generated by tools/gen_gazetteer.sh from Debian's libgeonames\n"
           "# (GeoNames data, CC BY 4.0, https://www.geonames.org) and iso-codes ISO 3166-1.\n"
           "# name\tkind\tiso3\tadmin1\tlat\tlon\tpopulation\taliases\n");
    int n = geonames_get_n_cities(), written = 0, skipped = 0;
    for (int i = 0; i < n; i++) {
        GeonamesCity *c = geonames_get_city(i);
        const char *name = geonames_city_get_name(c), *state = geonames_city_get_state(c);
        const char *a3 = g_hash_table_lookup(alpha2_to_3, geonames_city_get_country_code(c));
        if (a3 == NULL || name == NULL || *name == '\0') {
            skipped++;
            geonames_city_free(c);
            continue;
        }
        double lat = geonames_city_get_latitude(c), lon = geonames_city_get_longitude(c);
        double pop = geonames_city_get_population(c);
        char *fold = ascii_fold(name);
        char *fold_state = state ? ascii_fold(state) : NULL;
        print_row(name, "city", a3, fold_state ? fold_state : state, lat, lon, pop, fold);
        written++;
        region *country = region_get(a3);
        region_add(country, lat, lon, pop);
        alias_add(&country->aliases, country->name ? country->name : a3, geonames_city_get_country(c));
        if (state && *state) {
            char *key = g_strdup_printf("%s\t%s", a3, fold_state ? fold_state : state);
            region *r = region_get(key);
            if (r->name == NULL) {
                r->name = g_strdup(fold_state ? fold_state : state);
                if (fold_state) r->aliases = g_strdup(state);
            }
            region_add(r, lat, lon, pop);
            g_free(key);
        }
        g_free(fold);
        g_free(fold_state);
        geonames_city_free(c);
    }
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, regions);
    int n_regions = 0;
    while (g_hash_table_iter_next(&it, &k, &v)) {
        region *r = v;
        if (r->pop <= 0 || r->name == NULL) continue;  /* no city to place it: left out */
        double lat, lon;
        region_centre(r, &lat, &lon);
        char *tab = strchr(r->key, '\t');
        if (tab) {
            char a3[4] = {0};
            memcpy(a3, r->key, (size_t)(tab - r->key) < 3 ? (size_t)(tab - r->key) : 3);
            print_row(r->name, "admin1", a3, tab + 1, lat, lon, r->pop, r->aliases);
        } else {
            print_row(r->name, "country", r->key, "", lat, lon, r->pop, r->aliases);
        }
        n_regions++;
    }
    fprintf(stderr, "gen_gazetteer: %d cities, %d countries and regions, %d cities without a known country\n",
            written, n_regions, skipped);
    return 0;
}
