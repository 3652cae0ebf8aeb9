/* Unit tests for gen/source.c: the YAML loader within limits.
 *
 * The loader replaces libyaml's yaml_parser_load, so its documents are
 * compared node by node (type, tag, style, value, marks, children) with
 * yaml_parser_load's for the example site's files and for YAML features
 * editors use; then each limit is tested at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "limit.h"
#include "source.h"

static void assert_same_node(yaml_document_t *a, yaml_document_t *b, int ia, int ib, int depth)
{
    assert_true(depth < 100);
    yaml_node_t *x = yaml_document_get_node(a, ia), *y = yaml_document_get_node(b, ib);
    assert_non_null(x);
    assert_non_null(y);
    assert_int_equal(x->type, y->type);
    assert_string_equal((const char *)x->tag, (const char *)y->tag);
    assert_int_equal(x->start_mark.line, y->start_mark.line);
    assert_int_equal(x->start_mark.column, y->start_mark.column);
    assert_int_equal(x->end_mark.line, y->end_mark.line);
    assert_int_equal(x->end_mark.column, y->end_mark.column);
    switch (x->type) {
    case YAML_SCALAR_NODE:
        assert_int_equal(x->data.scalar.length, y->data.scalar.length);
        assert_memory_equal(x->data.scalar.value, y->data.scalar.value, x->data.scalar.length);
        assert_int_equal(x->data.scalar.style, y->data.scalar.style);
        break;
    case YAML_SEQUENCE_NODE: {
        long n = x->data.sequence.items.top - x->data.sequence.items.start;
        assert_int_equal(n, y->data.sequence.items.top - y->data.sequence.items.start);
        assert_int_equal(x->data.sequence.style, y->data.sequence.style);
        for (long i = 0; i < n; i++)
            assert_same_node(a, b, x->data.sequence.items.start[i], y->data.sequence.items.start[i], depth + 1);
        break;
    }
    case YAML_MAPPING_NODE: {
        long n = x->data.mapping.pairs.top - x->data.mapping.pairs.start;
        assert_int_equal(n, y->data.mapping.pairs.top - y->data.mapping.pairs.start);
        assert_int_equal(x->data.mapping.style, y->data.mapping.style);
        for (long i = 0; i < n; i++) {
            assert_same_node(a, b, x->data.mapping.pairs.start[i].key, y->data.mapping.pairs.start[i].key,
                             depth + 1);
            assert_same_node(a, b, x->data.mapping.pairs.start[i].value, y->data.mapping.pairs.start[i].value,
                             depth + 1);
        }
        break;
    }
    default:
        fail_msg("node of no type");
    }
}

/* Loads `text` both ways and asserts the documents are the same. */
static void assert_loads_like_libyaml(const char *text)
{
    Arena *arena = arena_new();
    Diags *diags = diags_new();
    Source src;
    assert_true(source_init(&src, arena, diags, "x.yaml", text, strlen(text)));
    assert_true(source_parse_yaml(&src, diags));
    assert_int_equal(diags_len(diags), 0);

    yaml_parser_t parser;
    yaml_document_t expected;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
    assert_true(yaml_parser_load(&parser, &expected));
    yaml_parser_delete(&parser);
    if (yaml_document_get_root_node(&expected))
        assert_same_node(&src.yaml, &expected, 1, 1, 0);
    yaml_document_delete(&expected);
    source_release(&src);
    diags_free(diags);
    arena_free(arena);
}

/* A byte that is not UTF-8 is found wherever it stands: in a long run of
 * ASCII (read eight bytes at a time), at every offset into such a word, and
 * after a valid multi-byte character. */
static void test_invalid_utf8_at_every_offset(void **state)
{
    (void)state;
    for (size_t at = 0; at < 40; at++) {
        for (int after_e_acute = 0; after_e_acute < 2; after_e_acute++) {
            char text[64];
            memset(text, 'a', sizeof text);
            size_t start = 0;
            if (after_e_acute) {
                memcpy(text, "\xC3\xA9", 2); /* é: the column counts characters */
                start = 2;
            }
            text[start + at] = '\xFF';
            Arena *arena = arena_new();
            Diags *diags = diags_new();
            Source src;
            assert_false(source_init(&src, arena, diags, "x.yaml", text, sizeof text));
            assert_int_equal(diags_len(diags), 1);
            const Diag *d = diags_at(diags, 0);
            assert_int_equal(d->line, 1);
            assert_int_equal(d->column, (int)(at + 1 + (size_t)after_e_acute));
            diags_free(diags);
            arena_free(arena);
        }
    }
    /* All ASCII, of every length round a word: nothing to report. */
    for (size_t len = 0; len < 20; len++) {
        Arena *arena = arena_new();
        Diags *diags = diags_new();
        Source src;
        assert_true(source_init(&src, arena, diags, "x.yaml", "abcdefghijklmnopqrstuvwxyz", len));
        assert_int_equal(diags_len(diags), 0);
        diags_free(diags);
        arena_free(arena);
    }
}

static void test_same_document_as_libyaml(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "a: 1\n",
        "name: Utrecht West\nmunicipalities: [Woerden, Montfoort]\ncontact: {name: x, email: y@z.nl}\n",
        "list:\n  - id: a\n    title: 'quoted'\n  - id: b\n    title: \"double\\n\"\n",
        "text: |\n  regel een\n  regel twee\nfolded: >\n  een\n  twee\n",
        "tagged: !!str 12\nplain: 12\nexplicit: ! x\n",
        "anchors:\n  base: &b {lane: basiszorg}\n  again: *b\n  list: &l [1, 2]\n  copy: *l\n",
        "? complex\n: key\n",
        "é: ü\nlang: 'één twee'\n",
        "a: 1\n---\nb: 2\n", /* only the first document, as yaml_parser_load */
        "- [a, [b, [c]]]\n- {}\n- []\n- ~\n- null\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        assert_loads_like_libyaml(texts[i]);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    Buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data;
}

static void test_example_site_loads_like_libyaml(void **state)
{
    (void)state;
    static const char *const files[] = {
        "/../content/site.yaml",
        "/../content/catalog.yaml",
        "/../content/regions/utrecht-west/region.yaml",
        "/../content/regions/zeeuws-vlaanderen/region.yaml",
        "/../layouts/strings.yaml",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s", TESTS_DIR, files[i]);
        size_t len;
        char *text = read_file(path, &len);
        assert_loads_like_libyaml(text);
        free(text);
    }
}

/* Parses `text`; returns the diagnostics (caller frees) and whether it loaded. */
static Diags *parse(const char *text, bool *loaded)
{
    Arena *arena = arena_new();
    Diags *diags = diags_new();
    Source src;
    assert_true(source_init(&src, arena, diags, "x.yaml", text, strlen(text)));
    *loaded = source_parse_yaml(&src, diags);
    assert_int_equal(*loaded, src.has_yaml);
    source_release(&src);
    arena_free(arena);
    return diags;
}

static void assert_refused_as(const char *code, const char *text, int line, int column, const char *message)
{
    bool loaded;
    Diags *diags = parse(text, &loaded);
    assert_false(loaded);
    assert_int_equal(diags_len(diags), 1);
    const Diag *d = diags_at(diags, 0);
    assert_string_equal(d->code, code);
    assert_int_equal(d->line, line);
    assert_int_equal(d->column, column);
    assert_string_equal(d->message, message);
    diags_free(diags);
}

static void assert_refused(const char *text, int line, int column, const char *message)
{
    assert_refused_as("limit", text, line, column, message);
}

static void assert_loads(const char *text)
{
    bool loaded;
    Diags *diags = parse(text, &loaded);
    assert_true(loaded);
    assert_int_equal(diags_len(diags), 0);
    diags_free(diags);
}

static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
    Buf b = BUF_INIT;
    buf_puts(&b, head);
    for (int i = 0; i < n; i++)
        buf_puts(&b, unit);
    buf_puts(&b, tail);
    return b.data;
}

static void test_depth_limit(void **state)
{
    (void)state;
    /* The root mapping is the first level. */
    char *inside = repeat("a: ", "[", LIMIT_YAML_DEPTH - 1, "");
    char *closed = repeat(inside, "]", LIMIT_YAML_DEPTH - 1, "\n");
    assert_loads(closed);
    char *over = repeat("a: ", "[", LIMIT_YAML_DEPTH, "\n");
    assert_refused(over, 1, 3 + LIMIT_YAML_DEPTH, "values nested more than 32 levels deep (the limit)");
    free(inside);
    free(closed);
    free(over);
}

static void test_items_limit(void **state)
{
    (void)state;
    char *inside = repeat("a:\n", "  - x\n", LIMIT_YAML_ITEMS, "");
    assert_loads(inside);
    char *over = repeat("a:\n", "  - x\n", LIMIT_YAML_ITEMS + 1, "");
    assert_refused(over, LIMIT_YAML_ITEMS + 2, 5, "more than 20000 items in one list (the limit)");
    char *keys = repeat("a: {", "k: v, ", LIMIT_YAML_ITEMS + 1, "}\n");
    assert_refused(keys, 1, 5 + 6 * LIMIT_YAML_ITEMS + 3, "more than 20000 keys in one mapping (the limit)");
    free(inside);
    free(over);
    free(keys);
}

static void test_scalar_limit(void **state)
{
    (void)state;
    char *inside = repeat("a: ", "x", LIMIT_YAML_SCALAR_BYTES, "\n");
    assert_loads(inside);
    char *over = repeat("a: ", "x", LIMIT_YAML_SCALAR_BYTES + 1, "\n");
    assert_refused(over, 1, 4, "a value of more than 1048576 bytes (the limit is 1 MB)");
    free(inside);
    free(over);
}

/* A file an editor names (the CSV of `import`) one byte over the limit is
 * refused before a byte of it is read: a sparse file, so nothing is
 * written to the disk either. */
static void test_file_size_limit(void **state)
{
    (void)state;
    char path[] = "/tmp/routekaart-test-source-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)LIMIT_TEXT_FILE_BYTES + 1), 0);
    close(fd);
    Arena *arena = arena_new();
    Diags *diags = diags_new();
    Source src;
    assert_false(source_read_file(&src, arena, diags, "groot.csv", path));
    unlink(path);
    assert_int_equal(diags_len(diags), 1);
    assert_string_equal(diags_at(diags, 0)->code, "limit");
    assert_string_equal(diags_at(diags, 0)->path, "groot.csv");
    assert_string_equal(diags_at(diags, 0)->message,
                        "file is larger than the limit of 64 MB; split it or make it smaller");
    diags_free(diags);
    arena_free(arena);
}

/* 10 levels of 10 aliases each expand to 10^10 values: refused at the
 * alias that crosses the limit, after a few thousand events. */
static void test_alias_bomb(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
        buf_printf(&b, "a%d: &a%d [", i, i);
        for (int j = 0; j < 10; j++)
            buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
        buf_puts(&b, "]\n");
    }
    /* a_i expands to 11...1 (i + 2 ones) values: a0..a5 hold 1,234,566 in
     * all, and a6's first alias adds a5's 1,111,111, crossing 2,000,000. */
    assert_refused(b.data, 7, 10,
                   "this file holds more than 2000000 values with its aliases (*name) expanded (the limit); "
                   "repeat less through aliases");
    buf_free(&b);
}

/* An alias to a long text counts its bytes each time: the text of just
 * under 1 MB and 63 aliases to it are within 64 MB, with 64 aliases not. */
static void test_alias_bytes(void **state)
{
    (void)state;
    char *text = repeat("t: &t ", "x", 1024 * 1024 - 16, "\nl:\n");
    char *many = repeat(text, "  - *t\n", 63, "");
    assert_loads(many);
    free(many);
    many = repeat(text, "  - *t\n", 64, "");
    assert_refused(many, 64 + 2, 5,
                   "this file holds more than 64 MB of text with its aliases (*name) expanded (the limit); "
                   "repeat less through aliases");
    free(many);
    free(text);
}

/* The sources of one build share a budget. */
static void test_site_budget(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    Diags *diags = diags_new();
    SourceBudget budget = {LIMIT_SITE_YAML_VALUES - 3, 0};
    Source src;
    const char *text = "a: [1, 2]\n"; /* 5 values: mapping, key, list, 2 items */
    assert_true(source_init(&src, arena, diags, "x.yaml", text, strlen(text)));
    src.budget = &budget;
    assert_false(source_parse_yaml(&src, diags));
    assert_int_equal(diags_len(diags), 1);
    assert_string_equal(diags_at(diags, 0)->message, "with this file the site's YAML holds more than 3000000 values "
                                                     "(the limit)");
    assert_int_equal(diags_at(diags, 0)->line, 1);
    assert_int_equal(diags_at(diags, 0)->column, 5);
    source_release(&src);
    diags_free(diags);
    arena_free(arena);
}

static void test_aliases(void **state)
{
    (void)state;
    assert_loads("a: &x [1, 2]\nb: *x\nc: &x 3\nd: *x\n"); /* an anchor may be defined again */
    bool loaded;
    Diags *diags = parse("a: &x 1\nb: &y [*x, *y]\n", &loaded);
    assert_false(loaded);
    assert_string_equal(diags_at(diags, 0)->code, "yaml-syntax");
    assert_string_equal(diags_at(diags, 0)->message,
                        "YAML syntax: alias '*y' is inside the value it names, which would never end");
    diags_free(diags);
    assert_refused_as("yaml-syntax", "a: *nergens\n", 1, 4,
                      "YAML syntax: alias '*nergens' names no anchor ('&nergens') before it");
    /* A tag whose %-escapes decode to bytes that are not UTF-8: an error,
     * not a crash (libyaml's document API refuses the tag). */
    assert_refused_as("yaml-syntax", "title: !<%C0%80> x\n", 1, 8,
                      "YAML syntax: a tag (!...) that is not valid UTF-8");
}

static void test_syntax_error_still_reported(void **state)
{
    (void)state;
    bool loaded;
    Diags *diags = parse("a: [1, 2\nb: 3\n", &loaded);
    assert_false(loaded);
    assert_int_equal(diags_len(diags), 1);
    assert_string_equal(diags_at(diags, 0)->code, "yaml-syntax");
    diags_free(diags);
    assert_loads("");
}

/* A build reads its regions one by one into the build's arena and keeps
 * only what validation copies out: a document in that arena would stay
 * until the build ends (a national build peaked at 164 MB instead of 107).
 * Parsing adds nothing to the caller's arena, and the document's own
 * memory goes with source_release (LeakSanitizer and valgrind see that). */
static void test_document_outside_the_callers_arena(void **state)
{
    (void)state;
    char *text = repeat("list:\n", "  - {id: een, title: 'Een voorziening met een titel', cost: [eigen-risico]}\n",
                        2000, "");
    Arena *arena = arena_new();
    Diags *diags = diags_new();
    Source src;
    assert_true(source_init(&src, arena, diags, "x.yaml", text, strlen(text)));
    size_t before = arena_used(arena);
    assert_true(source_parse_yaml(&src, diags));
    assert_int_equal(arena_used(arena), before);
    assert_non_null(src.yaml_arena);
    assert_true(arena_used(src.yaml_arena) > strlen(text) / 2);
    source_release(&src);
    assert_null(src.yaml_arena);
    assert_false(src.has_yaml);
    diags_free(diags);
    arena_free(arena);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_document_as_libyaml),
        cmocka_unit_test(test_invalid_utf8_at_every_offset),
        cmocka_unit_test(test_example_site_loads_like_libyaml),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_items_limit),
        cmocka_unit_test(test_scalar_limit),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_alias_bytes),
        cmocka_unit_test(test_site_budget),
        cmocka_unit_test(test_syntax_error_still_reported),
        cmocka_unit_test(test_document_outside_the_callers_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
