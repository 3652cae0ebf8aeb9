/* Unit tests for gen/hsds.c: a provider's one-line address split into an
 * HSDS address (street, Dutch postcode, city) in every shape an editor may
 * write it, optional fields left out rather than null, and a provision
 * without provider or address. The whole example's files are validated
 * against the HSDS schemas by tests/hsds/validate.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "hsds.h"

static Region region = {.id = "regio", .name = "Regio", .updated = "2026-10-01", .province = "Utrecht"};
static Site site = {.title = "Kaart", .base_url = "/"};

/* The address of an organization for a provider at `address`. */
static const Value *address_of(Arena *a, const char *address)
{
    Provider p = {.id = "aanbieder", .name = "Aanbieder", .address = address};
    const Value *o = hsds_organization(a, &site, &region, &p);
    return value_at(value_get(value_at(value_get(o, "locations"), 0), "addresses"), 0);
}

static void assert_address(const char *written, const char *street, const char *postcode, const char *city)
{
    Arena *a = arena_new();
    const Value *address = address_of(a, written);
    assert_non_null(address);
    assert_string_equal(value_as_string(value_get(address, "address_1")), street);
    assert_string_equal(value_as_string(value_get(address, "postal_code")), postcode);
    assert_string_equal(value_as_string(value_get(address, "city")), city);
    assert_string_equal(value_as_string(value_get(address, "state_province")), "Utrecht");
    assert_string_equal(value_as_string(value_get(address, "country")), "NL");
    arena_free(a);
}

static void addresses_split_at_the_last_comma(void **state)
{
    (void)state;
    assert_address("Rijnstraat 10, 3441 AB Woerden", "Rijnstraat 10", "3441 AB", "Woerden");
    assert_address("Rijnstraat 10,3441AB Woerden", "Rijnstraat 10", "3441AB", "Woerden");
    assert_address("Huis De Kroon, Kerkstraat 1, 3441 AB Woerden", "Huis De Kroon, Kerkstraat 1", "3441 AB",
                   "Woerden");
    assert_address("Rijnstraat 10, Woerden", "Rijnstraat 10", "", "Woerden");
    assert_address("Rijnstraat 10, 3441 AB", "Rijnstraat 10", "3441 AB", "");
    /* No postcode: four digits and two capitals, then the end or a space. */
    assert_address("Rijnstraat 10, 3441 ABC Woerden", "Rijnstraat 10", "", "3441 ABC Woerden");
    assert_address("Rijnstraat 10, 344 AB Woerden", "Rijnstraat 10", "", "344 AB Woerden");
    assert_address("Rijnstraat 10, 3441 A", "Rijnstraat 10", "", "3441 A");
    assert_address("Alleen een straatnaam", "Alleen een straatnaam", "", "");
    assert_address(",", "", "", "");
}

static void absent_fields_are_left_out(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Provider p = {.id = "kaal", .name = "Kaal"};
    const Value *o = hsds_organization(a, &site, &region, &p);
    assert_null(value_get(o, "email"));
    assert_null(value_get(o, "website"));
    assert_int_equal(value_length(value_get(o, "phones")), 0);
    assert_int_equal(value_length(value_get(o, "locations")), 0);
    assert_string_equal(value_as_string(value_get(o, "description")), "Kaal");

    Provision provision = {.id = "los", .title = "Los"};
    const Value *s = hsds_service(a, &site, &region, &provision);
    assert_string_equal(value_as_string(value_get(s, "status")), "active");
    assert_string_equal(value_as_string(value_get(s, "assured_date")), "2026-10-01");
    assert_string_equal(value_as_string(value_get(s, "last_modified")), "2026-10-01T00:00:00Z");
    const char *absent[] = {"organization_id", "organization", "description", "url", "application_process",
                            "fees_description", "eligibility_description"};
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        assert_null(value_get(s, absent[i]));
    assert_int_equal(value_length(value_get(s, "service_at_locations")), 0);
    assert_int_equal(value_length(value_get(s, "cost_options")), 0);
    arena_free(a);
}

/* A region without `updated` and a provision without `checked`: no date
 * is known, so none is written (HSDS types both as dates; null or an empty
 * date-time fails its schema). */
static void no_date_without_checked_or_updated(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Region undated = region;
    undated.updated = NULL;
    Provision provision = {.id = "los", .title = "Los"};
    const Value *s = hsds_service(a, &site, &undated, &provision);
    assert_null(value_get(s, "assured_date"));
    assert_null(value_get(s, "last_modified"));
    provision.checked = "2026-09-15";
    s = hsds_service(a, &site, &undated, &provision);
    assert_string_equal(value_as_string(value_get(s, "assured_date")), "2026-09-15");
    assert_string_equal(value_as_string(value_get(s, "last_modified")), "2026-09-15T00:00:00Z");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(addresses_split_at_the_last_comma),
        cmocka_unit_test(absent_fields_are_left_out),
        cmocka_unit_test(no_date_without_checked_or_updated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
