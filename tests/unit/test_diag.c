/* Unit tests for gen/diag.c: ordering and the two output formats of
 * diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static Diags *sample(void)
{
    Diags *d = diags_new();
    diag_add(d, DIAG_ERROR, "content/regions/b/region.yaml", 1, 1, "unknown-key", NULL, "b first");
    diag_add(d, DIAG_ERROR, "content/regions/a/region.yaml", 3, 2, "x", NULL, "line 3 column 2");
    diag_add(d, DIAG_WARNING, "content/regions/a/region.yaml", 3, 1, "x", NULL, "zz line 3 column 1");
    diag_add(d, DIAG_ERROR, "content/regions/a/region.yaml", 12, 1, "x", NULL, "line 12");
    diag_add(d, DIAG_ERROR, "content/regions/a/region.yaml", 0, 0, "x", NULL, "no position");
    diag_add(d, DIAG_ERROR, "content/regions/a/region.yaml", 3, 1, "x", NULL, "aa line 3 column 1");
    diag_add(d, DIAG_ERROR, "content/regions/a/region.yaml", 3, 1, "first", NULL, "aa line 3 column 1");
    diag_add(d, DIAG_ERROR, "content/regions/a/region.yaml", 3, 1, "second", NULL, "aa line 3 column 1");
    return d;
}

/* A message quoting a megabyte is cut after 1000 bytes, at a character. */
static void test_long_message_cut(void **state)
{
    (void)state;
    Diags *diags = diags_new();
    size_t n = 3000;
    char *word = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2)
        memcpy(word + i, "\xC3\xA9", 2); /* é */
    word[n] = '\0';
    diag_add(diags, DIAG_ERROR, "x.yaml", 1, 1, "unknown-key", NULL, "unknown key '%s'", word);
    const char *message = diags_at(diags, 0)->message;
    assert_int_equal(strlen(message), 999 + 3); /* "unknown key '" is 13 bytes: 493 é fit in 1000, then "…" */
    assert_memory_equal(message + 999, "\xE2\x80\xA6", 3);
    diag_add(diags, DIAG_ERROR, "x.yaml", 1, 1, "unknown-key", NULL, "short '%s'", "é");
    assert_string_equal(diags_at(diags, 1)->message, "short 'é'");
    free(word);
    diags_free(diags);
}

static void test_add_and_count(void **state)
{
    (void)state;
    Diags *d = diags_new();
    assert_int_equal(diags_len(d), 0);
    char path[] = "content/site.yaml";
    char hint[] = "title";
    diag_add(d, DIAG_ERROR, path, 4, 7, "unknown-key", hint, "unknown key '%s' in %s", "titel", "site.yaml");
    /* path and suggestion are copied. */
    path[0] = 'X';
    hint[0] = 'X';
    diag_add(d, DIAG_WARNING, "content/site.yaml", 0, 0, NULL, NULL, "%d warnings", 1);
    assert_int_equal(diags_len(d), 2);
    assert_int_equal(diags_count(d, DIAG_ERROR), 1);
    assert_int_equal(diags_count(d, DIAG_WARNING), 1);

    const Diag *a = diags_at(d, 0);
    assert_string_equal(a->path, "content/site.yaml");
    assert_int_equal(a->line, 4);
    assert_int_equal(a->column, 7);
    assert_int_equal(a->severity, DIAG_ERROR);
    assert_string_equal(a->code, "unknown-key");
    assert_string_equal(a->message, "unknown key 'titel' in site.yaml");
    assert_string_equal(a->suggestion, "title");

    const Diag *b = diags_at(d, 1);
    assert_string_equal(b->message, "1 warnings");
    assert_null(b->suggestion);
    assert_int_equal(b->line, 0);
    diags_free(d);
    diags_free(NULL);
}

/* A site refused for a limit reports the errors alone, in their order. */
static void test_drop_warnings(void **state)
{
    (void)state;
    Diags *d = diags_new();
    diag_add(d, DIAG_WARNING, "a", 1, 1, NULL, "hint", "first warning");
    diag_add(d, DIAG_ERROR, "b", 2, 1, NULL, NULL, "first error");
    diag_add(d, DIAG_WARNING, "c", 3, 1, NULL, NULL, "second warning");
    diag_add(d, DIAG_ERROR, "d", 4, 1, NULL, NULL, "second error");
    diags_drop_warnings(d);
    assert_int_equal(diags_len(d), 2);
    assert_int_equal(diags_count(d, DIAG_WARNING), 0);
    assert_string_equal(diags_at(d, 0)->message, "first error");
    assert_string_equal(diags_at(d, 1)->message, "second error");
    diags_drop_warnings(d);
    assert_int_equal(diags_len(d), 2);
    diags_free(d);
}

static void test_sort(void **state)
{
    (void)state;
    Diags *d = sample();
    diags_sort(d);
    assert_int_equal(diags_len(d), 8);
    static const char *const messages[] = {
        "no position", "aa line 3 column 1", "aa line 3 column 1", "aa line 3 column 1",
        "zz line 3 column 1", "line 3 column 2", "line 12", "b first",
    };
    for (size_t i = 0; i < COUNT(messages); i++)
        assert_string_equal(diags_at(d, i)->message, messages[i]);
    /* Equal keys keep the order in which they were added. */
    assert_string_equal(diags_at(d, 1)->code, "x");
    assert_string_equal(diags_at(d, 2)->code, "first");
    assert_string_equal(diags_at(d, 3)->code, "second");
    /* Numbers compare as numbers, not text: 3 before 12. */
    assert_int_equal(diags_at(d, 5)->line, 3);
    assert_int_equal(diags_at(d, 6)->line, 12);
    assert_string_equal(diags_at(d, 7)->path, "content/regions/b/region.yaml");
    diags_free(d);

    /* Sorting nothing or one is fine. */
    Diags *empty = diags_new();
    diags_sort(empty);
    assert_int_equal(diags_len(empty), 0);
    diags_free(empty);
}

static void test_format_gcc(void **state)
{
    (void)state;
    Diags *d = diags_new();
    diag_add(d, DIAG_ERROR, "content/regions/utrecht-west/region.yaml", 14, 11, "unknown-value", "steuntje",
             "unknown lane '%s'", "steuntj");
    diag_add(d, DIAG_ERROR, "content/site.yaml", 0, 0, "missing-file", NULL, "site.yaml is missing");
    diag_add(d, DIAG_WARNING, "content/guidance/a.md", 2, 1, "x", NULL, "a warning");
    Buf out = BUF_INIT;
    buf_puts(&out, "before\n");
    diags_format_gcc(d, &out);
    assert_string_equal(buf_cstr(&out),
                        "before\n"
                        "content/regions/utrecht-west/region.yaml:14:11: error: unknown lane 'steuntj'; "
                        "did you mean 'steuntje'?\n"
                        "content/site.yaml: error: site.yaml is missing\n"
                        "content/guidance/a.md:2:1: warning: a warning\n");
    buf_free(&out);

    Diags *none = diags_new();
    diags_format_gcc(none, &out);
    assert_string_equal(buf_cstr(&out), "");
    buf_free(&out);
    diags_free(none);
    diags_free(d);
}

static void test_format_json(void **state)
{
    (void)state;
    Diags *d = diags_new();
    diag_add(d, DIAG_ERROR, "content/regions/a/region.yaml", 3, 5, "unknown-key", "title",
             "unknown key 'titel' in provision");
    diag_add(d, DIAG_WARNING, "content/site.yaml", 0, 0, "odd", NULL, "say \"hi\"\n<script>&\\\t\x01 é");
    Buf out = BUF_INIT;
    diags_format_json(d, &out);
    assert_string_equal(buf_cstr(&out),
                        "[\n"
                        "  {\"path\": \"content/regions/a/region.yaml\", \"line\": 3, \"column\": 5, "
                        "\"severity\": \"error\", \"code\": \"unknown-key\", "
                        "\"message\": \"unknown key 'titel' in provision\", \"suggestion\": \"title\"},\n"
                        "  {\"path\": \"content/site.yaml\", \"line\": 0, \"column\": 0, "
                        "\"severity\": \"warning\", \"code\": \"odd\", "
                        "\"message\": \"say \\\"hi\\\"\\n\\u003cscript\\u003e\\u0026\\\\\\t\\u0001 é\", "
                        "\"suggestion\": null}\n"
                        "]\n");
    buf_free(&out);
    diags_free(d);

    Diags *none = diags_new();
    diags_format_json(none, &out);
    assert_string_equal(buf_cstr(&out), "[]\n");
    buf_free(&out);
    diags_free(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_message_cut),
        cmocka_unit_test(test_add_and_count),
        cmocka_unit_test(test_drop_warnings),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_format_gcc),
        cmocka_unit_test(test_format_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
