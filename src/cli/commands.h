/* commands.h - the subcommands of the parley program.
 *
 * Each subcommand lives in its own file src/cli/cmd_<name>.c, parses its own
 * options, prints its own --help, and returns the process exit status:
 * 0 success, 1 usage or fatal error, 2 input was skipped or rejected. */
#ifndef PARLEY_CLI_COMMANDS_H
#define PARLEY_CLI_COMMANDS_H

typedef struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);  /* argv[0] is the subcommand name */
} cli_command;

/* One declaration per subcommand, in the order `parley --help` lists them. */
int cmd_segment(int argc, char **argv);
int cmd_eval_seg(int argc, char **argv);
int cmd_code(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_eval_nlp(int argc, char **argv);
int cmd_dict(int argc, char **argv);

#endif
