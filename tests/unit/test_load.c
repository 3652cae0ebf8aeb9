/* Unit tests for gen/load.c: which files of a site folder are read, in
 * which order, and what is reported when one is missing or broken. Each
 * test builds a small site folder in /tmp. */
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
#include "load.h"
#include "sitefs.h"

#include "tmpsite.h"

typedef struct {
    char site[TMPSITE_DIR_SIZE];
    Arena *arena;
    Diags *diags;
    SiteFs *fs;
    Tree tree;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    tmpsite_create(f->site, "test_load");
    f->arena = arena_new();
    f->diags = diags_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    tmpsite_remove(f->site);
    load_release(&f->tree);
    sitefs_close(f->fs);
    diags_free(f->diags);
    arena_free(f->arena);
    free(f);
    return 0;
}

static bool load(Fixture *f)
{
    f->fs = sitefs_open(f->site);
    return load_tree(&f->tree, f->arena, f->diags, f->fs);
}

/* Fails listing every diagnostic, so a surprise is easy to read. */
static void expect_diag_count(const Fixture *f, size_t count)
{
    if (diags_len(f->diags) == count)
        return;
    Buf out = BUF_INIT;
    diags_format_gcc(f->diags, &out);
    print_error("%s", buf_cstr(&out));
    buf_free(&out);
    fail_msg("expected %zu diagnostics, got %zu", count, diags_len(f->diags));
}

static void expect_diag(const Fixture *f, size_t i, const char *path, int line, int column, const char *code,
                        const char *message)
{
    if (i >= diags_len(f->diags))
        fail_msg("expected diagnostic %zu '%s', have only %zu", i, message, diags_len(f->diags));
    const Diag *d = diags_at(f->diags, i);
    assert_int_equal(d->severity, DIAG_ERROR);
    assert_string_equal(d->path, path);
    assert_int_equal(d->line, line);
    assert_int_equal(d->column, column);
    assert_string_equal(d->code, code);
    assert_string_equal(d->message, message);
}

static void test_no_content_folder(void **state)
{
    Fixture *f = *state;
    tmpsite_put(f->site, "site.yaml", "title: T\n");
    assert_false(load(f));
    expect_diag_count(f, 1);
    expect_diag(f, 0, "content", 0, 0, "missing-content",
                "no content/ folder here; run routekaart in the folder that holds content/, or name it: "
                "routekaart build DIR");
}

/* A file named content is no folder either. */
static void test_content_is_a_file(void **state)
{
    Fixture *f = *state;
    tmpsite_put(f->site, "content", "title: T\n");
    assert_false(load(f));
    expect_diag_count(f, 1);
    expect_diag(f, 0, "content", 0, 0, "missing-content",
                "no content/ folder here; run routekaart in the folder that holds content/, or name it: "
                "routekaart build DIR");
}

static void test_content_links_outside(void **state)
{
    Fixture *f = *state;
    tmpsite_link(f->site, "content", "/tmp");
    assert_false(load(f));
    expect_diag_count(f, 1);
    expect_diag(f, 0, "content", 0, 0, "refused-file",
                "symbolic link to outside the site folder; only relative links to files and folders inside it are "
                "followed");
}

static void test_no_site_yaml(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->site, "content");
    tmpsite_put(f->site, "content/catalog.yaml", "providers: []\n");
    assert_false(load(f));
    expect_diag_count(f, 1);
    expect_diag(f, 0, "content/site.yaml", 0, 0, "missing-file",
                "site.yaml is missing; every site needs one (at least: title: ...)");
}

/* The smallest site: site.yaml alone. No catalog, no regions, the
 * shipped strings. */
static void test_smallest_site(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->site, "content");
    tmpsite_put(f->site, "content/site.yaml", "title: Klein\n");
    assert_true(load(f));
    expect_diag_count(f, 0);
    const Tree *t = &f->tree;
    assert_string_equal(t->site.path, "content/site.yaml");
    assert_string_equal(t->site.text, "title: Klein\n");
    assert_true(t->site.has_yaml);
    assert_false(t->has_catalog);
    assert_false(t->catalog_broken);
    assert_string_equal(t->strings.path, "layouts/strings.yaml");
    assert_true(t->strings.has_yaml);
    assert_non_null(strstr(t->strings.text, "zwangerschap"));
    assert_int_equal(t->guidance_count, 0);
    assert_int_equal(t->region_count, 0);
    /* Every YAML file counts towards the build's budget. */
    assert_ptr_equal(t->site.budget, &t->budget);
    assert_ptr_equal(t->strings.budget, &t->budget);
    assert_true(t->budget.values > 0);
}

/* Regions and guidance pages sorted by name whatever order the folder
 * gives; hidden entries and files that are not .md left out; a region's
 * index.md and guidance found. */
static void test_whole_tree_in_order(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->site, "content");
    tmpsite_mkdir(f->site, "content/guidance");
    tmpsite_mkdir(f->site, "content/regions");
    tmpsite_mkdir(f->site, "layouts");
    tmpsite_put(f->site, "content/site.yaml", "title: Groot\n");
    tmpsite_put(f->site, "content/catalog.yaml", "providers: []\n");
    tmpsite_put(f->site, "layouts/strings.yaml", "months: []\n");
    static const char *const pages[] = {"zorg.md", "a.md", "m.md", "notities.txt", ".verborgen.md", "md"};
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "content/guidance/%s", pages[i]);
        tmpsite_put(f->site, rel, "---\ntitle: Pagina\n---\nTekst.\n");
    }
    static const char *const regions[] = {"zeist", "amersfoort", "utrecht-west", "utrecht", "0-test"};
    for (size_t i = 0; i < sizeof regions / sizeof *regions; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "content/regions/%s", regions[i]);
        tmpsite_mkdir(f->site, rel);
        snprintf(rel, sizeof rel, "content/regions/%s/region.yaml", regions[i]);
        tmpsite_put(f->site, rel, "name: Regio\n");
    }
    tmpsite_mkdir(f->site, "content/regions/.git");
    tmpsite_put(f->site, "content/regions/los.yaml", "name: geen map\n");
    tmpsite_put(f->site, "content/regions/utrecht/index.md", "# Welkom\n\nIn Utrecht.\n");
    tmpsite_mkdir(f->site, "content/regions/utrecht/guidance");
    tmpsite_put(f->site, "content/regions/utrecht/guidance/b.md", "---\ntitle: B\n---\nB.\n");
    tmpsite_put(f->site, "content/regions/utrecht/guidance/a.md", "---\ntitle: A\n---\nA.\n");
    assert_true(load(f));
    expect_diag_count(f, 0);
    const Tree *t = &f->tree;
    assert_true(t->has_catalog);
    assert_string_equal(t->strings.text, "months: []\n");
    assert_int_equal(t->guidance_count, 3);
    assert_string_equal(t->guidance[0].path, "content/guidance/a.md");
    assert_string_equal(t->guidance[1].path, "content/guidance/m.md");
    assert_string_equal(t->guidance[2].path, "content/guidance/zorg.md");
    assert_true(t->guidance[0].has_yaml);
    assert_string_equal(t->guidance[0].body, "Tekst.\n");
    static const char *const sorted[] = {"0-test", "amersfoort", "utrecht", "utrecht-west", "zeist"};
    assert_int_equal(t->region_count, 5);
    for (size_t i = 0; i < 5; i++) {
        const RegionSources *r = &t->regions[i];
        assert_string_equal(r->id, sorted[i]);
        char path[128];
        snprintf(path, sizeof path, "content/regions/%s/region.yaml", sorted[i]);
        assert_string_equal(r->region.path, path);
        assert_true(r->region.has_yaml);
    }
    const RegionSources *u = &t->regions[2];
    assert_true(u->has_intro);
    assert_string_equal(u->intro.path, "content/regions/utrecht/index.md");
    assert_false(u->intro.has_yaml);
    assert_string_equal(u->intro.body, "# Welkom\n\nIn Utrecht.\n");
    assert_int_equal(u->guidance_count, 2);
    assert_string_equal(u->guidance[0].path, "content/regions/utrecht/guidance/a.md");
    assert_string_equal(u->guidance[1].path, "content/regions/utrecht/guidance/b.md");
    assert_false(t->regions[0].has_intro);
    assert_int_equal(t->regions[0].guidance_count, 0);
}

/* Folder names that cannot be region ids are reported and left out; a
 * region without region.yaml is reported and kept (its intro may still
 * be read). */
static void test_bad_region_folders(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->site, "content");
    tmpsite_mkdir(f->site, "content/regions");
    tmpsite_put(f->site, "content/site.yaml", "title: T\n");
    static const char *const dirs[] = {"Utrecht", "-min", "assets", "guidance", "leeg", "goed"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "content/regions/%s", dirs[i]);
        tmpsite_mkdir(f->site, rel);
    }
    tmpsite_put(f->site, "content/regions/goed/region.yaml", "name: Goed\n");
    tmpsite_put(f->site, "content/regions/leeg/index.md", "Nog leeg.\n");
    assert_true(load(f));
    diags_sort(f->diags);
    expect_diag_count(f, 5);
    expect_diag(f, 0, "content/regions/-min", 0, 0, "bad-id",
                "region folder name '-min' is not a valid id (lowercase letters, digits and '-')");
    expect_diag(f, 1, "content/regions/Utrecht", 0, 0, "bad-id",
                "region folder name 'Utrecht' is not a valid id (lowercase letters, digits and '-')");
    expect_diag(f, 2, "content/regions/assets", 0, 0, "reserved-id",
                "region id 'assets' is reserved (the site uses a folder of that name); rename the folder");
    expect_diag(f, 3, "content/regions/guidance", 0, 0, "reserved-id",
                "region id 'guidance' is reserved (the site uses a folder of that name); rename the folder");
    expect_diag(f, 4, "content/regions/leeg/region.yaml", 0, 0, "missing-file",
                "region folder 'leeg' has no region.yaml");
    const Tree *t = &f->tree;
    assert_int_equal(t->region_count, 2);
    assert_string_equal(t->regions[0].id, "goed");
    assert_true(t->regions[0].region.has_yaml);
    assert_string_equal(t->regions[1].id, "leeg");
    assert_false(t->regions[1].region.has_yaml);
    assert_true(t->regions[1].has_intro);
    assert_string_equal(t->regions[1].intro.body, "Nog leeg.\n");
}

/* What cannot be read is reported and marked; the rest is loaded. */
static void test_broken_files(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->site, "content");
    tmpsite_mkdir(f->site, "content/guidance");
    tmpsite_mkdir(f->site, "content/regions");
    tmpsite_mkdir(f->site, "content/regions/kapot");
    tmpsite_mkdir(f->site, "content/regions/goed");
    tmpsite_put(f->site, "content/site.yaml", "title: T\n");
    tmpsite_put(f->site, "content/catalog.yaml", "providers: [\n");
    tmpsite_put(f->site, "content/guidance/open.md", "---\ntitle: nooit dicht\n");
    tmpsite_put(f->site, "content/guidance/goed.md", "---\ntitle: Goed\n---\n");
    tmpsite_put(f->site, "content/regions/kapot/region.yaml", "name: \"Kapot\n");
    tmpsite_put(f->site, "content/regions/goed/region.yaml", "name: Goed\n");
    tmpsite_put(f->site, "content/regions/goed/index.md", "caf\xc3(\n");
    assert_true(load(f));
    const Tree *t = &f->tree;
    assert_false(t->has_catalog);
    assert_true(t->catalog_broken);
    assert_int_equal(t->guidance_count, 1);
    assert_string_equal(t->guidance[0].path, "content/guidance/goed.md");
    assert_int_equal(t->region_count, 2);
    assert_string_equal(t->regions[0].id, "goed");
    assert_true(t->regions[0].region.has_yaml);
    assert_false(t->regions[0].has_intro);
    assert_string_equal(t->regions[1].id, "kapot");
    assert_false(t->regions[1].region.has_yaml);
    /* One error per broken file, at the file. */
    diags_sort(f->diags);
    expect_diag_count(f, 4);
    expect_diag(f, 0, "content/catalog.yaml", 2, 1, "yaml-syntax",
                "YAML syntax: did not find expected node content while parsing a flow node");
    expect_diag(f, 1, "content/guidance/open.md", 1, 1, "front-matter",
                "front matter opened with '---' is never closed; add a line '---' after it");
    expect_diag(f, 2, "content/regions/goed/index.md", 1, 4, "invalid-utf8",
                "invalid UTF-8 (byte 0xC3); save the file as UTF-8");
    expect_diag(f, 3, "content/regions/kapot/region.yaml", 1, 7, "yaml-syntax",
                "YAML syntax: this quoted text is never closed; add the closing quote");
}

/* A site.yaml that does not parse still lets the rest load: one build
 * reports everything. */
static void test_broken_site_yaml(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->site, "content");
    tmpsite_mkdir(f->site, "content/regions");
    tmpsite_mkdir(f->site, "content/regions/a");
    tmpsite_put(f->site, "content/site.yaml", "title: [\n");
    tmpsite_put(f->site, "content/regions/a/region.yaml", "name: A\n");
    assert_true(load(f));
    assert_false(f->tree.site.has_yaml);
    assert_int_equal(f->tree.region_count, 1);
    assert_true(f->tree.regions[0].region.has_yaml);
    expect_diag_count(f, 1);
    assert_string_equal(diags_at(f->diags, 0)->path, "content/site.yaml");
}

static void test_too_many_regions(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->site, "content");
    tmpsite_mkdir(f->site, "content/regions");
    tmpsite_put(f->site, "content/site.yaml", "title: T\n");
    for (int i = 0; i <= 2000; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "content/regions/r%d", i);
        tmpsite_mkdir(f->site, rel);
    }
    assert_true(load(f));
    expect_diag_count(f, 1);
    expect_diag(f, 0, "content/regions", 0, 0, "limit", "2001 region folders, more than the limit of 2000");
    assert_int_equal(f->tree.region_count, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_no_content_folder),
        T(test_content_is_a_file),
        T(test_content_links_outside),
        T(test_no_site_yaml),
        T(test_smallest_site),
        T(test_whole_tree_in_order),
        T(test_bad_region_folders),
        T(test_broken_files),
        T(test_broken_site_yaml),
        T(test_too_many_regions),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
