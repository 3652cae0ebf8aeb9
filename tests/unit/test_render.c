/* Unit tests for gen/render.c: every page of a site filled into memory.
 * The example site goes through the pipeline (load, validate, resolve,
 * the shipped theme) and render_site writes into a FileSet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "data.h"
#include "diag.h"
#include "fileset.h"
#include "load.h"
#include "qr.h"
#include "render.h"
#include "resolve.h"
#include "sitefs.h"
#include "theme.h"
#include "validate.h"
#include "value.h"
#include "write.h"

typedef struct {
    Arena *arena;
    Diags *diags;
    SiteFs *fs;
    Site site;
    Templates *templates;
    FileSet *files;
    long pages, written;
} Fixture;

static Fixture *render(const char *root, const char *only_region)
{
    Fixture *f = calloc(1, sizeof *f);
    f->arena = arena_new();
    f->diags = diags_new();
    f->fs = sitefs_open(root);
    Tree tree;
    assert_true(load_tree(&tree, f->arena, f->diags, f->fs));
    validate_tree(&f->site, f->arena, f->diags, &tree);
    load_release(&tree);
    resolve_site(&f->site, f->arena, f->diags);
    f->templates = theme_load_layouts(f->arena, f->diags, f->fs);
    assert_int_equal(diags_count(f->diags, DIAG_ERROR), 0);
    f->files = fileset_new();
    Writer *w = write_begin_memory(f->diags, f->files);
    size_t assets;
    char **own = theme_site_assets(f->arena, f->diags, f->fs, &assets);
    assert_true(theme_write_assets(&f->site, f->arena, f->diags, f->fs, own, assets, w, &f->written));
    assert_true(render_site(&f->site, f->templates, f->arena, w, f->diags, only_region, 1, &f->pages, &f->written));
    assert_true(write_commit(w));
    assert_int_equal(diags_count(f->diags, DIAG_ERROR), 0);
    return f;
}

static void release(Fixture *f)
{
    fileset_free(f->files);
    templates_free(f->templates);
    sitefs_close(f->fs);
    diags_free(f->diags);
    arena_free(f->arena);
    free(f);
}

/* The file `path` as text (NUL-terminated copy in the arena), or NULL. */
static const char *file(Fixture *f, const char *path)
{
    const void *data;
    size_t len;
    if (!fileset_get(f->files, path, &data, &len))
        return NULL;
    return arena_strndup(f->arena, data, len);
}

/* Every page a site has: home, comparison, sitemap, national guidance; per
 * region its map, the map to frame, data.json, a page per provision and its
 * guidance. */
static void test_every_page(void **state)
{
    (void)state;
    Fixture *f = render(TESTS_DIR "/..", NULL);
    long want = 3 + (long)f->site.guidance_count; /* home, comparison, offline */
    assert_non_null(file(f, "index.html"));
    assert_non_null(file(f, "vergelijking.html"));
    assert_non_null(file(f, "offline.html"));
    assert_non_null(file(f, "sitemap.xml"));
    for (size_t g = 0; g < f->site.guidance_count; g++)
        assert_non_null(file(f, arena_printf(f->arena, "guidance/%s.html", f->site.guidance[g].slug)));
    for (size_t i = 0; i < f->site.region_count; i++) {
        const Region *r = &f->site.regions[i];
        assert_non_null(file(f, arena_printf(f->arena, "%s/index.html", r->id)));
        assert_non_null(file(f, arena_printf(f->arena, "%s/embed.html", r->id)));
        assert_non_null(file(f, arena_printf(f->arena, "%s/data.json", r->id)));
        for (size_t k = 0; k < r->provision_count; k++)
            assert_non_null(file(f, arena_printf(f->arena, "%s/%s.html", r->id, r->provisions[k]->id)));
        for (size_t g = 0; g < r->guidance_count; g++)
            assert_non_null(file(f, arena_printf(f->arena, "%s/guidance/%s.html", r->id, r->guidance[g].slug)));
        want += 2 + (long)r->provision_count + (long)r->guidance_count;
    }
    assert_int_equal(f->pages, want);
    assert_int_equal((long)fileset_count(f->files), f->written);
    release(f);
}

/* A region's offline.json names its map, data.json, every provision and
 * guidance page (its own and the national ones), the offline page and the
 * assets: all the service worker keeps of it. */
static void test_offline_list(void **state)
{
    (void)state;
    Fixture *f = render(TESTS_DIR "/..", NULL);
    const char *base = f->site.base_url;
    for (size_t i = 0; i < f->site.region_count; i++) {
        const Region *r = &f->site.regions[i];
        const char *list = file(f, arena_printf(f->arena, "%s/offline.json", r->id));
        assert_non_null(list);
#define LISTED(...) assert_non_null(strstr(list, arena_printf(f->arena, "\"%s" __VA_ARGS__)))
        LISTED("%s/\"", base, r->id);
        LISTED("%s/data.json\"", base, r->id);
        LISTED("offline.html\"", base);
        LISTED("assets/favicon.svg\"", base);
        for (size_t k = 0; k < r->provision_count; k++)
            LISTED("%s/%s.html\"", base, r->id, r->provisions[k]->id);
        for (size_t g = 0; g < r->guidance_count; g++)
            LISTED("%s/guidance/%s.html\"", base, r->id, r->guidance[g].slug);
        for (size_t g = 0; g < f->site.guidance_count; g++)
            LISTED("guidance/%s.html\"", base, f->site.guidance[g].slug);
#undef LISTED
    }
    release(f);
}

/* data.json is the data alone: the bytes of data_region's document, with
 * none of the keys the pages add (period_text, map_class, search_text). */
static void test_data_json_is_the_data(void **state)
{
    (void)state;
    Fixture *f = render(TESTS_DIR "/..", NULL);
    Value *model = data_model(f->arena, &f->site);
    for (size_t i = 0; i < f->site.region_count; i++) {
        const Region *r = &f->site.regions[i];
        Buf want = BUF_INIT;
        value_write_json(data_region(f->arena, &f->site, r, model).document, &want);
        const char *got = file(f, arena_printf(f->arena, "%s/data.json", r->id));
        assert_string_equal(got, buf_cstr(&want));
        assert_null(strstr(got, "\"period_text\""));
        assert_null(strstr(got, "\"map_class\""));
        assert_null(strstr(got, "\"search_text\""));
        buf_free(&want);
    }
    release(f);
}

/* On the map no two bars of a lane share a row where their columns (and
 * their titles) meet: the rows the generator gives (gr-N) keep each bar's
 * columns (gs-A ge-B) apart from the others' in that row. */
static void test_map_rows_never_overlap(void **state)
{
    (void)state;
    Fixture *f = render(TESTS_DIR "/..", NULL);
    const char *page = file(f, "utrecht-west/index.html");
    assert_non_null(page);
    const char *lane = strstr(page, "class=\"lane-grid\"");
    int lanes = 0, bars = 0;
    while (lane) {
        /* The lane's list ends where its section does (a bar holds a list
         * of its own: its cost tags). */
        const char *end = strstr(lane, "</section>");
        assert_non_null(end);
        enum { MAX_BARS = 128 };
        int start[MAX_BARS], stop[MAX_BARS], row[MAX_BARS], n = 0;
        for (const char *p = strstr(lane, "class=\"bar gs-"); p && p < end && n < MAX_BARS;
             p = strstr(p + 1, "class=\"bar gs-")) {
            assert_int_equal(sscanf(p, "class=\"bar gs-%d ge-%d gr-%d", &start[n], &stop[n], &row[n]), 3);
            assert_true(start[n] < stop[n]);
            n++;
        }
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                if (row[a] == row[b])
                    assert_true(stop[a] <= start[b] || stop[b] <= start[a]);
        lanes++;
        bars += n;
        lane = strstr(end, "class=\"lane-grid\"");
    }
    assert_int_equal(lanes, 4);
    /* Every provision of the region is a bar on the map. */
    const Region *r = &f->site.regions[0];
    assert_string_equal(r->id, "utrecht-west");
    assert_int_equal(bars, (int)r->provision_count);
    release(f);
}

/* With only one region, that region's pages and the site's own, and no
 * other region's. */
static void test_only_region(void **state)
{
    (void)state;
    Fixture *f = render(TESTS_DIR "/..", "zeeuws-vlaanderen");
    assert_non_null(file(f, "zeeuws-vlaanderen/index.html"));
    assert_non_null(file(f, "index.html"));
    assert_null(file(f, "utrecht-west/index.html"));
    assert_null(file(f, "utrecht-west/data.json"));
    release(f);
}

/* A region with a stage that lacks a lane marks it in the map's cell; the
 * gaps table counts the same. */
static void test_gaps_marked(void **state)
{
    (void)state;
    Fixture *f = render(TESTS_DIR "/sites/gaps", NULL);
    const Region *r = &f->site.regions[0];
    assert_true(r->gap_count > 0);
    const char *page = file(f, arena_printf(f->arena, "%s/index.html", r->id));
    size_t marks = 0;
    for (const char *p = strstr(page, "class=\"map-gap "); p; p = strstr(p + 1, "class=\"map-gap "))
        marks++;
    assert_int_equal(marks, r->gap_count);
    release(f);
}

/* The flyer's QR code holds the page's whole public address: public_url
 * (written without its closing '/' in the fixture) and the page's path.
 * Each code is compared with the drawing qr.c makes of that address, so a
 * code of the path alone or of the site's address alone fails here, in
 * C, without a browser and a scanner. */
static void test_flyer_qr_holds_page_address(void **state)
{
    (void)state;
    Fixture *f = render(TESTS_DIR "/sites/public-url", NULL);
    size_t codes = 0;
    for (size_t i = 0; i < f->site.region_count; i++) {
        const Region *r = &f->site.regions[i];
        for (size_t k = 0; k < r->provision_count; k++) {
            const char *page = file(f, arena_printf(f->arena, "%s/%s.html", r->id, r->provisions[k]->id));
            assert_non_null(page);
            const char *address = arena_printf(f->arena, "https://routekaart.example.nl/kaart/%s/%s.html", r->id,
                                               r->provisions[k]->id);
            xmlNodePtr svg = xmlNewNode(NULL, (const xmlChar *)"svg");
            assert_true(qr_svg_fill(svg, address));
            xmlChar *d = xmlGetProp(xmlGetLastChild(svg), (const xmlChar *)"d");
            assert_non_null(d);
            const char *code = strstr(page, "<svg class=\"qr\"");
            assert_non_null(code);
            const char *want = arena_printf(f->arena, "<path d=\"%s\"", (const char *)d);
            const char *end = strstr(code, "</svg>");
            assert_non_null(end);
            assert_non_null(strstr(arena_strndup(f->arena, code, (size_t)(end - code)), want));
            xmlFree(d);
            xmlFreeNode(svg);
            codes++;
        }
    }
    assert_true(codes >= 2);
    release(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_page),
        cmocka_unit_test(test_data_json_is_the_data),
        cmocka_unit_test(test_map_rows_never_overlap),
        cmocka_unit_test(test_only_region),
        cmocka_unit_test(test_offline_list),
        cmocka_unit_test(test_gaps_marked),
        cmocka_unit_test(test_flyer_qr_holds_page_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
