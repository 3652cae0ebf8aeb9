/* Unit tests for gen/fileset.c: the preview server's site in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fileset.h"

static void expect_file(const FileSet *set, const char *path, const char *text)
{
    const void *data;
    size_t len;
    if (!fileset_get(set, path, &data, &len))
        fail_msg("no file '%s'", path);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(data, text, len);
}

static void expect_none(const FileSet *set, const char *path)
{
    const void *data = NULL;
    size_t len = 12345;
    assert_false(fileset_get(set, path, &data, &len));
}

static void test_put_copies_and_replaces(void **state)
{
    (void)state;
    FileSet *set = fileset_new();
    assert_int_equal(fileset_count(set), 0);
    char page[] = "<h1>Utrecht</h1>";
    fileset_put(set, "utrecht/index.html", page, strlen(page));
    /* A copy: the caller's bytes may change afterwards. */
    page[1] = 'X';
    expect_file(set, "utrecht/index.html", "<h1>Utrecht</h1>");
    fileset_put(set, "utrecht/index.html", "nieuw", 5);
    expect_file(set, "utrecht/index.html", "nieuw");
    assert_int_equal(fileset_count(set), 1);
    expect_none(set, "utrecht/index.htm");
    expect_none(set, "utrecht");
    /* Empty files and bytes with NULs. */
    fileset_put(set, "leeg.txt", NULL, 0);
    fileset_put(set, "bin", "a\0b", 3);
    const void *data;
    size_t len = 99;
    assert_true(fileset_get(set, "leeg.txt", &data, &len));
    assert_int_equal(len, 0);
    assert_true(fileset_get(set, "bin", &data, &len));
    assert_int_equal(len, 3);
    assert_memory_equal(data, "a\0b", 3);
    assert_int_equal(fileset_count(set), 3);
    fileset_free(set);
    fileset_free(NULL);
}

/* More files than buckets: the set grows and finds each. */
static void test_many_files(void **state)
{
    (void)state;
    FileSet *set = fileset_new();
    enum { N = 3000 };
    char path[64], text[64];
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "regio-%d/index.html", i);
        snprintf(text, sizeof text, "pagina %d", i);
        fileset_put(set, path, text, strlen(text));
    }
    assert_int_equal(fileset_count(set), N);
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "regio-%d/index.html", i);
        snprintf(text, sizeof text, "pagina %d", i);
        expect_file(set, path, text);
    }
    fileset_free(set);
}

static void test_remove_prefix(void **state)
{
    (void)state;
    FileSet *set = fileset_new();
    fileset_put(set, "utrecht/index.html", "u", 1);
    fileset_put(set, "utrecht/guidance/a.html", "g", 1);
    fileset_put(set, "utrecht-west/index.html", "w", 1);
    fileset_put(set, "index.html", "i", 1);
    fileset_remove_prefix(set, "utrecht/");
    expect_none(set, "utrecht/index.html");
    expect_none(set, "utrecht/guidance/a.html");
    expect_file(set, "utrecht-west/index.html", "w");
    expect_file(set, "index.html", "i");
    assert_int_equal(fileset_count(set), 2);
    fileset_remove_prefix(set, "niets/");
    assert_int_equal(fileset_count(set), 2);
    /* The empty prefix is the start of every path. */
    fileset_remove_prefix(set, "");
    assert_int_equal(fileset_count(set), 0);
    expect_none(set, "index.html");
    fileset_free(set);
}

/* A rebuilt region moves in: same paths replaced, others added, the
 * rest kept; `from` is left empty and usable. */
static void test_merge(void **state)
{
    (void)state;
    FileSet *into = fileset_new(), *from = fileset_new();
    fileset_put(into, "index.html", "oud", 3);
    fileset_put(into, "utrecht/index.html", "oud u", 5);
    fileset_put(from, "utrecht/index.html", "nieuw u", 7);
    fileset_put(from, "utrecht/extra.html", "extra", 5);
    fileset_merge(into, from);
    assert_int_equal(fileset_count(into), 3);
    assert_int_equal(fileset_count(from), 0);
    expect_file(into, "index.html", "oud");
    expect_file(into, "utrecht/index.html", "nieuw u");
    expect_file(into, "utrecht/extra.html", "extra");
    expect_none(from, "utrecht/index.html");
    fileset_put(from, "x", "y", 1);
    expect_file(from, "x", "y");
    assert_int_equal(fileset_count(from), 1);
    fileset_free(from);
    fileset_free(into);
}

/* Merging a set large enough to make the target grow. */
static void test_merge_many(void **state)
{
    (void)state;
    FileSet *into = fileset_new(), *from = fileset_new();
    char path[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(path, sizeof path, "f%d", i);
        fileset_put(i % 2 ? from : into, path, path, strlen(path));
    }
    fileset_merge(into, from);
    assert_int_equal(fileset_count(into), 1000);
    for (int i = 0; i < 1000; i++) {
        snprintf(path, sizeof path, "f%d", i);
        expect_file(into, path, path);
    }
    fileset_free(from);
    fileset_free(into);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_copies_and_replaces),
        cmocka_unit_test(test_many_files),
        cmocka_unit_test(test_remove_prefix),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_merge_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
