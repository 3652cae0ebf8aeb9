/* Unit tests for gen/arena.c: zeroed, aligned memory that lives until
 * arena_free, arrays that grow keeping their items, and strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

static void test_alloc_zeroed_and_aligned(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_int_equal(arena_used(a), 0);
    for (size_t size = 0; size < 100; size++) {
        unsigned char *p = arena_alloc(a, size);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, size);
    }
    arena_free(a);
}

/* Blocks do not overlap: what was written stays, across block boundaries
 * and a block of its own for a large request. */
static void test_allocations_are_distinct(void **state)
{
    (void)state;
    Arena *a = arena_new();
    enum { N = 3000, SIZE = 100 };
    unsigned char *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = arena_alloc(a, SIZE);
        memset(p[i], i & 0xFF, SIZE);
        if (i == N / 2) {
            unsigned char *big = arena_alloc(a, 200 * 1024);
            memset(big, 0xEE, 200 * 1024);
        }
    }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < SIZE; k++)
            assert_int_equal(p[i][k], i & 0xFF);
    arena_free(a);
}

/* Counts what was handed out, rounded up to whole max_align_t; a zero-byte
 * request still gets distinct memory. */
static void test_used(void **state)
{
    (void)state;
    Arena *a = arena_new();
    size_t align = sizeof(max_align_t); /* the rounding unit */
    arena_alloc(a, 1);
    assert_int_equal(arena_used(a), align);
    arena_alloc(a, align + 1);
    assert_int_equal(arena_used(a), 3 * align);
    void *x = arena_alloc(a, 0), *y = arena_alloc(a, 0);
    assert_ptr_not_equal(x, y);
    assert_int_equal(arena_used(a), 5 * align);
    arena_alloc(a, 100 * 1024);
    assert_int_equal(arena_used(a), 5 * align + 100 * 1024);
    arena_free(a);
}

static void test_grow_keeps_items(void **state)
{
    (void)state;
    Arena *a = arena_new();
    size_t cap = 0;
    int *items = NULL;
    for (int i = 0; i < 1000; i++) {
        items = arena_grow(a, items, sizeof *items, &cap, (size_t)i + 1);
        assert_true(cap >= (size_t)i + 1);
        items[i] = i * 7;
    }
    for (int i = 0; i < 1000; i++)
        assert_int_equal(items[i], i * 7);
    /* Enough room already: the same array, the same capacity. */
    size_t before = cap;
    assert_ptr_equal(arena_grow(a, items, sizeof *items, &cap, 10), items);
    assert_int_equal(cap, before);
    /* The first growth holds 8; a larger need doubles until it fits. */
    size_t c2 = 0;
    arena_grow(a, NULL, 1, &c2, 1);
    assert_int_equal(c2, 8);
    size_t c3 = 0;
    arena_grow(a, NULL, 1, &c3, 100);
    assert_int_equal(c3, 128);
    arena_free(a);
}

static void test_strings(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const char *s = "kraamzorg";
    char *d = arena_strdup(a, s);
    assert_string_equal(d, s);
    assert_ptr_not_equal(d, s);
    assert_null(arena_strdup(a, NULL));
    assert_string_equal(arena_strndup(a, "babyfase:m2", 8), "babyfase");
    assert_string_equal(arena_strndup(a, "", 0), "");
    assert_string_equal(arena_printf(a, "%s/%d-%c", "regio", 42, 'x'), "regio/42-x");
    assert_string_equal(arena_printf(a, "%s", ""), "");
    /* Longer than any fixed buffer a careless version might use. */
    char long_text[5000];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    char *p = arena_printf(a, "<%s>", long_text);
    assert_int_equal(strlen(p), sizeof long_text + 1);
    assert_int_equal(p[0], '<');
    assert_int_equal(p[sizeof long_text], '>');
    arena_free(a);
}

/* arena_printf formats into the current block's free end first: strings
 * that end exactly at the block's end, or one byte past it, come out whole
 * and do not overlap what is allocated next. */
static void test_printf_at_the_end_of_a_block(void **state)
{
    (void)state;
    for (size_t room = 1; room < 40; room++) {
        Arena *a = arena_new();
        /* Leaves `room`-ish bytes (rounded to the alignment) in the block. */
        arena_alloc(a, 64 * 1024 - room);
        char *first = arena_printf(a, "%s-%zu", "stap", room * 1000);
        char *second = arena_printf(a, "%s", "zwangerschap");
        char expected[64];
        snprintf(expected, sizeof expected, "stap-%zu", room * 1000);
        assert_string_equal(first, expected);
        assert_string_equal(second, "zwangerschap");
        arena_free(a);
    }
}

static void test_free_null(void **state)
{
    (void)state;
    arena_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_zeroed_and_aligned),
        cmocka_unit_test(test_allocations_are_distinct),
        cmocka_unit_test(test_used),
        cmocka_unit_test(test_grow_keeps_items),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_printf_at_the_end_of_a_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
