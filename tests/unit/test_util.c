/* Unit tests for gen/util.c: near misses (closest_spelling), hashing and
 * the allocation helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const lanes[] = {"basiszorg", "steuntje", "extra-steun", "digitaal"};

static void test_suggest_near_miss(void **state)
{
    (void)state;
    assert_string_equal(closest_spelling("steuntj", lanes, COUNT(lanes)), "steuntje");
    assert_string_equal(closest_spelling("stuentje", lanes, COUNT(lanes)), "steuntje");
    assert_string_equal(closest_spelling("basizorg", lanes, COUNT(lanes)), "basiszorg");
    assert_string_equal(closest_spelling("extra_steun", lanes, COUNT(lanes)), "extra-steun");
    assert_string_equal(closest_spelling("digitale", lanes, COUNT(lanes)), "digitaal");
    /* An exact match is its own suggestion. */
    assert_string_equal(closest_spelling("digitaal", lanes, COUNT(lanes)), "digitaal");
    /* The candidate itself is returned, not a copy. */
    assert_ptr_equal(closest_spelling("steuntje ", lanes, COUNT(lanes)), lanes[1]);
}

static void test_suggest_too_far(void **state)
{
    (void)state;
    assert_null(closest_spelling("kraamzorg", lanes, COUNT(lanes)));
    assert_null(closest_spelling("steun", lanes, COUNT(lanes)));
    assert_null(closest_spelling("", lanes, COUNT(lanes)));
    assert_null(closest_spelling("steuntje", lanes, 0));
    /* Nine letters allow three edits, not four. */
    static const char *const nine[] = {"abcdefghi"};
    assert_string_equal(closest_spelling("abcdefxyz", nine, 1), "abcdefghi");
    assert_null(closest_spelling("abcdewxyz", nine, 1));
}

static void test_suggest_ties_and_short_words(void **state)
{
    (void)state;
    static const char *const two[] = {"ax", "ay", "ab"};
    /* Ties go to the earliest candidate, even past a later exact-length one. */
    assert_string_equal(closest_spelling("az", two, COUNT(two)), "ax");
    /* A closer candidate wins over an earlier one. */
    assert_string_equal(closest_spelling("ab", two, COUNT(two)), "ab");
    /* Short words still allow one edit ... */
    static const char *const one[] = {"b"};
    assert_string_equal(closest_spelling("a", one, 1), "b");
    assert_string_equal(closest_spelling("to", (const char *const[]){"id", "to"}, 2), "to");
    /* ... but not two. */
    static const char *const cd[] = {"cd"};
    assert_null(closest_spelling("ab", cd, 1));
    /* NULL entries in the candidate list are skipped. */
    static const char *const holes[] = {NULL, "title", NULL};
    assert_string_equal(closest_spelling("tittle", holes, COUNT(holes)), "title");
}

/* The commonest typo of all, and the Dutch spelling of the key, is a
 * swap of two neighbouring letters: it must count as one edit. */
static void expect_suggestion(const char *word, const char *const *candidates, size_t count, const char *want)
{
    const char *got = closest_spelling(word, candidates, count);
    if (!got)
        fail_msg("closest_spelling(\"%s\") gave NULL, expected \"%s\"", word, want);
    assert_string_equal(got, want);
}

static void test_suggest_transposition(void **state)
{
    (void)state;
    static const char *const keys[] = {"id", "use", "title", "lane", "from", "to", "costs", "provider"};
    expect_suggestion("steuntej", lanes, COUNT(lanes), "steuntje");
    expect_suggestion("titel", keys, COUNT(keys), "title");
    expect_suggestion("lnae", keys, COUNT(keys), "lane");
}

/* A long word from content is not compared letter by letter, and still
 * gets no suggestion. */
static void test_suggest_long_word(void **state)
{
    (void)state;
    static const char *const keys[] = {"title", "lane", "description"};
    size_t n = 200000;
    char *word = malloc(n + 1);
    memset(word, 'x', n);
    word[n] = '\0';
    assert_null(closest_spelling(word, keys, 3));
    free(word);
    assert_string_equal(closest_spelling("descriptoin", keys, 3), "description");
}

static void test_copies_and_hashes(void **state)
{
    (void)state;
    char *copy = xstrdup("Kraamzorg");
    assert_string_equal(copy, "Kraamzorg");
    free(copy);
    copy = xstrndup("Kraamzorg", 5);
    assert_string_equal(copy, "Kraam");
    free(copy);
    /* Equal text, equal hash; the bytes variant agrees with the string one. */
    assert_true(hash_string(HASH_SEED, "noord") == hash_bytes(HASH_SEED, "noord", 5));
    assert_true(hash_string(HASH_SEED, "noord") != hash_string(HASH_SEED, "zuid"));
    assert_true(hash_bytes(HASH_SEED, "a\0b", 3) != hash_bytes(HASH_SEED, "a\0c", 3));
}

/* hash_words: one changed word anywhere changes the hash; so do a tail
 * byte and the length alone. */
static void test_hash_words(void **state)
{
    (void)state;
    char a[40] = "twenty-four bytes, then a tail";
    uint64_t h = hash_words(HASH_SEED, a, 30);
    assert_true(h == hash_words(HASH_SEED, a, 30));
    a[3] = 'N';
    assert_true(h != hash_words(HASH_SEED, a, 30));
    a[3] = 'n';
    a[29] = 'L';
    assert_true(h != hash_words(HASH_SEED, a, 30));
    assert_true(hash_words(HASH_SEED, "a", 1) != hash_words(HASH_SEED, "a\0", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_words),
        cmocka_unit_test(test_suggest_near_miss),
        cmocka_unit_test(test_suggest_too_far),
        cmocka_unit_test(test_suggest_ties_and_short_words),
        cmocka_unit_test(test_suggest_transposition),
        cmocka_unit_test(test_suggest_long_word),
        cmocka_unit_test(test_copies_and_hashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
