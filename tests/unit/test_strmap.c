/* Unit tests for gen/strmap.c: ids to pointers, the first one kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "strmap.h"

static void test_put_and_get(void **state)
{
    (void)state;
    Arena *a = arena_new();
    StrMap *m = strmap_new(a);
    int one = 1, two = 2;
    assert_int_equal(strmap_count(m), 0);
    assert_null(strmap_get(m, "kraamzorg"));
    assert_true(strmap_put(m, "kraamzorg", &one));
    assert_true(strmap_put(m, "ggd", &two));
    assert_ptr_equal(strmap_get(m, "kraamzorg"), &one);
    assert_ptr_equal(strmap_get(m, "ggd"), &two);
    assert_null(strmap_get(m, "kraamzor"));
    assert_null(strmap_get(m, "kraamzorg2"));
    assert_null(strmap_get(m, ""));
    assert_int_equal(strmap_count(m), 2);
    arena_free(a);
}

/* Looked up by the text, not by the pointer. */
static void test_keys_compared_by_text(void **state)
{
    (void)state;
    Arena *a = arena_new();
    StrMap *m = strmap_new(a);
    int v = 0;
    char key[] = "utrecht-west";
    assert_true(strmap_put(m, arena_strdup(a, key), &v));
    assert_ptr_equal(strmap_get(m, key), &v);
    arena_free(a);
}

/* A second put of a key changes nothing: the first value stays. */
static void test_duplicate_refused(void **state)
{
    (void)state;
    Arena *a = arena_new();
    StrMap *m = strmap_new(a);
    int first = 1, second = 2;
    assert_true(strmap_put(m, "een", &first));
    assert_false(strmap_put(m, "een", &second));
    assert_ptr_equal(strmap_get(m, "een"), &first);
    assert_int_equal(strmap_count(m), 1);
    /* The empty key is a key like any other. */
    assert_true(strmap_put(m, "", &second));
    assert_ptr_equal(strmap_get(m, ""), &second);
    assert_false(strmap_put(m, "", &first));
    assert_int_equal(strmap_count(m), 2);
    arena_free(a);
}

/* Many keys (the map grows many times): each found, each once. */
static void test_many_keys(void **state)
{
    (void)state;
    Arena *a = arena_new();
    StrMap *m = strmap_new(a);
    enum { N = 5000 };
    static int values[N];
    for (int i = 0; i < N; i++)
        assert_true(strmap_put(m, arena_printf(a, "id-%d", i), &values[i]));
    assert_int_equal(strmap_count(m), N);
    for (int i = 0; i < N; i++) {
        char key[32];
        snprintf(key, sizeof key, "id-%d", i);
        assert_ptr_equal(strmap_get(m, key), &values[i]);
        assert_false(strmap_put(m, arena_strdup(a, key), &values[0]));
    }
    assert_null(strmap_get(m, "id-5000"));
    assert_int_equal(strmap_count(m), N);
    arena_free(a);
}

/* NULL is a value too: stored, but not told apart from a missing key. */
static void test_null_value(void **state)
{
    (void)state;
    Arena *a = arena_new();
    StrMap *m = strmap_new(a);
    assert_true(strmap_put(m, "leeg", NULL));
    assert_null(strmap_get(m, "leeg"));
    assert_false(strmap_put(m, "leeg", m));
    assert_int_equal(strmap_count(m), 1);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_and_get),
        cmocka_unit_test(test_keys_compared_by_text),
        cmocka_unit_test(test_duplicate_refused),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_null_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
