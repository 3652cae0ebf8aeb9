/* Unit tests for gen/value.c: the JSON-like tree behind pages and data.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "value.h"

static int setup(void **state)
{
    *state = arena_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    arena_free(*state);
    return 0;
}

static void expect_json(const Value *v, const char *want)
{
    Buf out = BUF_INIT;
    value_write_json(v, &out);
    assert_string_equal(buf_cstr(&out), want);
    buf_free(&out);
}

static void test_scalars(void **state)
{
    Arena *a = *state;
    assert_int_equal(value_type(value_null(a)), VALUE_NULL);
    assert_int_equal(value_type(value_bool(a, true)), VALUE_BOOL);
    assert_int_equal(value_type(value_int(a, -3)), VALUE_INT);
    assert_int_equal(value_as_int(value_int(a, -3)), -3);
    assert_int_equal(value_as_int(value_string(a, "7")), 0);
    const char *s = "tekst";
    Value *str = value_string(a, s);
    assert_int_equal(value_type(str), VALUE_STRING);
    /* Not copied. */
    assert_ptr_equal(value_as_string(str), s);
    assert_null(value_as_string(value_int(a, 1)));
    /* A NULL string is a null value. */
    assert_int_equal(value_type(value_string(a, NULL)), VALUE_NULL);
    assert_int_equal(value_type(NULL), VALUE_NULL);
    assert_null(value_as_string(NULL));
}

static void test_arrays(void **state)
{
    Arena *a = *state;
    Value *list = value_array(a);
    assert_int_equal(value_type(list), VALUE_ARRAY);
    assert_int_equal(value_length(list), 0);
    assert_null(value_at(list, 0));
    /* Enough items to make the array grow a few times. */
    for (long i = 0; i < 100; i++)
        value_push(a, list, value_int(a, i * 2));
    assert_int_equal(value_length(list), 100);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(value_as_int(value_at(list, i)), (long)i * 2);
    assert_null(value_at(list, 100));
    assert_null(value_key_at(list, 0));
    assert_null(value_get(list, "0"));
    assert_int_equal(value_length(value_string(a, "abc")), 0);
    assert_int_equal(value_length(NULL), 0);
}

static void test_objects_and_set(void **state)
{
    Arena *a = *state;
    Value *o = value_object(a);
    value_set_string(a, o, "title", "Kraamzorg");
    value_set_int(a, o, "weight", 3);
    value_set_bool(a, o, "checked", false);
    value_set(a, o, "provider", value_object(a));
    assert_int_equal(value_length(o), 4);
    assert_string_equal(value_key_at(o, 0), "title");
    assert_string_equal(value_key_at(o, 3), "provider");
    assert_null(value_key_at(o, 4));
    assert_string_equal(value_as_string(value_get(o, "title")), "Kraamzorg");
    assert_int_equal(value_as_int(value_get(o, "weight")), 3);
    assert_int_equal(value_type(value_get(o, "checked")), VALUE_BOOL);
    assert_null(value_get(o, "missing"));
    assert_null(value_get(NULL, "title"));
    /* A part of a dotted path: only its own bytes count, and a key that
     * merely begins with them is another key. */
    assert_string_equal(value_as_string(value_get_n(o, "title.text", 5)), "Kraamzorg");
    assert_null(value_get_n(o, "titles", 6));
    assert_null(value_get_n(o, "tit", 3));
    assert_null(value_get_n(o, "", 0));
    assert_null(value_get_n(NULL, "title", 5));

    /* Setting a key again replaces its value in place: same position,
     * no second member. */
    value_set_string(a, o, "title", "Kraamzorg thuis");
    value_set_int(a, o, "weight", 4);
    assert_int_equal(value_length(o), 4);
    assert_string_equal(value_key_at(o, 0), "title");
    assert_string_equal(value_as_string(value_at(o, 0)), "Kraamzorg thuis");
    assert_int_equal(value_as_int(value_get(o, "weight")), 4);
    value_set(a, o, "provider", value_null(a));
    assert_int_equal(value_length(o), 4);
    assert_int_equal(value_type(value_get(o, "provider")), VALUE_NULL);

    /* Many keys: growth keeps keys and values together. */
    Value *big = value_object(a);
    static const char *const keys[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
                                       "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"};
    for (long i = 0; i < 20; i++)
        value_set_int(a, big, keys[i], i);
    value_set_int(a, big, "k", 100);
    assert_int_equal(value_length(big), 20);
    for (size_t i = 0; i < 20; i++) {
        assert_string_equal(value_key_at(big, i), keys[i]);
        assert_int_equal(value_as_int(value_at(big, i)), i == 10 ? 100 : (long)i);
    }
}

/* Objects past a few members look their keys up in a hash table: every key
 * found at its own position while the object grows, replaced in place,
 * keys that share a prefix or a hash bucket kept apart, and a copy that
 * grows without the original seeing it. */
static void test_large_objects(void **state)
{
    Arena *a = *state;
    Value *o = value_object(a);
    char *keys[300];
    for (int i = 0; i < 300; i++) {
        keys[i] = arena_printf(a, "%s%d", i % 2 ? "periode" : "p", i);
        value_set_int(a, o, keys[i], i);
        for (int k = 0; k <= i; k += 37)
            assert_int_equal(value_as_int(value_get(o, keys[k])), k);
    }
    assert_int_equal(value_length(o), 300);
    for (int i = 0; i < 300; i++) {
        assert_string_equal(value_key_at(o, (size_t)i), keys[i]);
        assert_int_equal(value_as_int(value_get(o, keys[i])), i);
        assert_int_equal(value_as_int(value_get_n(o, keys[i], strlen(keys[i]))), i);
    }
    assert_null(value_get(o, "p"));
    assert_null(value_get(o, "p300"));
    assert_null(value_get_n(o, "p12", 2));
    assert_int_equal(value_as_int(value_get_n(o, "p12.x", 3)), 12);
    value_set_int(a, o, "p12", -12);
    assert_int_equal(value_length(o), 300);
    assert_int_equal(value_as_int(value_at(o, 12)), -12);

    Value *copy = value_copy(a, o);
    value_set_int(a, copy, "nieuw", 1);
    value_set_int(a, copy, "p14", -14);
    assert_int_equal(value_length(copy), 301);
    assert_int_equal(value_as_int(value_get(copy, "nieuw")), 1);
    assert_int_equal(value_as_int(value_get(copy, "p14")), -14);
    assert_null(value_get(o, "nieuw"));
    assert_int_equal(value_as_int(value_get(o, "p14")), 14);
    assert_int_equal(value_length(o), 300);
}

static void test_path(void **state)
{
    Arena *a = *state;
    Value *root = value_object(a);
    Value *provision = value_object(a);
    Value *provider = value_object(a);
    value_set_string(a, provider, "name", "JGZ Utrecht West");
    value_set(a, provision, "provider", provider);
    value_set_string(a, provision, "id", "prenataal-huisbezoek");
    value_set(a, root, "provision", provision);
    value_set(a, root, "list", value_array(a));

    assert_string_equal(value_as_string(value_path(root, "provision.provider.name")), "JGZ Utrecht West");
    assert_string_equal(value_as_string(value_path(root, "provision.id")), "prenataal-huisbezoek");
    assert_ptr_equal(value_path(root, "provision.provider"), provider);
    assert_ptr_equal(value_path(root, "provision"), provision);
    assert_null(value_path(root, "provision.provider.phone"));
    assert_null(value_path(root, "provision.nope.name"));
    assert_null(value_path(root, "nope"));
    /* Through something that is no object. */
    assert_null(value_path(root, "provision.id.length"));
    assert_null(value_path(root, "list.0"));
    assert_null(value_path(NULL, "provision"));
    /* A part longer than any key is simply absent. */
    char long_path[300];
    memset(long_path, 'x', sizeof long_path - 1);
    long_path[sizeof long_path - 1] = '\0';
    assert_null(value_path(root, long_path));
}

static void test_truthy(void **state)
{
    Arena *a = *state;
    Value *empty_list = value_array(a), *list = value_array(a);
    value_push(a, list, value_null(a));
    Value *empty_object = value_object(a), *object = value_object(a);
    value_set_bool(a, object, "x", false);

    assert_false(value_truthy(NULL));
    assert_false(value_truthy(value_null(a)));
    assert_false(value_truthy(value_bool(a, false)));
    assert_true(value_truthy(value_bool(a, true)));
    assert_false(value_truthy(value_string(a, "")));
    assert_true(value_truthy(value_string(a, "x")));
    assert_true(value_truthy(value_string(a, "0")));
    assert_true(value_truthy(value_string(a, "false")));
    assert_true(value_truthy(value_int(a, 1)));
    assert_true(value_truthy(value_int(a, -1)));
    /* 0 is false, as in most template languages: rk-unless="s.count"
     * shows "none" for an empty stage (it never did while 0 was true). */
    assert_false(value_truthy(value_int(a, 0)));
    assert_false(value_truthy(empty_list));
    assert_true(value_truthy(list));
    assert_false(value_truthy(empty_object));
    assert_true(value_truthy(object));
}

static void test_text(void **state)
{
    Arena *a = *state;
    assert_string_equal(value_text(a, value_string(a, "a <b> & c")), "a <b> & c");
    assert_string_equal(value_text(a, value_int(a, 42)), "42");
    assert_string_equal(value_text(a, value_int(a, -7)), "-7");
    assert_string_equal(value_text(a, value_int(a, 0)), "0");
    assert_string_equal(value_text(a, value_bool(a, true)), "true");
    assert_string_equal(value_text(a, value_bool(a, false)), "false");
    assert_string_equal(value_text(a, value_null(a)), "");
    assert_string_equal(value_text(a, NULL), "");
    assert_null(value_text(a, value_array(a)));
    assert_null(value_text(a, value_object(a)));
}

static void test_json_scalars(void **state)
{
    Arena *a = *state;
    expect_json(value_null(a), "null\n");
    expect_json(NULL, "null\n");
    expect_json(value_bool(a, true), "true\n");
    expect_json(value_bool(a, false), "false\n");
    expect_json(value_int(a, -12), "-12\n");
    expect_json(value_int(a, 1234567890123L), "1234567890123\n");
    expect_json(value_string(a, "plain"), "\"plain\"\n");
    expect_json(value_array(a), "[]\n");
    expect_json(value_object(a), "{}\n");
}

static void test_json_nested(void **state)
{
    Arena *a = *state;
    Value *root = value_object(a);
    Value *region = value_object(a);
    value_set_string(a, region, "id", "utrecht-west");
    Value *municipalities = value_array(a);
    value_push(a, municipalities, value_string(a, "Woerden"));
    value_push(a, municipalities, value_string(a, "Montfoort"));
    value_set(a, region, "municipalities", municipalities);
    value_set(a, region, "contact", value_object(a));
    value_set(a, root, "region", region);
    Value *provisions = value_array(a);
    Value *p = value_object(a);
    value_set_string(a, p, "id", "kraamzorg");
    value_set(a, p, "to", value_string(a, NULL));
    value_set_bool(a, p, "checked", true);
    value_set(a, p, "periods", value_array(a));
    value_push(a, provisions, p);
    value_push(a, provisions, value_int(a, 3));
    value_set(a, root, "provisions", provisions);
    value_set_int(a, root, "count", 2);

    expect_json(root, "{\n"
                      "  \"region\": {\n"
                      "    \"id\": \"utrecht-west\",\n"
                      "    \"municipalities\": [\n"
                      "      \"Woerden\",\n"
                      "      \"Montfoort\"\n"
                      "    ],\n"
                      "    \"contact\": {}\n"
                      "  },\n"
                      "  \"provisions\": [\n"
                      "    {\n"
                      "      \"id\": \"kraamzorg\",\n"
                      "      \"to\": null,\n"
                      "      \"checked\": true,\n"
                      "      \"periods\": []\n"
                      "    },\n"
                      "    3\n"
                      "  ],\n"
                      "  \"count\": 2\n"
                      "}\n");
}

static void test_json_escaping(void **state)
{
    Arena *a = *state;
    Value *o = value_object(a);
    value_set_string(a, o, "quote\"key", "a \"b\" \\ c");
    value_set_string(a, o, "control", "tab\there\nnew\rcr\x01\x1f\x7f");
    value_set_string(a, o, "html", "</script><!-- & -->");
    value_set_string(a, o, "utf8", "Coördinator, €5 – 👶 ‘x’");
    expect_json(o, "{\n"
                   "  \"quote\\\"key\": \"a \\\"b\\\" \\\\ c\",\n"
                   "  \"control\": \"tab\\there\\nnew\\rcr\\u0001\\u001f\x7f\",\n"
                   "  \"html\": \"\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e\",\n"
                   "  \"utf8\": \"Coördinator, €5 – 👶 ‘x’\"\n"
                   "}\n");
}

static void test_json_appends(void **state)
{
    Arena *a = *state;
    Buf out = BUF_INIT;
    buf_puts(&out, "x=");
    value_write_json(value_int(a, 1), &out);
    value_write_json(value_bool(a, false), &out);
    assert_string_equal(buf_cstr(&out), "x=1\nfalse\n");
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arrays, setup, teardown),
        cmocka_unit_test_setup_teardown(test_objects_and_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truthy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_appends, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
