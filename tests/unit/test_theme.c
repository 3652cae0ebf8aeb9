/* Unit tests for gen/theme.c: the site's own layouts, partials, strings and
 * assets replace the shipped ones of the same path; the rest are shipped.
 * Each test builds a small site folder in /tmp. */
#define _GNU_SOURCE /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "embedded.h"
#include "fileset.h"
#include "theme.h"
#include "value.h"
#include "write.h"

#include "tmpsite.h"

typedef struct {
    char site[TMPSITE_DIR_SIZE];
    Arena *arena;
    Diags *diags;
    SiteFs *fs;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    tmpsite_create(f->site, "test_theme");
    tmpsite_mkdir(f->site, "layouts");
    tmpsite_mkdir(f->site, "layouts/partials");
    tmpsite_mkdir(f->site, "assets");
    tmpsite_put(f->site, "layouts/partials/footer.html", "<footer>eigen voet</footer>\n");
    tmpsite_put(f->site, "layouts/partials/logo.html", "<img src=\"logo.svg\" alt=\"Logo\">\n");
    tmpsite_put(f->site, "layouts/partials/notes.txt", "geen partial\n");
    tmpsite_put(f->site, "assets/routekaart.css", "body { color: black; }\n");
    tmpsite_put(f->site, "assets/logo.svg", "<svg/>\n");
    f->arena = arena_new();
    f->diags = diags_new();
    f->fs = sitefs_open(f->site);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    tmpsite_remove(f->site);
    sitefs_close(f->fs);
    diags_free(f->diags);
    arena_free(f->arena);
    free(f);
    return 0;
}

static void test_partial_names(void **state)
{
    Fixture *f = *state;
    assert_string_equal(theme_partial_name(f->arena, "layouts/partials/costs.html"), "partials/costs");
    assert_string_equal(theme_partial_name(f->arena, "layouts/partials/a/b.html"), "partials/a/b");
    assert_null(theme_partial_name(f->arena, "layouts/partials/.html"));
    assert_null(theme_partial_name(f->arena, "layouts/partials/notes.txt"));
    assert_null(theme_partial_name(f->arena, "layouts/region.html"));
    assert_null(theme_partial_name(f->arena, "assets/partials/x.html"));
}

/* The site's file when it has one, else the shipped one; neither: an error. */
static void test_read_prefers_the_site(void **state)
{
    Fixture *f = *state;
    Source src;
    assert_true(theme_read(&src, f->arena, f->diags, f->fs, "layouts/partials/footer.html"));
    assert_string_equal(src.text, "<footer>eigen voet</footer>\n");
    assert_true(theme_read(&src, f->arena, f->diags, f->fs, "layouts/partials/costs.html"));
    const EmbeddedFile *shipped = embedded_find("layouts/partials/costs.html");
    assert_non_null(shipped);
    assert_int_equal(src.len, shipped->size);
    assert_false(theme_read(&src, f->arena, f->diags, f->fs, "layouts/nothing.html"));
    assert_int_equal(diags_count(f->diags, DIAG_ERROR), 1);
    assert_string_equal(diags_at(f->diags, 0)->path, "layouts/nothing.html");
    assert_string_equal(diags_at(f->diags, 0)->message, "layout file is missing");
}

/* Every page layout and every partial, shipped or the site's, once; a
 * file of the site's that is not a partial is no template. */
static void test_layouts(void **state)
{
    Fixture *f = *state;
    Templates *t = theme_load_layouts(f->arena, f->diags, f->fs);
    assert_int_equal(diags_len(f->diags), 0);
    assert_true(templates_check(t, f->arena, f->diags));
    Buf out = BUF_INIT;
    Value *context = value_object(f->arena);
    assert_true(template_render(t, "partials/footer", context, f->arena, NULL, &out));
    assert_non_null(strstr(buf_cstr(&out), "eigen voet"));
    buf_clear(&out);
    assert_true(template_render(t, "partials/logo", context, f->arena, NULL, &out));
    assert_non_null(strstr(buf_cstr(&out), "logo.svg"));
    assert_true(template_render(t, "partials/costs", context, f->arena, NULL, &out));
    assert_false(template_render(t, "partials/notes", context, f->arena, NULL, &out));
    for (size_t i = 0; i < theme_page_layout_count; i++) {
        buf_clear(&out);
        assert_true(template_render(t, theme_page_layouts[i], context, f->arena, NULL, &out));
    }
    buf_free(&out);
    templates_free(t);
}

/* serve's cache of compiled layouts: the same files are compiled once; a
 * changed byte, even one that keeps the size, compiles them again and the
 * change shows; a layout that cannot be parsed is reported at every load,
 * not only the first, until it is mended. */
static void test_layout_cache(void **state)
{
    Fixture *f = *state;
    LayoutCache *cache = layout_cache_new();
    Value *context = value_object(f->arena);
    Buf out = BUF_INIT;

    Templates *first = theme_load_layouts_cached(cache, f->arena, f->diags, f->fs);
    assert_int_equal(layout_cache_compiles(cache), 1);
    assert_ptr_equal(theme_load_layouts_cached(cache, f->arena, f->diags, f->fs), first);
    assert_int_equal(layout_cache_compiles(cache), 1);
    assert_int_equal(diags_len(f->diags), 0);

    tmpsite_put(f->site, "layouts/partials/footer.html", "<footer>eigen vo0t</footer>\n");
    Templates *t = theme_load_layouts_cached(cache, f->arena, f->diags, f->fs);
    assert_int_equal(layout_cache_compiles(cache), 2);
    assert_true(template_render(t, "partials/footer", context, f->arena, NULL, &out));
    assert_non_null(strstr(buf_cstr(&out), "eigen vo0t"));

    tmpsite_put(f->site, "layouts/partials/leeg.html", "");
    for (size_t load = 1; load <= 2; load++) {
        theme_load_layouts_cached(cache, f->arena, f->diags, f->fs);
        assert_int_equal(layout_cache_compiles(cache), 2 + load);
        assert_int_equal(diags_count(f->diags, DIAG_ERROR), load);
        assert_string_equal(diags_at(f->diags, load - 1)->path, "layouts/partials/leeg.html");
        assert_string_equal(diags_at(f->diags, load - 1)->message, "layout cannot be parsed as HTML");
    }

    tmpsite_put(f->site, "layouts/partials/leeg.html", "<p>nu wel</p>\n");
    t = theme_load_layouts_cached(cache, f->arena, f->diags, f->fs);
    assert_ptr_equal(theme_load_layouts_cached(cache, f->arena, f->diags, f->fs), t);
    assert_int_equal(layout_cache_compiles(cache), 5);
    assert_int_equal(diags_len(f->diags), 2);
    buf_clear(&out);
    assert_true(template_render(t, "partials/leeg", context, f->arena, NULL, &out));
    assert_non_null(strstr(buf_cstr(&out), "nu wel"));

    buf_free(&out);
    layout_cache_free(cache);
    layout_cache_free(NULL);
}

/* The site's stylesheet replaces the shipped one, and its fingerprinted
 * name comes from the site's bytes; the shipped script is written as it is. */
static void test_assets(void **state)
{
    Fixture *f = *state;
    size_t count;
    char **own = theme_site_assets(f->arena, f->diags, f->fs, &count);
    assert_int_equal(count, 2);
    assert_string_equal(own[0], "assets/logo.svg");
    assert_string_equal(own[1], "assets/routekaart.css");
    FileSet *files = fileset_new();
    Writer *w = write_begin_memory(f->diags, files);
    Site site = {0};
    long written = 0;
    assert_true(theme_write_assets(&site, f->arena, f->diags, f->fs, own, count, w, &written));
    assert_true(write_commit(w));
    const void *data;
    size_t len;
    assert_true(fileset_get(files, "assets/routekaart.css", &data, &len));
    assert_int_equal(len, strlen("body { color: black; }\n"));
    assert_memory_equal(data, "body { color: black; }\n", len);
    assert_non_null(site.css_path);
    assert_non_null(site.js_path);
    assert_true(fileset_get(files, site.css_path, &data, &len));
    assert_memory_equal(data, "body { color: black; }\n", len);
    assert_true(fileset_get(files, "assets/logo.svg", &data, &len));
    const EmbeddedFile *script = embedded_find("assets/routekaart.js");
    assert_true(fileset_get(files, site.js_path, &data, &len));
    assert_int_equal(len, script->size);
    /* Each shipped asset (none replaced but the stylesheet), the site's
     * logo, and the two fingerprinted copies. */
    long shipped = 0;
    for (size_t i = 0; i < embedded_file_count; i++)
        shipped += strncmp(embedded_files[i].path, "assets/", 7) == 0;
    assert_int_equal(written, shipped - 1 + 2 + 2);
    assert_int_equal((long)fileset_count(files), written);

    /* The names made of the bytes are known as such, with those bytes only;
     * the plain names, and a name that only looks like one, are not. */
    assert_true(fileset_get(files, site.css_path, &data, &len));
    assert_true(theme_is_fingerprinted(site.css_path, data, len));
    const char *other = "body { color: red; }\n";
    assert_false(theme_is_fingerprinted(site.css_path, other, strlen(other)));
    assert_true(fileset_get(files, site.js_path, &data, &len));
    assert_true(theme_is_fingerprinted(site.js_path, data, len));
    assert_true(fileset_get(files, "assets/routekaart.css", &data, &len));
    assert_false(theme_is_fingerprinted("assets/routekaart.css", data, len));
    assert_false(theme_is_fingerprinted("assets/x.0badc0de.css", data, len));
    char elsewhere[64];
    snprintf(elsewhere, sizeof elsewhere, "layouts/%s", site.css_path + strlen("assets/"));
    assert_true(fileset_get(files, site.css_path, &data, &len));
    assert_false(theme_is_fingerprinted(elsewhere, data, len));
    assert_false(theme_is_fingerprinted("assets/.css", data, len));
    assert_false(theme_is_fingerprinted("assets/a", data, len));
    fileset_free(files);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_partial_names),
        T(test_read_prefers_the_site),
        T(test_layouts),
        T(test_layout_cache),
        T(test_assets),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
