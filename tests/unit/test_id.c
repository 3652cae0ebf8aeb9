/* Unit tests for gen/id.c: the rule every id of the content follows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "id.h"

static void test_valid_and_invalid(void **state)
{
    (void)state;
    static const char *const good[] = {"a", "0", "kraamzorg", "utrecht-west", "jgz-2", "2e-lijn", "a--b", "a-"};
    static const char *const bad[] = {"", "-", "-a", "Utrecht", "a_b", "a b", "a.b", "a/b", "caf\xc3\xa9", "A"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!id_is_valid(good[i]))
            fail_msg("'%s' should be an id", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (id_is_valid(bad[i]))
            fail_msg("'%s' should not be an id", bad[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_and_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
