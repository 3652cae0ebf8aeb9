/* Unit tests for gen/tools/scaffold.c: `routekaart new` writes commented
 * YAML that builds at once, never overwrites a file, and adds a
 * provision to region.yaml keeping every other line. Each test works in
 * its own folder in /tmp. */
#define _GNU_SOURCE /* mkdtemp, symlink */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "embedded.h"
#include "load.h"
#include "model.h"
#include "scaffold.h"
#include "sitefs.h"
#include "validate.h"

#include "tmpsite.h"

typedef struct {
    char dir[TMPSITE_DIR_SIZE];
    Diags *diags;
    Buf done;
} Fixture;

static const char today[] = "2026-03-01";

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    tmpsite_create(f->dir, "test_scaffold");
    f->diags = diags_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    tmpsite_remove(f->dir);
    diags_free(f->diags);
    buf_free(&f->done);
    free(f);
    return 0;
}

static void expect_only_diag(const Fixture *f, const char *path, int line, int column, const char *code,
                             const char *message)
{
    if (diags_len(f->diags) != 1) {
        Buf out = BUF_INIT;
        diags_format_gcc(f->diags, &out);
        print_error("%s", buf_cstr(&out));
        buf_free(&out);
        fail_msg("expected one diagnostic, got %zu", diags_len(f->diags));
    }
    const Diag *d = diags_at(f->diags, 0);
    assert_int_equal(d->severity, DIAG_ERROR);
    assert_string_equal(d->path, path);
    assert_int_equal(d->line, line);
    assert_int_equal(d->column, column);
    assert_string_equal(d->code, code);
    assert_string_equal(d->message, message);
}

/* The site folder loaded and validated: the number of errors. */
static size_t validate_site(const Fixture *f)
{
    Arena *arena = arena_new();
    Diags *diags = diags_new();
    SiteFs *fs = sitefs_open(f->dir);
    Tree tree;
    Site site;
    assert_true(load_tree(&tree, arena, diags, fs));
    validate_tree(&site, arena, diags, &tree);
    size_t errors = diags_count(diags, DIAG_ERROR);
    if (errors) {
        Buf out = BUF_INIT;
        diags_format_gcc(diags, &out);
        print_error("%s", buf_cstr(&out));
        buf_free(&out);
    }
    load_release(&tree);
    sitefs_close(fs);
    diags_free(diags);
    arena_free(arena);
    return errors;
}

static void test_name_from_id(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"west-betuwe", "West betuwe"}, {"utrecht", "Utrecht"}, {"2e-lijn", "2e lijn"}, {"a", "A"}, {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *name = scaffold_name_from_id(cases[i][0]);
        assert_string_equal(name, cases[i][1]);
        free(name);
    }
}

/* A new site: site.yaml, catalog.yaml, one example region and the
 * schemas, dated today, that validates without an error. */
static void test_new_site(void **state)
{
    Fixture *f = *state;
    assert_true(scaffold_site(f->dir, today, f->diags, &f->done));
    assert_int_equal(diags_len(f->diags), 0);
    Buf want = BUF_INIT;
    buf_printf(&want, "created %s/content/site.yaml\ncreated %s/content/catalog.yaml\n"
                      "created %s/content/regions/voorbeeld/region.yaml\n", f->dir, f->dir, f->dir);
    size_t schemas = 0;
    for (size_t i = 0; i < embedded_file_count; i++)
        if (strncmp(embedded_files[i].path, "schema/", 7) == 0) {
            buf_printf(&want, "created %s/%s\n", f->dir, embedded_files[i].path);
            char *text = tmpsite_read(tmpsite_path(f->dir, embedded_files[i].path));
            assert_int_equal(strlen(text), embedded_files[i].size);
            assert_memory_equal(text, embedded_files[i].data, embedded_files[i].size);
            free(text);
            schemas++;
        }
    assert_int_equal(schemas, 4);
    buf_printf(&want, "Next: cd %s && routekaart serve   (then open http://127.0.0.1:1313/)\n", f->dir);
    assert_string_equal(buf_cstr(&f->done), buf_cstr(&want));
    buf_free(&want);
    char *region = tmpsite_read(tmpsite_path(f->dir, "content/regions/voorbeeld/region.yaml"));
    assert_non_null(strstr(region, "\nname: Voorbeeld\n"));
    assert_non_null(strstr(region, "\nupdated: 2026-03-01 "));
    assert_non_null(strstr(region, "  - id: voorbeeld-voorbeeld\n"));
    assert_null(strstr(region, "{{"));
    assert_int_equal(strncmp(region, "# yaml-language-server: $schema=../../../schema/region.schema.json\n", 67), 0);
    free(region);
    assert_int_equal(validate_site(f), 0);
}

static void test_new_site_refuses_existing_content(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->dir, "content");
    char content[512];
    snprintf(content, sizeof content, "%s", tmpsite_path(f->dir, "content"));
    assert_false(scaffold_site(f->dir, today, f->diags, &f->done));
    expect_only_diag(f, content, 0, 0, "exists", "already exists; a new site needs a folder without content/");
    assert_string_equal(buf_cstr(&f->done), "");
    assert_false(tmpsite_exists(tmpsite_path(f->dir, "content/site.yaml")));
    assert_false(tmpsite_exists(tmpsite_path(f->dir, "schema")));
}

static void test_new_region(void **state)
{
    Fixture *f = *state;
    assert_true(scaffold_site(f->dir, today, f->diags, &f->done));
    buf_clear(&f->done);
    assert_true(scaffold_region(f->dir, "west-betuwe", today, f->diags, &f->done));
    Buf want = BUF_INIT;
    /* The schemas are there already: not written again. */
    buf_printf(&want, "created %s/content/regions/west-betuwe/region.yaml\n"
                      "Next: fill in content/regions/west-betuwe/region.yaml; check it with: routekaart check\n",
               f->dir);
    assert_string_equal(buf_cstr(&f->done), buf_cstr(&want));
    buf_free(&want);
    char *region = tmpsite_read(tmpsite_path(f->dir, "content/regions/west-betuwe/region.yaml"));
    assert_non_null(strstr(region, "\nname: West betuwe\n"));
    assert_non_null(strstr(region, "    provider: west-betuwe-jgz\n"));
    free(region);
    assert_int_equal(diags_len(f->diags), 0);
    assert_int_equal(validate_site(f), 0);

    /* Again: the file is never overwritten. */
    tmpsite_put(f->dir, "content/regions/west-betuwe/region.yaml", "name: Eigen\n");
    buf_clear(&f->done);
    char path[512];
    snprintf(path, sizeof path, "%s", tmpsite_path(f->dir, "content/regions/west-betuwe/region.yaml"));
    assert_false(scaffold_region(f->dir, "west-betuwe", today, f->diags, &f->done));
    expect_only_diag(f, path, 0, 0, "exists", "already exists; nothing was changed");
    char *kept = tmpsite_read(path);
    assert_string_equal(kept, "name: Eigen\n");
    free(kept);
}

static void test_new_region_errors(void **state)
{
    Fixture *f = *state;
    assert_false(scaffold_region(f->dir, "Noord", today, f->diags, &f->done));
    expect_only_diag(f, "Noord", 0, 0, "bad-id",
                     "'Noord' is not a valid region id: use lowercase letters, digits and '-'");
    diags_free(f->diags);
    f->diags = diags_new();
    char site[512];
    snprintf(site, sizeof site, "%s", tmpsite_path(f->dir, "content/site.yaml"));
    assert_false(scaffold_region(f->dir, "noord", today, f->diags, &f->done));
    expect_only_diag(f, site, 0, 0, "missing-file",
                     "no site here; run this in the folder that holds content/, or give it with -C DIR");
    assert_false(tmpsite_exists(tmpsite_path(f->dir, "content")));
    assert_string_equal(buf_cstr(&f->done), "");
}

/* A region folder that is a link: nothing written through it. */
static void test_new_region_through_link(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->dir, "content");
    tmpsite_mkdir(f->dir, "content/regions");
    tmpsite_mkdir(f->dir, "elders");
    tmpsite_put(f->dir, "content/site.yaml", "title: T\n");
    tmpsite_link(f->dir, "content/regions/noord", "../../elders");
    char path[512];
    snprintf(path, sizeof path, "%s", tmpsite_path(f->dir, "content/regions/noord/region.yaml"));
    assert_false(scaffold_region(f->dir, "noord", today, f->diags, &f->done));
    expect_only_diag(f, path, 0, 0, "refused-file",
                     "'content/regions/noord' is a symbolic link; new and import change only files whose path "
                     "holds no link");
    assert_false(tmpsite_exists(tmpsite_path(f->dir, "elders/region.yaml")));
}

/* The shipped provision entry as scaffold_provision writes it, its '-'
 * at `dash` (shipped at column 2). */
static char *entry(const char *id, int dash)
{
    char *shipped = tmpsite_read(TESTS_DIR "/../scaffold/provision.yaml");
    Buf out = BUF_INIT;
    for (char *line = strtok(shipped, "\n"); line; line = strtok(NULL, "\n")) {
        for (int i = 2; i < dash; i++)
            buf_putc(&out, ' ');
        buf_puts(&out, line + (dash < 2 ? 2 - dash : 0));
        buf_putc(&out, '\n');
    }
    free(shipped);
    char *text = out.data;
    /* Fill in the placeholders. */
    Buf filled = BUF_INIT;
    static const char *const pairs[][2] = {{"{{id}}", NULL}, {"{{title}}", "Nieuwe voorziening"}, {"{{today}}", today}};
    for (const char *p = text; *p;) {
        size_t k = 0;
        while (k < 3 && strncmp(p, pairs[k][0], strlen(pairs[k][0])) != 0)
            k++;
        if (k < 3) {
            buf_puts(&filled, k ? pairs[k][1] : id);
            p += strlen(pairs[k][0]);
        } else {
            buf_putc(&filled, *p++);
        }
    }
    buf_free(&out);
    buf_putc(&filled, '\0');
    return filled.data;
}

/* Adds a provision to `before` and expects `prefix` + the entry at
 * `dash` + `suffix`. */
static void expect_added(Fixture *f, const char *before, const char *prefix, int dash, const char *suffix)
{
    char path[512];
    snprintf(path, sizeof path, "%s", tmpsite_path(f->dir, "content/regions/noord/region.yaml"));
    tmpsite_write(path, before);
    buf_clear(&f->done);
    assert_true(scaffold_provision(f->dir, "noord", "nieuw", today, f->diags, &f->done));
    char *got = tmpsite_read(path);
    char *e = entry("nieuw", dash);
    Buf want = BUF_INIT;
    buf_printf(&want, "%s%s%s", prefix, e, suffix);
    assert_string_equal(got, buf_cstr(&want));
    buf_free(&want);
    free(e);
    free(got);
    Buf done = BUF_INIT;
    buf_printf(&done, "added provision 'nieuw' to %s\nNext: fill it in; check it with: routekaart check\n", path);
    assert_string_equal(buf_cstr(&f->done), buf_cstr(&done));
    buf_free(&done);
}

static void make_site(Fixture *f)
{
    tmpsite_mkdir(f->dir, "content");
    tmpsite_mkdir(f->dir, "content/regions");
    tmpsite_mkdir(f->dir, "content/regions/noord");
    tmpsite_put(f->dir, "content/site.yaml", "title: T\n");
}

/* After the last item of a block list, before what leads to the next key. */
static void test_provision_into_block_list(void **state)
{
    Fixture *f = *state;
    make_site(f);
    const char *head =
        "name: Noord   # de naam\n"
        "provisions:\n"
        "  - id: een\n"
        "    title: Een\n"
        "  # - use: later\n";
    const char *tail =
        "\n"
        "# Routes\n"
        "routes: []\n";
    Buf before = BUF_INIT;
    buf_printf(&before, "%s%s", head, tail);
    expect_added(f, before.data, head, 2, tail);
    buf_free(&before);
    assert_int_equal(diags_len(f->diags), 0);
}

/* A list indented further: the entry follows its indentation. */
static void test_provision_into_indented_list(void **state)
{
    Fixture *f = *state;
    make_site(f);
    const char *head =
        "name: Noord\n"
        "provisions:\n"
        "    - id: een\n"
        "      title: Een\n";
    expect_added(f, head, head, 4, "");
}

/* Items at column 0 under their key. */
static void test_provision_into_unindented_list(void **state)
{
    Fixture *f = *state;
    make_site(f);
#define HEAD "name: Noord\nprovisions:\n- id: een\n  title: Een\n"
    expect_added(f, HEAD "routes: []\n", HEAD, 0, "routes: []\n");
#undef HEAD
}

/* `provisions: []` or an empty value: the entry replaces it. */
static void test_provision_into_empty_list(void **state)
{
    Fixture *f = *state;
    make_site(f);
    expect_added(f, "name: Noord\nprovisions: []   # nog niets\nroutes: []\n", "name: Noord\nprovisions:\n", 2,
                 "routes: []\n");
    /* Now a block list: the next entry goes after the first. */
    assert_true(scaffold_provision(f->dir, "noord", "tweede", today, f->diags, &f->done));
    char *got = tmpsite_read(tmpsite_path(f->dir, "content/regions/noord/region.yaml"));
    char *first = entry("nieuw", 2), *second = entry("tweede", 2);
    Buf want = BUF_INIT;
    buf_printf(&want, "name: Noord\nprovisions:\n%s%sroutes: []\n", first, second);
    assert_string_equal(got, buf_cstr(&want));
    buf_free(&want);
    free(first);
    free(second);
    free(got);
    assert_int_equal(diags_len(f->diags), 0);
}

static void test_provision_into_empty_value(void **state)
{
    Fixture *f = *state;
    make_site(f);
    expect_added(f, "name: Noord\nprovisions:\nroutes: []\n", "name: Noord\nprovisions:\n", 2, "routes: []\n");
}

/* No `provisions:` at all: added at the end. */
static void test_provision_without_list(void **state)
{
    Fixture *f = *state;
    make_site(f);
    expect_added(f, "name: Noord\n", "name: Noord\n\nprovisions:\n", 2, "");
}

static void test_provision_errors(void **state)
{
    Fixture *f = *state;
    make_site(f);
    char path[512];
    snprintf(path, sizeof path, "%s", tmpsite_path(f->dir, "content/regions/noord/region.yaml"));
    const char *text = "name: Noord\nprovisions: [{id: een, title: Een}]\n";
    tmpsite_write(path, text);
    assert_false(scaffold_provision(f->dir, "noord", "twee", today, f->diags, &f->done));
    expect_only_diag(f, path, 2, 13, "wrong-type",
                     "'provisions' is not a list written with '- ' on each line; cannot add to it");
    diags_free(f->diags);
    f->diags = diags_new();
    assert_false(scaffold_provision(f->dir, "noord", "een", today, f->diags, &f->done));
    expect_only_diag(f, path, 0, 0, "duplicate-id", "region 'noord' already has a provision 'een'");
    diags_free(f->diags);
    f->diags = diags_new();
    tmpsite_write(path, "name: Noord\nprovisions:\n  - use: kraamzorg\n");
    assert_false(scaffold_provision(f->dir, "noord", "kraamzorg", today, f->diags, &f->done));
    expect_only_diag(f, path, 0, 0, "duplicate-id", "region 'noord' already has a provision 'kraamzorg'");
    diags_free(f->diags);
    f->diags = diags_new();
    assert_false(scaffold_provision(f->dir, "noord", "Twee", today, f->diags, &f->done));
    expect_only_diag(f, "Twee", 0, 0, "bad-id",
                     "'Twee' is not a valid provision id: use lowercase letters, digits and '-'");
    diags_free(f->diags);
    f->diags = diags_new();
    char missing[512];
    snprintf(missing, sizeof missing, "%s", tmpsite_path(f->dir, "content/regions/zuid/region.yaml"));
    assert_false(scaffold_provision(f->dir, "zuid", "twee", today, f->diags, &f->done));
    expect_only_diag(f, missing, 0, 0, "unreadable", "cannot read file: No such file or directory");
    /* Nothing was changed. */
    char *kept = tmpsite_read(path);
    assert_string_equal(kept, "name: Noord\nprovisions:\n  - use: kraamzorg\n");
    free(kept);
    assert_string_equal(buf_cstr(&f->done), "");
}

/* Only the missing schemas are written; an editor's own is kept. */
static void test_write_schemas(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->dir, "schema");
    tmpsite_put(f->dir, "schema/site.schema.json", "{}\n");
    assert_true(scaffold_write_schemas(f->dir, f->diags, &f->done));
    Buf want = BUF_INIT;
    for (size_t i = 0; i < embedded_file_count; i++)
        if (strncmp(embedded_files[i].path, "schema/", 7) == 0 &&
            strcmp(embedded_files[i].path, "schema/site.schema.json") != 0)
            buf_printf(&want, "created %s/%s\n", f->dir, embedded_files[i].path);
    assert_string_equal(buf_cstr(&f->done), buf_cstr(&want));
    buf_free(&want);
    char *own = tmpsite_read(tmpsite_path(f->dir, "schema/site.schema.json"));
    assert_string_equal(own, "{}\n");
    free(own);
    buf_clear(&f->done);
    assert_true(scaffold_write_schemas(f->dir, f->diags, &f->done));
    assert_string_equal(buf_cstr(&f->done), "");
    assert_int_equal(diags_len(f->diags), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_from_id),
        T(test_new_site),
        T(test_new_site_refuses_existing_content),
        T(test_new_region),
        T(test_new_region_errors),
        T(test_new_region_through_link),
        T(test_provision_into_block_list),
        T(test_provision_into_indented_list),
        T(test_provision_into_unindented_list),
        T(test_provision_into_empty_list),
        T(test_provision_into_empty_value),
        T(test_provision_without_list),
        T(test_provision_errors),
        T(test_write_schemas),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
