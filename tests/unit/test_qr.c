/* Unit tests for gen/qr.c: the QR code drawn into an <svg> element. The
 * drawing is read back module by module and compared with what libqrencode
 * encodes, so a wrong offset, a lost run or a missing quiet zone fails. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drawing_is_the_code),
        cmocka_unit_test(test_keeps_the_layouts_attributes),
        cmocka_unit_test(test_same_text_same_drawing),
        cmocka_unit_test(test_refuses_without_touching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
