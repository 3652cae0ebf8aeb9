/* Unit tests for gen/qr.c: the QR code drawn into an <svg> element. The
 * drawing is read back module by module and compared with what libqrencode
 * encodes, so a wrong offset, a lost run or a missing quiet zone fails. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>

#include "qr.h"

static const char *const URL = "https://routekaart.example.nl/utrecht-west/knooppunt.html";

static xmlNodePtr new_svg(xmlDocPtr doc)
{
    xmlNodePtr svg = xmlNewDocNode(doc, NULL, (const xmlChar *)"svg", NULL);
    xmlDocSetRootElement(doc, svg);
    xmlSetProp(svg, (const xmlChar *)"role", (const xmlChar *)"img");
    xmlSetProp(svg, (const xmlChar *)"aria-label", (const xmlChar *)"QR-code");
    return svg;
}

static int element_children(xmlNodePtr node)
{
    int n = 0;
    for (xmlNodePtr c = node->children; c; c = c->next)
        n += c->type == XML_ELEMENT_NODE;
    return n;
}

/* Paints the path's rectangles ("Mx yhWv1h-Wz", one per run) into a side x
 * side grid; fails on anything else in the path. Returns the number of
 * rectangles. */
static int paint(const char *d, unsigned char *grid, int side)
{
    int count = 0;
    while (*d) {
        int x, y, w, back, used = 0;
        assert_int_equal(sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &w, &back, &used), 4);
        assert_true(used > 0);
        assert_int_equal(w, back);
        assert_true(w >= 1 && x >= 0 && y >= 0 && x + w <= side && y < side);
        for (int i = 0; i < w; i++) {
            assert_int_equal(grid[y * side + x + i], 0); /* runs never overlap */
            grid[y * side + x + i] = 1;
        }
        d += used;
        count++;
    }
    return count;
}

static void test_drawing_is_the_code(void **state)
{
    (void)state;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr svg = new_svg(doc);
    assert_true(qr_svg_fill(svg, URL));

    QRcode *code = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    assert_non_null(code);
    int n = code->width, side = n + 2 * QR_QUIET_ZONE;
    char box[64];
    snprintf(box, sizeof box, "0 0 %d %d", side, side);
    xmlChar *view = xmlGetProp(svg, (const xmlChar *)"viewBox");
    assert_string_equal((const char *)view, box);
    xmlFree(view);

    /* One path, not an element per module. */
    assert_int_equal(element_children(svg), 1);
    assert_string_equal((const char *)svg->children->name, "path");
    xmlChar *d = xmlGetProp(svg->children, (const xmlChar *)"d");
    unsigned char *grid = calloc((size_t)side * (size_t)side, 1);
    int rects = paint((const char *)d, grid, side);
    int dark = 0;
    for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
            bool inside = x >= QR_QUIET_ZONE && y >= QR_QUIET_ZONE && x < n + QR_QUIET_ZONE && y < n + QR_QUIET_ZONE;
            int want = inside ? code->data[(y - QR_QUIET_ZONE) * n + x - QR_QUIET_ZONE] & 1 : 0;
            if (grid[y * side + x] != want)
                fail_msg("module %d,%d is %s, the code says %s", x, y, grid[y * side + x] ? "dark" : "light",
                         want ? "dark" : "light");
            dark += want;
        }
    }
    /* Runs merged: fewer rectangles than dark modules (about 2 modules a
     * run in a QR code's noise-like data area). */
    print_message("%d dark modules drawn as %d rectangles\n", dark, rects);
    assert_true(rects * 4 < dark * 3);
    /* The finder pattern's top row: seven dark modules right after the
     * quiet zone, as one run. */
    char first[32];
    snprintf(first, sizeof first, "M%d %dh7v1h-7z", QR_QUIET_ZONE, QR_QUIET_ZONE);
    assert_memory_equal(d, first, strlen(first));
    xmlChar *crisp = xmlGetProp(svg->children, (const xmlChar *)"shape-rendering");
    assert_string_equal((const char *)crisp, "crispEdges");
    xmlFree(crisp);
    free(grid);
    xmlFree(d);
    QRcode_free(code);
    xmlFreeDoc(doc);
}

static void test_keeps_the_layouts_attributes(void **state)
{
    (void)state;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr svg = new_svg(doc);
    assert_true(qr_svg_fill(svg, "https://example.nl/"));
    xmlChar *role = xmlGetProp(svg, (const xmlChar *)"role");
    xmlChar *label = xmlGetProp(svg, (const xmlChar *)"aria-label");
    assert_string_equal((const char *)role, "img");
    assert_string_equal((const char *)label, "QR-code");
    xmlFree(role);
    xmlFree(label);
    xmlFreeDoc(doc);
}

static void test_same_text_same_drawing(void **state)
{
    (void)state;
    xmlDocPtr a = xmlNewDoc((const xmlChar *)"1.0"), b = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr sa = new_svg(a), sb = new_svg(b);
    assert_true(qr_svg_fill(sa, URL));
    assert_true(qr_svg_fill(sb, URL));
    xmlChar *da = xmlGetProp(sa->children, (const xmlChar *)"d");
    xmlChar *db = xmlGetProp(sb->children, (const xmlChar *)"d");
    assert_string_equal((const char *)da, (const char *)db);
    /* Another address, another code. */
    xmlNodePtr sc = xmlNewDocNode(a, NULL, (const xmlChar *)"svg", NULL);
    assert_true(qr_svg_fill(sc, "https://routekaart.example.nl/utrecht-west/kraamzorg.html"));
    xmlChar *dc = xmlGetProp(sc->children, (const xmlChar *)"d");
    assert_string_not_equal((const char *)da, (const char *)dc);
    xmlFree(da);
    xmlFree(db);
    xmlFree(dc);
    xmlFreeNode(sc);
    xmlFreeDoc(a);
    xmlFreeDoc(b);
}

/* Nothing to encode, or too much: false, and the element as it was. */
static void test_refuses_without_touching(void **state)
{
    (void)state;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr svg = new_svg(doc);
    size_t len = 4000;
    char *long_text = malloc(len + 1);
    memset(long_text, 'x', len);
    long_text[len] = '\0';
    assert_false(qr_svg_fill(svg, NULL));
    assert_false(qr_svg_fill(svg, ""));
    assert_false(qr_svg_fill(svg, long_text));
    assert_false(qr_svg_fill(NULL, URL));
    assert_null(svg->children);
    xmlChar *view = xmlGetProp(svg, (const xmlChar *)"viewBox");
    assert_null(view);
    free(long_text);
    xmlFreeDoc(doc);
}

/* The `d` and viewBox `svg` was filled with, as one string to compare. */
static char *drawing_of(xmlNodePtr svg)
{
    xmlChar *box = xmlGetProp(svg, (const xmlChar *)"viewBox");
    xmlChar *d = xmlGetProp(svg->children, (const xmlChar *)"d");
    xmlChar *rendering = xmlGetProp(svg->children, (const xmlChar *)"shape-rendering");
    assert_non_null(box);
    assert_non_null(d);
    assert_non_null(rendering);
    size_t len = strlen((char *)box) + strlen((char *)d) + strlen((char *)rendering) + 3;
    char *out = malloc(len);
    snprintf(out, len, "%s|%s|%s", (char *)box, (char *)d, (char *)rendering);
    xmlFree(box);
    xmlFree(d);
    xmlFree(rendering);
    return out;
}

/* A drawing made afresh, without a cache, for comparison. */
static char *fresh_drawing(const char *text)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr svg = new_svg(doc);
    assert_true(qr_svg_fill(svg, text));
    char *drawing = drawing_of(svg);
    xmlFreeDoc(doc);
    return drawing;
}

static char *cached_drawing(QrCache *cache, const char *text)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr svg = new_svg(doc);
    assert_true(qr_svg_fill_cached(cache, svg, text));
    assert_int_equal(element_children(svg), 1);
    char *drawing = drawing_of(svg);
    xmlFreeDoc(doc);
    return drawing;
}

/* Through a cache: the same drawing as without, each text drawn once, and
 * what cannot be drawn neither drawn nor kept. */
static void test_cache_keeps_each_drawing_once(void **state)
{
    (void)state;
    const char *other = "https://routekaart.example.nl/utrecht-west/kraamzorg.html";
    QrCache *cache = qr_cache_new();
    char *want = fresh_drawing(URL), *want_other = fresh_drawing(other);
    for (int round = 0; round < 3; round++) {
        char *got = cached_drawing(cache, URL);
        assert_string_equal(got, want);
        free(got);
        assert_int_equal(qr_cache_count(cache), 1);
    }
    char *got = cached_drawing(cache, other);
    assert_string_equal(got, want_other);
    free(got);
    assert_int_equal(qr_cache_count(cache), 2);

    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr svg = new_svg(doc);
    char long_text[4001];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_false(qr_svg_fill_cached(cache, svg, NULL));
    assert_false(qr_svg_fill_cached(cache, svg, ""));
    assert_false(qr_svg_fill_cached(cache, svg, long_text));
    assert_false(qr_svg_fill_cached(cache, NULL, URL));
    assert_null(svg->children);
    assert_int_equal(qr_cache_count(cache), 2);
    xmlFreeDoc(doc);

    /* No cache: as qr_svg_fill. */
    got = cached_drawing(NULL, URL);
    assert_string_equal(got, want);
    free(got);
    free(want);
    free(want_other);
    qr_cache_free(cache);
}

enum { TEXTS = 24, THREADS = 4 };

typedef struct {
    QrCache *cache;
    char **texts, **want;
    int first; /* where in the texts this thread starts */
    int wrong;
} Worker;

static void *fill_all(void *argument)
{
    Worker *w = argument;
    for (int i = 0; i < 2 * TEXTS; i++) {
        int k = (w->first + i) % TEXTS;
        xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
        xmlNodePtr svg = xmlNewDocNode(doc, NULL, (const xmlChar *)"svg", NULL);
        xmlDocSetRootElement(doc, svg);
        if (!qr_svg_fill_cached(w->cache, svg, w->texts[k])) {
            w->wrong++;
        } else {
            char *got = drawing_of(svg);
            w->wrong += strcmp(got, w->want[k]) != 0;
            free(got);
        }
        xmlFreeDoc(doc);
    }
    return NULL;
}

/* The build renders regions on several threads, all with serve's one
 * cache: each gets the right drawing, and each text is kept once. */
static void test_cache_shared_by_threads(void **state)
{
    (void)state;
    char *texts[TEXTS], *want[TEXTS];
    for (int i = 0; i < TEXTS; i++) {
        char text[96];
        snprintf(text, sizeof text, "https://routekaart.example.nl/regio-%d/voorziening-%d.html", i % 5, i);
        texts[i] = strdup(text);
        want[i] = fresh_drawing(text);
    }
    QrCache *cache = qr_cache_new();
    pthread_t threads[THREADS];
    Worker workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t] = (Worker){cache, texts, want, t * TEXTS / THREADS, 0};
        assert_int_equal(pthread_create(&threads[t], NULL, fill_all, &workers[t]), 0);
    }
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
        assert_int_equal(workers[t].wrong, 0);
    }
    assert_int_equal(qr_cache_count(cache), TEXTS);
    qr_cache_free(cache);
    for (int i = 0; i < TEXTS; i++) {
        free(texts[i]);
        free(want[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drawing_is_the_code),
        cmocka_unit_test(test_keeps_the_layouts_attributes),
        cmocka_unit_test(test_same_text_same_drawing),
        cmocka_unit_test(test_refuses_without_touching),
        cmocka_unit_test(test_cache_keeps_each_drawing_once),
        cmocka_unit_test(test_cache_shared_by_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
