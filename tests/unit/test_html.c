/* Unit tests for gen/html.c: values written into a page come out byte for
 * byte as libxml2's HTML serialiser writes the same text node or attribute
 * (the layouts' fixed parts are serialised by libxml2 itself), so a page
 * filled by streaming equals one built as a DOM and dumped. Each case is
 * checked against libxml2's own output, not against a copy of its rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "html.h"

/* What libxml2 writes for `node`. */
static char *libxml2_dump(xmlDocPtr doc, xmlNodePtr node)
{
    xmlBufferPtr buffer = xmlBufferCreate();
    xmlOutputBufferPtr output = xmlOutputBufferCreateBuffer(buffer, NULL);
    htmlNodeDumpFormatOutput(output, doc, node, "UTF-8", 0);
    xmlOutputBufferClose(output);
    char *text = strdup((const char *)xmlBufferContent(buffer));
    xmlBufferFree(buffer);
    return text;
}

/* The attribute as libxml2 writes it on `element`: its serialisation
 * without "<element" and what follows the attributes. */
static char *libxml2_attribute(xmlDocPtr doc, const char *element, const char *name, const char *value)
{
    xmlNodePtr node = xmlNewDocNode(doc, NULL, (const xmlChar *)element, NULL);
    xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)value);
    char *whole = libxml2_dump(doc, node);
    xmlFreeNode(node);
    /* What follows the attributes: "></div>", or ">" for <img>. */
    xmlNodePtr bare = xmlNewDocNode(doc, NULL, (const xmlChar *)element, NULL);
    char *empty = libxml2_dump(doc, bare);
    xmlFreeNode(bare);
    size_t skip = 1 + strlen(element), tail = strlen(empty) - skip;
    assert_true(strlen(whole) >= skip + tail);
    char *attribute = strndup(whole + skip, strlen(whole) - skip - tail);
    free(whole);
    free(empty);
    return attribute;
}

static const char *const values[] = {
    "",
    "plain text",
    "a&b<c>d",
    "say \"hi\"",
    "it's",
    "both \" and '",
    "tab\there\nnewline\rreturn",
    "control\x01\x02\x1f chars\x7f",
    "é ñ 中文 \xE2\x80\xAE rtl",
    "&{script macro}",
    "&{unclosed",
    "a & {b} &{c\"d}",
    "  leading blanks",
    "\t\n\r blanks of every kind",
    "/regio/mama-café.html?x=1&y=2#top",
    "https://example.nl/a b/[x]{y}|z^`\\",
    "mailto:info@example.nl",
    "tel:+31 30 123 45 67",
    "javascript:alert(1)",
    "100% sure; (really) *yes* ~ok! $5 @home",
};

static const char *const elements[] = {"div", "a", "li", "img", "svg", "form", "A"};
static const char *const names[] = {"title", "href", "src", "action", "name", "checked", "disabled",
                                    "class", "data-stage", "aria-label", "HREF", "Name", "hidden",
                                    /* libxml2's other boolean names, in any case, and names that
                                     * share their first letter and length */
                                    "compact", "declare", "DEFER", "ismap", "Multiple", "nohref", "noresize",
                                    "noshade", "nowrap", "readOnly", "selected", "Checked", "content", "scope",
                                    "nonce", "rel", "sizes", "Defers", "d"};

static void test_attributes_match_libxml2(void **state)
{
    (void)state;
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    size_t checked = 0;
    for (size_t e = 0; e < sizeof elements / sizeof *elements; e++)
        for (size_t n = 0; n < sizeof names / sizeof *names; n++)
            for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
                char *want = libxml2_attribute(doc, elements[e], names[n], values[v]);
                Buf got = BUF_INIT;
                html_append_attribute(&got, elements[e], names[n], values[v]);
                if (strcmp(buf_cstr(&got), want) != 0)
                    fail_msg("<%s %s=\"%s\">: wrote [%s], libxml2 writes [%s]", elements[e], names[n], values[v],
                             buf_cstr(&got), want);
                buf_free(&got);
                free(want);
                checked++;
            }
    assert_int_equal(checked, 7 * 32 * 20);
    xmlFreeDoc(doc);
}

/* Strings drawn from the characters that escaping cares about, in every
 * order a fixed seed gives. */
static void test_random_values_match_libxml2(void **state)
{
    (void)state;
    static const char alphabet[] = "&<>\"' {}\t\n\r\x01%#?=/:;[]a\xC3\xA9";
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    unsigned seed = 12345;
    for (int round = 0; round < 2000; round++) {
        char value[24];
        size_t len = (size_t)(round % 23);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            char c = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            /* Keep UTF-8 whole: é is two bytes. */
            if (c == '\xC3' || c == '\xA9')
                c = 'e';
            value[i] = c;
        }
        value[len] = '\0';
        const char *name = round % 3 == 0 ? "href" : round % 3 == 1 ? "title" : "name";
        const char *element = round % 2 ? "a" : "div";
        char *want = libxml2_attribute(doc, element, name, value);
        Buf got = BUF_INIT;
        html_append_attribute(&got, element, name, value);
        if (strcmp(buf_cstr(&got), want) != 0)
            fail_msg("%s on %s, value [%s]: wrote [%s], libxml2 writes [%s]", name, element, value, buf_cstr(&got),
                     want);
        buf_free(&got);
        free(want);

        xmlNodePtr div = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
        xmlNodePtr text = xmlNewDocText(doc, (const xmlChar *)value);
        xmlAddChild(div, text);
        char *want_text = libxml2_dump(doc, text);
        Buf got_text = BUF_INIT;
        html_append_text(&got_text, value);
        if (strcmp(buf_cstr(&got_text), want_text) != 0)
            fail_msg("text [%s]: wrote [%s], libxml2 writes [%s]", value, buf_cstr(&got_text), want_text);
        buf_free(&got_text);
        free(want_text);
        xmlFreeNode(div);
    }
    xmlFreeDoc(doc);
}

static void test_text_matches_libxml2(void **state)
{
    (void)state;
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
        xmlNodePtr p = xmlNewDocNode(doc, NULL, (const xmlChar *)"p", NULL);
        xmlNodePtr text = xmlNewDocText(doc, (const xmlChar *)values[v]);
        xmlAddChild(p, text);
        char *want = libxml2_dump(doc, text);
        Buf got = BUF_INIT;
        html_append_text(&got, values[v]);
        assert_string_equal(buf_cstr(&got), want);
        buf_free(&got);
        free(want);
        xmlFreeNode(p);
    }
    /* The escaping itself, spelled out once. */
    Buf out = BUF_INIT;
    html_append_text(&out, "<b>&amp;</b> \"x\"\x01");
    assert_string_equal(buf_cstr(&out), "&lt;b&gt;&amp;amp;&lt;/b&gt; \"x\"");
    buf_free(&out);
    xmlFreeDoc(doc);
}

static void test_node_is_libxml2s_dump(void **state)
{
    (void)state;
    const char *html = "<ul><li class=\"x\">één &amp; twee</li><li></li><br><img alt=\"\" src=\"a b.png\"></ul>";
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    xmlNodePtr ul = xmlDocGetRootElement(doc)->children->children;
    assert_string_equal((const char *)ul->name, "ul");
    char *want = libxml2_dump(doc, ul);
    Buf got = BUF_INIT;
    buf_puts(&got, "before:");
    html_append_node(&got, doc, ul);
    assert_string_equal(buf_cstr(&got) + 7, want);
    assert_string_equal(want, "<ul><li class=\"x\">één &amp; twee</li><li><br><img alt=\"\" src=\"a%20b.png\"></ul>");
    buf_free(&got);
    free(want);
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attributes_match_libxml2),
        cmocka_unit_test(test_random_values_match_libxml2),
        cmocka_unit_test(test_text_matches_libxml2),
        cmocka_unit_test(test_node_is_libxml2s_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
