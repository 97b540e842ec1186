/* main.c - the parley program: dispatches to a subcommand.
 *
 * The program is thin on purpose: every subcommand builds a pipeline from
 * the library and runs it; no logic lives here that the library should own. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static const cli_command commands[] = {
    {"code", "code political events (CAMEO, PLOVER) in news documents", cmd_code},
    {"segment", "split documents into sentences and tokens", cmd_segment},
    {"parse", "tag, lemmatise and parse documents to CoNLL-U", cmd_parse},
    {"dict", "dictionary statistics and phrase lookups", cmd_dict},
    {"load", "load JSONL events into an event store (SQLite or ClickHouse)", cmd_load},
    {"query", "query a store's events by date, actor, dyad, code, place, text", cmd_query},
    {"stats", "event counts, Goldstein and balance per period, top actors and dyads", cmd_stats},
    {"export", "export a store's events as JSONL, CSV or GDELT TSV", cmd_export},
    {"serve", "serve the JSON API and dashboard over an event store", cmd_serve},
    {"eval", "score coded events against the evaluation set", cmd_eval},
    {"eval-seg", "score sentence splitting and tokenisation against CoNLL-U", cmd_eval_seg},
    {"eval-nlp", "score tagging, lemmas and parsing against CoNLL-U", cmd_eval_nlp},
    {"train", "train the tagger, lemmatiser and parser models", cmd_train},
    {"version", "print the version", NULL},
};

static void print_usage(FILE *out) {
    fprintf(out,
            "parley %s - political event data from news text\n\n"
            "usage: parley <command> [options] [FILE...]\n\n"
            "commands:\n",
            PARLEY_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'parley <command> --help' describes a command's options.\n"
                 "Input is JSON Lines (id, date, source, url, title, text), plain text files,\n"
                 "or standard input ('-' or no FILE).\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        print_usage(stderr);
        return 1;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_usage(stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("parley %s\n", PARLEY_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].run && strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "parley: unknown command '%s'\n\n", name);
    print_usage(stderr);
    return 1;
}
