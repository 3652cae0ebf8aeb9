/* Unit tests for gen/tools/import.c: a spreadsheet's rows as the exact
 * `providers:` YAML, the rows and cells that cannot be used left out with
 * one warning each, and the files that give nothing at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "import.h"

typedef struct {
    Diags *diags;
    Buf out;
    size_t count;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    f->diags = diags_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    diags_free(f->diags);
    buf_free(&f->out);
    free(f);
    return 0;
}

static bool import(Fixture *f, const char *csv)
{
    return import_providers_yaml(f->diags, "kaart.csv", csv, strlen(csv), &f->out, &f->count);
}

/* Every diagnostic as GCC-style lines, compared whole. */
static void expect_diags(const Fixture *f, const char *want)
{
    Buf got = BUF_INIT;
    diags_format_gcc(f->diags, &got);
    assert_string_equal(buf_cstr(&got), want);
    buf_free(&got);
}

/* A social map's export: a byte order mark, ';', CRLF, Dutch headers, an
 * unknown column, a cell over two lines, and rows that cannot be used. */
static const char social_map[] =
    "\xEF\xBB\xBFNaam;Website;Telefoon;E-mail;Adres;Postcode;Plaats;Kleur\r\n"                             /* 1 */
    "Verloskundigenpraktijk De Wieg;https://dewieg.example.nl;0348 123 456;info@dewieg.example.nl;"
    "Dorpsstraat 1;1234 AB;Woerden;rood\r\n"                                                                /* 2 */
    ";https://zonder.example.nl;;;;;;\r\n"                                                                  /* 3 */
    "Cr\xC3\xA8" "che \xC3\x89\xC3\xA9n;www.een.nl;bel ons;geen-mail;\"Lange weg 2\r\n"                     /* 4 */
    "achterom\";;Utrecht;\r\n"                                                                              /* 5 */
    "Verloskundigenpraktijk De Wieg;;;;;;;\r\n"                                                             /* 6 */
    ";;;;;;;\r\n"                                                                                           /* 7 */
    "Null;;\"0800-1234\";;;;null;\r\n"                                                                      /* 8 */
    "Kraamzorg: \"Thuis\";;;;;;;\r\n";                                                                      /* 9 */

static void test_social_map(void **state)
{
    Fixture *f = *state;
    assert_true(import(f, social_map));
    assert_int_equal(f->count, 4);
    /* Phone numbers quoted (unquoted, 0348... is a number), YAML's null
     * words quoted (else they read as "not given"), a name with ': '
     * quoted, accents folded in ids, the address one line. */
    assert_string_equal(buf_cstr(&f->out),
                        "providers:\n"
                        "  - id: verloskundigenpraktijk-de-wieg\n"
                        "    name: Verloskundigenpraktijk De Wieg\n"
                        "    url: https://dewieg.example.nl\n"
                        "    phone: \"0348 123 456\"\n"
                        "    email: info@dewieg.example.nl\n"
                        "    address: Dorpsstraat 1, 1234 AB Woerden\n"
                        "  - id: creche-een\n"
                        "    name: Cr\xC3\xA8" "che \xC3\x89\xC3\xA9n\n"
                        "    address: Lange weg 2, achterom, Utrecht\n"
                        "  - id: \"null\"\n"
                        "    name: \"Null\"\n"
                        "    phone: \"0800-1234\"\n"
                        "    address: \"null\"\n"
                        "  - id: kraamzorg-thuis\n"
                        "    name: 'Kraamzorg: \"Thuis\"'\n");
    /* At the file's line, naming the spreadsheet's row (they differ after
     * the cell over two lines); the empty row is passed over quietly. */
    expect_diags(f,
                 "kaart.csv:1:8: warning: column 'Kleur' is not used (known: id, naam, website, telefoon, e-mail, "
                 "adres, postcode, plaats)\n"
                 "kaart.csv:3:1: warning: row 3 has no name; skipped\n"
                 "kaart.csv:4:1: warning: row 4: website 'www.een.nl' is not a full URL (https://...); left out\n"
                 "kaart.csv:4:1: warning: row 4: phone 'bel ons' is not a phone number; left out\n"
                 "kaart.csv:4:1: warning: row 4: e-mail 'geen-mail' is not an e-mail address; left out\n"
                 "kaart.csv:6:1: warning: row 5: id 'verloskundigenpraktijk-de-wieg' is already used by an earlier "
                 "row; skipped\n");
    assert_int_equal(diags_count(f->diags, DIAG_ERROR), 0);
    assert_string_equal(diags_at(f->diags, 1)->code, "row-skipped");
    assert_string_equal(diags_at(f->diags, 2)->code, "field-dropped");
    assert_string_equal(diags_at(f->diags, 0)->code, "ignored-column");
}

/* English headers, ',' and LF, an id column: ids as given, checked. */
static void test_ids_given(void **state)
{
    Fixture *f = *state;
    assert_true(import(f,
                       "id,name,url,phone,email,address,notes\n"
                       "ggd,GGD regio,ftp://ggd.example.nl,,mail@ggd.example.nl,\"Straat 1, Utrecht\",x\n"
                       "Fout,Verkeerd id,,,,,\n"
                       ",Zonder id,,+31 30 123,,,\n"
                       "ggd,Dubbel,,,,,\n"));
    assert_int_equal(f->count, 2);
    assert_string_equal(buf_cstr(&f->out),
                        "providers:\n"
                        "  - id: ggd\n"
                        "    name: GGD regio\n"
                        "    email: mail@ggd.example.nl\n"
                        "    address: Straat 1, Utrecht\n"
                        "  - id: zonder-id\n"
                        "    name: Zonder id\n"
                        "    phone: \"+31 30 123\"\n");
    expect_diags(f,
                 "kaart.csv:1:7: warning: column 'notes' is not used (known: id, naam, website, telefoon, e-mail, "
                 "adres, postcode, plaats)\n"
                 "kaart.csv:2:1: warning: row 2: website 'ftp://ggd.example.nl' is not a full URL (https://...); "
                 "left out\n"
                 "kaart.csv:3:1: warning: row 3: id 'Fout' is not valid (lowercase letters, digits and '-'); "
                 "skipped\n"
                 "kaart.csv:5:1: warning: row 5: id 'ggd' is already used by an earlier row; skipped\n");
}

/* Other Dutch header names, in capitals; a place without a
 * street or postcode. */
static void test_header_names(void **state)
{
    Fixture *f = *state;
    assert_true(import(f,
                       "ORGANISATIE;Webadres;Telefoonnummer;E-mailadres;Straat;Woonplaats;Tel\n"
                       "De Kraam;http://kraam.example.nl;;kraam@example.nl;;Zeist;\n"
                       "Zonder adres;;;;;;\n"));
    assert_string_equal(buf_cstr(&f->out),
                        "providers:\n"
                        "  - id: de-kraam\n"
                        "    name: De Kraam\n"
                        "    url: http://kraam.example.nl\n"
                        "    email: kraam@example.nl\n"
                        "    address: Zeist\n"
                        "  - id: zonder-adres\n"
                        "    name: Zonder adres\n");
    assert_int_equal(f->count, 2);
    expect_diags(f, "");
}

/* Nothing usable: false, an error, nothing appended. */
static void test_nothing_to_import(void **state)
{
    Fixture *f = *state;
    static const struct {
        const char *csv, *diags;
    } cases[] = {
        {"", "kaart.csv: error: the file is empty; it needs a header row\n"},
        {"naam;website\n", "kaart.csv: error: no row could be used; nothing was written\n"},
        {"naam;website\n;https://example.nl\n",
         "kaart.csv:2:1: warning: row 2 has no name; skipped\n"
         "kaart.csv: error: no row could be used; nothing was written\n"},
        {"organisatie-naam;website\nDe Wieg;https://example.nl\n",
         "kaart.csv:1:1: warning: column 'organisatie-naam' is not used (known: id, naam, website, telefoon, "
         "e-mail, adres, postcode, plaats)\n"
         "kaart.csv:1:1: error: no column 'naam' (or 'name'); the header row must name the columns\n"},
        {"naam\nCaf\xC3(\n", "kaart.csv:2:4: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        diags_free(f->diags);
        f->diags = diags_new();
        f->count = 99;
        assert_false(import(f, cases[i].csv));
        assert_int_equal(f->count, 0);
        assert_string_equal(buf_cstr(&f->out), "");
        expect_diags(f, cases[i].diags);
        assert_true(diags_count(f->diags, DIAG_ERROR) >= 1);
    }
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_social_map),
        T(test_ids_given),
        T(test_header_names),
        T(test_nothing_to_import),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
