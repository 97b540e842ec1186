/* test_lex_coverage.c - every CAMEO event code of parley/cameo.h (20 roots
 * and all sub-codes) must have at least one action pattern in the committed
 * data/dict/, and the committed dictionaries must load without a malformed
 * line. This fails, listing what is missing, until the dictionaries are
 * complete: that is its purpose. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "parley/cameo.h"
#include "parley/dict.h"

static void count_warning(void *userdata, const parley_error *err) {
    (*(int *)userdata)++;
    print_message("%s:%ld: %s\n", err->file, err->line, err->message);
}

static void test_every_cameo_code_has_a_pattern(void **state) {
    (void)state;
    int warnings = 0;
    parley_dict_options opts = {0};
    opts.on_warning = count_warning;
    opts.userdata = &warnings;
    parley_dict *d = parley_dict_new(&opts);
    assert_non_null(d);
    parley_error err;
    assert_int_equal(parley_dict_load_dir(d, PARLEY_DATA_DIR "/dict", &err), PARLEY_OK);
    assert_int_equal(parley_dict_compile(d, &err), PARLEY_OK);
    size_t missing = 0;
    for (size_t i = 0; i < parley_cameo_count(); i++) {
        const char *code = parley_cameo_at(i)->code;
        if (parley_dict_code_patterns(d, code) == 0) {
            print_message("no pattern for CAMEO %s (%s)\n", code, parley_cameo_at(i)->name);
            missing++;
        }
    }
    parley_dict_free(d);
    assert_int_equal(parley_cameo_count(), 318);
    assert_int_equal(warnings, 0);
    assert_int_equal(missing, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_cameo_code_has_a_pattern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
