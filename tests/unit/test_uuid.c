/* Unit tests for gen/uuid.c: SHA-1 against FIPS 180-4's examples (one,
 * two and many blocks, and the padding at the edge of a block), version-5
 * UUIDs against RFC 9562's namespace example as Python's uuid module gives
 * it, and routekaart's own identifiers (fixed for ever: published). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "uuid.h"

static void assert_sha1(const char *data, size_t len, const char *expected)
{
    uint8_t digest[20];
    uuid_sha1(data, len, digest);
    char text[41];
    for (int i = 0; i < 20; i++)
        snprintf(text + 2 * i, 3, "%02x", digest[i]);
    assert_string_equal(text, expected);
}

static void sha1_matches_the_standards_examples(void **state)
{
    (void)state;
    assert_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    assert_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_sha1(two_blocks, strlen(two_blocks), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    assert_sha1(million, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    free(million);
}

static void sha1_pads_at_the_edge_of_a_block(void **state)
{
    (void)state;
    /* 55 bytes leave room for the length; 56 and 64 need a second block
     * (sha1sum of printf 'a%.0s' {1..N}). */
    char a[64];
    memset(a, 'a', sizeof a);
    assert_sha1(a, 55, "c1c8bbdc22796e28c0e15163d20899b65621d65a");
    assert_sha1(a, 56, "c2db330f6083854c99d4b5bfb6e8f29f201be699");
    assert_sha1(a, 64, "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

static void v5_matches_the_rfc_namespace_example(void **state)
{
    (void)state;
    static const uint8_t dns[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    char text[UUID_TEXT_SIZE];
    uuid_v5(dns, "python.org", text);
    assert_string_equal(text, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

static void identifiers_are_fixed_and_differ_per_region(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    const char *west = uuid_for(arena, "service", "utrecht-west", "kraamzorg");
    const char *zeeland = uuid_for(arena, "service", "zeeuws-vlaanderen", "kraamzorg");
    /* Python: uuid.uuid5(uuid.UUID("0b1f6a3e-6c1d-4d52-9a2e-72f0c1a5e8b4"),
     * "service/utrecht-west/kraamzorg"). */
    assert_string_equal(west, "51536d4a-8774-5ea6-871b-93f95293d7eb");
    assert_string_equal(zeeland, "53ae2804-ecd9-57af-8017-cf55ef5d67ce");
    assert_string_not_equal(uuid_for(arena, "organization", "utrecht-west", "kraamzorg"), west);
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha1_matches_the_standards_examples),
        cmocka_unit_test(sha1_pads_at_the_edge_of_a_block),
        cmocka_unit_test(v5_matches_the_rfc_namespace_example),
        cmocka_unit_test(identifiers_are_fixed_and_differ_per_region),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
