/* Unit tests for gen/buf.c: the growing byte buffer and JSON strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

static void test_append_and_printf(void **state)
{
    (void)state;
    Buf out = BUF_INIT;
    assert_string_equal(buf_cstr(&out), "");
    buf_puts(&out, "Stap ");
    buf_printf(&out, "%d van %d", 1, 7);
    buf_putc(&out, '.');
    assert_string_equal(buf_cstr(&out), "Stap 1 van 7.");
    /* Growing past any first capacity keeps every byte. */
    for (int i = 0; i < 1000; i++)
        buf_puts(&out, "0123456789");
    assert_int_equal(strlen(buf_cstr(&out)), 13 + 10000);
    assert_memory_equal(buf_cstr(&out) + 13 + 9990, "0123456789", 10);
    buf_clear(&out);
    assert_string_equal(buf_cstr(&out), "");
    buf_free(&out);
}

/* buf_printf formats into the free space first: text that fills it exactly,
 * misses it by one byte or overflows it must come out whole each time. */
static void test_printf_at_the_edge_of_the_space(void **state)
{
    (void)state;
    for (size_t fill = 230; fill < 260; fill++) {
        Buf out = BUF_INIT;
        for (size_t i = 0; i < fill; i++)
            buf_putc(&out, 'x');
        buf_printf(&out, "%s-%d", "week", 12345);
        assert_int_equal(out.len, fill + 10);
        assert_int_equal(strlen(buf_cstr(&out)), fill + 10);
        assert_memory_equal(buf_cstr(&out) + fill, "week-12345", 10);
        buf_printf(&out, "%s", "");
        assert_int_equal(strlen(buf_cstr(&out)), fill + 10);
        buf_free(&out);
    }
}

static void test_json_string(void **state)
{
    (void)state;
    Buf out = BUF_INIT;
    buf_append_json_string(&out, "");
    assert_string_equal(buf_cstr(&out), "\"\"");
    buf_clear(&out);
    buf_append_json_string(&out, "a\"b\\c\r\n</script>");
    assert_string_equal(buf_cstr(&out), "\"a\\\"b\\\\c\\r\\n\\u003c/script\\u003e\"");
    buf_clear(&out);
    /* UTF-8 passes through as it is. */
    buf_append_json_string(&out, "Coördinator – 👶");
    assert_string_equal(buf_cstr(&out), "\"Coördinator – 👶\"");
    buf_clear(&out);
    /* ... but for U+2028 and U+2029, line ends to older JavaScript; a 0xE2
     * at the very end, or before other bytes, stays. */
    buf_append_json_string(&out, "a\xE2\x80\xA8" "b\xE2\x80\xA9" "c\xE2\x80\xAA\xE2\x80");
    assert_string_equal(buf_cstr(&out), "\"a\\u2028b\\u2029c\xE2\x80\xAA\xE2\x80" "\"");
    buf_clear(&out);
    buf_append_json_string(&out, "\xE2");
    assert_string_equal(buf_cstr(&out), "\"\xE2\"");
    buf_free(&out);
}

/* Every byte, alone and between two letters, against the rules written
 * out: the escapes JSON names, \u00XX for the other controls and for
 * '<', '>' and '&', every other byte as it is. */
static void test_json_string_every_byte(void **state)
{
    (void)state;
    for (int c = 1; c < 256; c++) {
        char expected[16];
        switch (c) {
        case '"': strcpy(expected, "\\\""); break;
        case '\\': strcpy(expected, "\\\\"); break;
        case '\n': strcpy(expected, "\\n"); break;
        case '\r': strcpy(expected, "\\r"); break;
        case '\t': strcpy(expected, "\\t"); break;
        default:
            if (c < 0x20 || c == '<' || c == '>' || c == '&')
                snprintf(expected, sizeof expected, "\\u%04x", c);
            else
                snprintf(expected, sizeof expected, "%c", c);
        }
        char text[4] = {'a', (char)c, 'b', '\0'};
        char want[32];
        snprintf(want, sizeof want, "\"a%sb\"", expected);
        Buf out = BUF_INIT;
        buf_append_json_string(&out, text);
        assert_string_equal(buf_cstr(&out), want);
        buf_clear(&out);
        buf_append_json_string(&out, text + 1);
        snprintf(want, sizeof want, "\"%sb\"", expected);
        assert_string_equal(buf_cstr(&out), want);
        buf_free(&out);
    }
}

static void test_no_break(void **state)
{
    (void)state;
    Buf out = BUF_INIT;
    buf_append_no_break(&out, "0348-12 34 56");
    assert_string_equal(buf_cstr(&out), "0348\u201112\u00a034\u00a056");
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_printf),
        cmocka_unit_test(test_printf_at_the_edge_of_the_space),
        cmocka_unit_test(test_json_string),
        cmocka_unit_test(test_json_string_every_byte),
        cmocka_unit_test(test_no_break),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
