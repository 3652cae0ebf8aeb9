/* Unit tests for gen/tools/csv.c: records as office programs export them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "csv.h"

static void expect_record(CsvReader *csv, CsvRecord *rec, int line, size_t count, const char *const *fields)
{
    assert_true(csv_next(csv, rec));
    assert_int_equal(rec->line, line);
    assert_int_equal(rec->count, count);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(rec->fields[i], fields[i]);
}

/* Dutch spreadsheets: ';', a byte order mark, CRLF, padded cells. */
static void test_semicolons_bom_crlf(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    const char *text = "\xEF\xBB\xBFnaam;telefoon\r\n De Wieg ; 0348 123 456\r\nKraamzorg;\r\n";
    CsvReader csv = csv_reader(arena, text, strlen(text));
    assert_int_equal(csv.separator, ';');
    CsvRecord rec = {0};
    expect_record(&csv, &rec, 1, 2, (const char *const[]){"naam", "telefoon"});
    expect_record(&csv, &rec, 2, 2, (const char *const[]){"De Wieg", "0348 123 456"});
    expect_record(&csv, &rec, 3, 2, (const char *const[]){"Kraamzorg", ""});
    assert_false(csv_next(&csv, &rec));
    arena_free(arena);
}

/* Quoted fields hold separators, doubled quotes and line breaks; the next
 * record's line counts them. */
static void test_quoted_fields(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    const char *text = "name,address\n\"Praktijk \"\"De Wieg\"\"\",\"Dorpsstraat 1,\nWoerden\"\nJGZ,\"a;b\"";
    CsvReader csv = csv_reader(arena, text, strlen(text));
    assert_int_equal(csv.separator, ',');
    CsvRecord rec = {0};
    expect_record(&csv, &rec, 1, 2, (const char *const[]){"name", "address"});
    expect_record(&csv, &rec, 2, 2, (const char *const[]){"Praktijk \"De Wieg\"", "Dorpsstraat 1,\nWoerden"});
    expect_record(&csv, &rec, 4, 2, (const char *const[]){"JGZ", "a;b"});
    assert_false(csv_next(&csv, &rec));
    arena_free(arena);
}

/* The separator is the one the header uses more, quotes not counted. */
static void test_separator_from_header(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    const char *text = "\"a;b;c\",d,e\n1;2;3\n";
    CsvReader csv = csv_reader(arena, text, strlen(text));
    assert_int_equal(csv.separator, ',');
    CsvRecord rec = {0};
    expect_record(&csv, &rec, 1, 3, (const char *const[]){"a;b;c", "d", "e"});
    expect_record(&csv, &rec, 2, 1, (const char *const[]){"1;2;3"});
    arena_free(arena);
    arena = arena_new();
    csv = csv_reader(arena, "", 0);
    CsvRecord none = {0};
    assert_false(csv_next(&csv, &none));
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semicolons_bom_crlf),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_separator_from_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
