/* Unit tests for gen/seo.c: descriptions (white space, the cut at 170
 * characters on a word boundary with an ellipsis, characters counted, not
 * bytes), the words of Markdown, and distinct descriptions for provisions
 * that would otherwise read the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "seo.h"

static size_t characters(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void short_text_keeps_its_words(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_null(seo_description(a, NULL));
    assert_null(seo_description(a, " \n\t "));
    assert_string_equal(seo_description(a, "  Kraamzorg\n thuis,\t\tde eerste week. "), "Kraamzorg thuis, de eerste week.");
    arena_free(a);
}

/* 40 words of 4 letters and a space: 200 characters. The cut keeps whole
 * words, drops the separator before the ellipsis, and ends at 170 at most. */
static void long_text_is_cut_on_a_word(void **state)
{
    (void)state;
    Arena *a = arena_new();
    char text[256] = "";
    for (int i = 0; i < 40; i++)
        strcat(text, i == 33 ? "abc, " : "woor ");
    const char *d = seo_description(a, text);
    assert_true(characters(d) <= SEO_DESCRIPTION_MAX);
    size_t n = strlen(d);
    assert_string_equal(d + n - 3, "…");
    /* 34 words take 34 * 5 - 1 = 169 characters, the room there is before
     * the ellipsis; "abc," is the last, and its comma goes. */
    assert_int_equal(characters(d), 169);
    assert_memory_equal(d + n - 7, " abc…", 7);
    /* A longer 34th word runs past the room: the cut goes back to the space
     * before it, after 33 words (164 characters). */
    text[0] = '\0';
    for (int i = 0; i < 40; i++)
        strcat(text, i == 33 ? "abcdefgh, " : "woor ");
    d = seo_description(a, text);
    assert_int_equal(characters(d), 165);
    assert_memory_equal(d + strlen(d) - 8, " woor…", 8);
    /* Exactly 170 characters stay as they are. */
    char exact[171];
    memset(exact, 'x', 170);
    exact[170] = '\0';
    exact[100] = ' ';
    assert_string_equal(seo_description(a, exact), exact);
    arena_free(a);
}

/* A word longer than a description is cut inside it; "ë" is one character
 * of two bytes. */
static void characters_not_bytes(void **state)
{
    (void)state;
    Arena *a = arena_new();
    char word[2 * 200 + 1] = "";
    for (int i = 0; i < 200; i++)
        strcat(word, "ë");
    const char *d = seo_description(a, word);
    assert_int_equal(characters(d), SEO_DESCRIPTION_MAX);
    assert_int_equal(strlen(d), 2 * (SEO_DESCRIPTION_MAX - 1) + 3);
    char fits[2 * 170 + 1] = "";
    for (int i = 0; i < 170; i++)
        strcat(fits, "ë");
    assert_string_equal(seo_description(a, fits), fits);
    arena_free(a);
}

static void markdown_words(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const char *md = "# Kop\n\nTekst met **vet** en <b>html</b> en [een link](https://x.nl).\nRegel twee.\n\n"
                     "```\ncode\n```\n\n- punt een\n- punt twee\n";
    assert_string_equal(seo_markdown_words(a, md, strlen(md)),
                        "Tekst met vet en html en een link. Regel twee. punt een punt twee");
    assert_null(seo_markdown_words(a, "# Alleen een kop\n", 17));
    assert_null(seo_markdown_words(a, "", 0));
    arena_free(a);
}

/* The same catalog entry twice, with the same provider: the second gets its
 * title, then its id in front. */
static void distinct_descriptions(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Provider v = {.id = "p", .name = "Kraamzorg De Kreek"};
    Provision p1 = {.id = "kraamzorg", .title = "Kraamzorg", .summary = "Hulp thuis.", .provider = &v};
    Provision p2 = p1, p3 = p1;
    p2.id = "kraamzorg-2";
    p3.id = "kraamzorg-3";
    Provision *list[] = {&p1, &p2, &p3};
    const char *towns[] = {"Hulst", "Sluis"};
    Region r = {.id = "zv", .name = "Zeeuws-Vlaanderen", .provisions = list, .provision_count = 3,
                .municipalities = {towns, NULL, 2}};
    const char **d = seo_distinct_descriptions(a, &r);
    assert_string_equal(d[0], "Kraamzorg De Kreek · Hulst, Sluis: Hulp thuis.");
    assert_string_equal(d[1], "Kraamzorg · Kraamzorg De Kreek · Hulst, Sluis: Hulp thuis.");
    assert_string_equal(d[2], "kraamzorg-3 · Kraamzorg · Kraamzorg De Kreek · Hulst, Sluis: Hulp thuis.");
    r.municipalities.count = 0;
    p1.provider = NULL;
    p1.summary = NULL;
    p1.audience = "Alle ouders.";
    assert_string_equal(seo_provision_description(a, &r, &p1, 0), "Zeeuws-Vlaanderen: Alle ouders.");
    arena_free(a);
}

/* A region without an intro of its own: its coalition, its municipalities
 * and its provisions' titles, cut like any description; a region of 2,000
 * provisions reads the same as one of the first few. */
static void region_description_from_its_titles(void **state)
{
    (void)state;
    Arena *a = arena_new();
    enum { MANY = 2000 };
    Provision *list = calloc(MANY, sizeof *list), **order = calloc(MANY, sizeof *order);
    for (size_t i = 0; i < MANY; i++) {
        list[i].title = i % 2 ? "Kraamzorg thuis" : "Stevig Ouderschap";
        order[i] = &list[i];
    }
    const char *towns[] = {"Hulst", "Sluis"};
    Region r = {.id = "zv", .name = "Zeeuws-Vlaanderen", .coalition = "Coalitie ZV", .provisions = order,
                .provision_count = 2, .municipalities = {towns, NULL, 2}};
    assert_string_equal(seo_region_description(a, &r),
                        "Coalitie ZV · Hulst, Sluis: Stevig Ouderschap, Kraamzorg thuis");
    r.provision_count = MANY;
    const char *d = seo_region_description(a, &r);
    assert_true(characters(d) <= 170);
    assert_non_null(strstr(d, "Coalitie ZV · Hulst, Sluis: Stevig Ouderschap, Kraamzorg thuis, Stevig"));
    assert_string_equal(d + strlen(d) - strlen("…"), "…");
    r.provision_count = 9; /* 9 titles: 189 characters, cut */
    assert_true(characters(seo_region_description(a, &r)) <= 170);
    free(order);
    free(list);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(short_text_keeps_its_words),
        cmocka_unit_test(long_text_is_cut_on_a_word),
        cmocka_unit_test(characters_not_bytes),
        cmocka_unit_test(markdown_words),
        cmocka_unit_test(distinct_descriptions),
        cmocka_unit_test(region_description_from_its_titles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
