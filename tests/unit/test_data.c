/* Unit tests for gen/data.c: the open data of a region. Each region of
 * fixture sites goes through the pipeline (load, validate, resolve) and its
 * data is checked against schema/data.schema.json, read with libyaml (JSON
 * is YAML): a small checker for the keywords that schema uses (type,
 * properties, required, additionalProperties, items, $ref, enum, const,
 * oneOf, minItems, maxItems, minimum, maximum, minLength). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "data.h"
#include "diag.h"
#include "load.h"
#include "resolve.h"
#include "sitefs.h"
#include "validate.h"
#include "value.h"

typedef struct {
    yaml_document_t doc;
    Buf problems;
} Schema;

static yaml_node_t *node(Schema *s, int id)
{
    return yaml_document_get_node(&s->doc, id);
}

static yaml_node_t *member(Schema *s, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
        if (!strcmp((const char *)node(s, p->key)->data.scalar.value, key))
            return node(s, p->value);
    return NULL;
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static bool has_type(const Value *v, const char *type)
{
    ValueType t = value_type(v);
    return (!strcmp(type, "null") && t == VALUE_NULL) || (!strcmp(type, "boolean") && t == VALUE_BOOL) ||
           ((!strcmp(type, "integer") || !strcmp(type, "number")) && t == VALUE_INT) ||
           (!strcmp(type, "string") && t == VALUE_STRING) || (!strcmp(type, "array") && t == VALUE_ARRAY) ||
           (!strcmp(type, "object") && t == VALUE_OBJECT);
}

static const char *text_of(const Value *v, char *buf, size_t size)
{
    if (value_type(v) == VALUE_STRING)
        return value_as_string(v);
    snprintf(buf, size, "%ld", value_as_int(v));
    return buf;
}

/* A malloc'ed string; the caller frees it. */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *out = malloc((size_t)n + 1);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

static void problem(Schema *s, const char *where, const char *what)
{
    buf_printf(&s->problems, "%s: %s\n", where, what);
}

static void check(Schema *s, yaml_node_t *rule, const Value *v, const char *where);

/* True when `v` passes `rule`, without reporting (for oneOf). */
static bool passes(Schema *s, yaml_node_t *rule, const Value *v)
{
    Buf saved = s->problems;
    s->problems = (Buf)BUF_INIT;
    check(s, rule, v, "");
    bool ok = s->problems.len == 0;
    buf_free(&s->problems);
    s->problems = saved;
    return ok;
}

static void check(Schema *s, yaml_node_t *rule, const Value *v, const char *where)
{
    const char *ref = scalar(member(s, rule, "$ref"));
    if (ref) {
        /* "#/$defs/name" */
        yaml_node_t *defs = member(s, yaml_document_get_root_node(&s->doc), "$defs");
        check(s, member(s, defs, strrchr(ref, '/') + 1), v, where);
        return;
    }
    yaml_node_t *type = member(s, rule, "type");
    if (type && type->type == YAML_SCALAR_NODE && !has_type(v, scalar(type))) {
        problem(s, where, "wrong type");
        return;
    }
    if (type && type->type == YAML_SEQUENCE_NODE) {
        bool any = false;
        for (yaml_node_item_t *i = type->data.sequence.items.start; i < type->data.sequence.items.top; i++)
            any = any || has_type(v, scalar(node(s, *i)));
        if (!any) {
            problem(s, where, "none of the types");
            return;
        }
    }
    char number[32];
    yaml_node_t *values = member(s, rule, "enum");
    if (values && value_type(v) != VALUE_NULL) {
        bool found = false;
        for (yaml_node_item_t *i = values->data.sequence.items.start; i < values->data.sequence.items.top; i++)
            found = found || (scalar(node(s, *i)) && value_type(v) != VALUE_OBJECT && value_type(v) != VALUE_ARRAY &&
                              !strcmp(scalar(node(s, *i)), text_of(v, number, sizeof number)));
        if (!found)
            problem(s, where, "not in enum");
    }
    const char *constant = scalar(member(s, rule, "const"));
    if (constant && strcmp(constant, text_of(v, number, sizeof number)) != 0)
        problem(s, where, "not the const");
    yaml_node_t *one_of = member(s, rule, "oneOf");
    if (one_of) {
        int n = 0;
        for (yaml_node_item_t *i = one_of->data.sequence.items.start; i < one_of->data.sequence.items.top; i++)
            n += passes(s, node(s, *i), v);
        if (n != 1)
            problem(s, where, "not exactly one of oneOf");
    }
    if (value_type(v) == VALUE_INT) {
        const char *min = scalar(member(s, rule, "minimum")), *max = scalar(member(s, rule, "maximum"));
        if ((min && value_as_int(v) < atol(min)) || (max && value_as_int(v) > atol(max)))
            problem(s, where, "out of range");
    }
    if (value_type(v) == VALUE_STRING) {
        const char *min = scalar(member(s, rule, "minLength"));
        if (min && strlen(value_as_string(v)) < (size_t)atol(min))
            problem(s, where, "too short");
    }
    if (value_type(v) == VALUE_ARRAY) {
        const char *min = scalar(member(s, rule, "minItems")), *max = scalar(member(s, rule, "maxItems"));
        if ((min && value_length(v) < (size_t)atol(min)) || (max && value_length(v) > (size_t)atol(max)))
            problem(s, where, "wrong number of items");
        yaml_node_t *items = member(s, rule, "items");
        for (size_t i = 0; items && i < value_length(v); i++) {
            char *inner = format("%s[%zu]", where, i);
            check(s, items, value_at(v, i), inner);
            free(inner);
        }
    }
    if (value_type(v) == VALUE_OBJECT) {
        yaml_node_t *props = member(s, rule, "properties");
        yaml_node_t *required = member(s, rule, "required");
        for (yaml_node_item_t *i = required ? required->data.sequence.items.start : NULL;
             required && i < required->data.sequence.items.top; i++)
            if (!value_get(v, scalar(node(s, *i)))) {
                char *what = format("missing required '%s'", scalar(node(s, *i)));
                problem(s, where, what);
                free(what);
            }
        const char *additional = scalar(member(s, rule, "additionalProperties"));
        for (size_t k = 0; k < value_length(v); k++) {
            const char *key = value_key_at(v, k);
            yaml_node_t *sub = member(s, props, key);
            char *inner = format("%s.%s", where, key);
            if (sub)
                check(s, sub, value_at(v, k), inner);
            else if (additional && !strcmp(additional, "false"))
                problem(s, inner, "not in the schema");
            free(inner);
        }
    }
}

static void load_schema(Schema *s)
{
    FILE *f = fopen(TESTS_DIR "/../schema/data.schema.json", "rb");
    assert_non_null(f);
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    assert_true(yaml_parser_load(&parser, &s->doc));
    yaml_parser_delete(&parser);
    fclose(f);
    s->problems = (Buf)BUF_INIT;
}

/* The site at `root` through load, validate and resolve, with no error. */
static Site load_site(Arena *arena, const char *root)
{
    Diags *diags = diags_new();
    SiteFs *fs = sitefs_open(root);
    Tree tree;
    Site site;
    assert_true(load_tree(&tree, arena, diags, fs));
    validate_tree(&site, arena, diags, &tree);
    load_release(&tree);
    resolve_site(&site, arena, diags);
    assert_int_equal(diags_count(diags, DIAG_ERROR), 0);
    sitefs_close(fs);
    diags_free(diags);
    return site;
}

static void check_site(const char *root)
{
    Arena *arena = arena_new();
    Site site = load_site(arena, root);
    Schema schema;
    load_schema(&schema);
    Value *model = data_model(arena, &site);
    assert_true(site.region_count > 0);
    for (size_t i = 0; i < site.region_count; i++) {
        RegionData d = data_region(arena, &site, &site.regions[i], model);
        check(&schema, yaml_document_get_root_node(&schema.doc), d.document, site.regions[i].id);
        if (schema.problems.len)
            fail_msg("%s: data.json does not follow its schema:\n%s", root, buf_cstr(&schema.problems));
        /* The parts are the document's. */
        assert_ptr_equal(value_get(d.document, "provisions"), d.provisions);
        assert_ptr_equal(value_get(d.document, "routes"), d.routes);
        assert_int_equal(value_length(d.provisions), site.regions[i].provision_count);
        /* The same data twice is the same text. */
        Buf a = BUF_INIT, b = BUF_INIT;
        value_write_json(d.document, &a);
        value_write_json(data_region(arena, &site, &site.regions[i], model).document, &b);
        assert_string_equal(buf_cstr(&a), buf_cstr(&b));
        buf_free(&a);
        buf_free(&b);
    }
    buf_free(&schema.problems);
    yaml_document_delete(&schema.doc);
    arena_free(arena);
}

static void test_example_follows_schema(void **state)
{
    (void)state;
    check_site(TESTS_DIR "/..");
}

static void test_journeys_follow_schema(void **state)
{
    (void)state;
    check_site(TESTS_DIR "/sites/routes-journey");
    check_site(TESTS_DIR "/sites/gaps");
}

/* The checker finds what it looks for: a key the schema does not know, a
 * missing required key, a wrong type. */
static void test_checker_finds_problems(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    Site site = load_site(arena, TESTS_DIR "/sites/routes-journey");
    Schema schema;
    load_schema(&schema);
    RegionData d = data_region(arena, &site, &site.regions[0], data_model(arena, &site));
    value_set_string(arena, value_at(d.provisions, 0), "lane_label", "Basiszorg");
    value_set_int(arena, d.region, "name", 3);
    Value *bare = value_object(arena);
    value_push(arena, d.routes, bare);
    check(&schema, yaml_document_get_root_node(&schema.doc), d.document, "r");
    const char *found = buf_cstr(&schema.problems);
    assert_non_null(strstr(found, "r.provisions[0].lane_label: not in the schema"));
    assert_non_null(strstr(found, "r.region.name: wrong type"));
    assert_non_null(strstr(found, "missing required 'id'"));
    buf_free(&schema.problems);
    yaml_document_delete(&schema.doc);
    arena_free(arena);
}

/* A URL is base_url and the path; a period is named with its unit. */
static void test_words(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    Site site = load_site(arena, TESTS_DIR "/..");
    assert_string_equal(data_url(arena, &site, "utrecht-west/"), "/utrecht-west/");
    /* Column 1 is the first month of zwangerschap; column 0 is preconceptie,
     * a stage without periods. */
    assert_string_equal(data_period_words(arena, &site, 1, true), "maand 1");
    assert_string_equal(data_period_words(arena, &site, 1, false), "1");
    assert_null(data_period_words(arena, &site, 0, true));
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_follows_schema),
        cmocka_unit_test(test_journeys_follow_schema),
        cmocka_unit_test(test_checker_finds_problems),
        cmocka_unit_test(test_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
