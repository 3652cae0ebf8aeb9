/* Unit tests for gen/template.c: layouts filled through the DOM. Assertions
 * look at the serialized HTML a page would get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "template.h"
#include "value.h"

static const char *const hostile_script = "<script>alert(1)</script>";
static const char *const hostile_attr = "\"onmouseover=alert(1) x=\"";
static const char *const hostile_entity = "&amp;";
static const char *const hostile_mixed = "'\" onclick='x'";

typedef struct {
    Arena *arena;
    Templates *templates;
    Diags *diags;
    Value *context;
    Buf out;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->arena = arena_new();
    f->templates = templates_new();
    f->diags = diags_new();
    f->context = value_object(f->arena);
    Arena *a = f->arena;
    value_set_string(a, f->context, "script", hostile_script);
    value_set_string(a, f->context, "attr", hostile_attr);
    value_set_string(a, f->context, "entity", hostile_entity);
    value_set_string(a, f->context, "mixed", hostile_mixed);
    value_set_string(a, f->context, "name", "Kraamzorg");
    value_set_string(a, f->context, "lane", "steuntje");
    value_set_string(a, f->context, "empty", "");
    value_set_string(a, f->context, "url", "https://example.nl/a?b=1&c=2");
    value_set_int(a, f->context, "n", 3);
    value_set_bool(a, f->context, "yes", true);
    value_set_bool(a, f->context, "no", false);
    value_set(a, f->context, "nothing", value_null(a));
    Value *items = value_array(a);
    static const char *const names[] = {"Verloskundige", "Kraamzorg", "JGZ"};
    for (int i = 0; i < 3; i++) {
        Value *item = value_object(a);
        value_set_string(a, item, "name", names[i]);
        value_set_string(a, item, "lane", i == 1 ? "basiszorg" : "steuntje");
        Value *tags = value_array(a);
        for (int k = 0; k <= i; k++)
            value_push(a, tags, value_string(a, k ? "eigen-risico" : "standaard"));
        value_set(a, item, "tags", tags);
        value_push(a, items, item);
    }
    value_set(a, f->context, "items", items);
    value_set(a, f->context, "none", value_array(a));
    Value *provision = value_object(a);
    Value *provider = value_object(a);
    value_set_string(a, provider, "name", "JGZ Utrecht West");
    value_set(a, provision, "provider", provider);
    value_set(a, f->context, "provision", provision);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    buf_free(&f->out);
    diags_free(f->diags);
    templates_free(f->templates);
    arena_free(f->arena);
    free(f);
    return 0;
}

static void add(Fixture *f, const char *name, const char *html)
{
    assert_true(templates_add(f->templates, f->diags, name, "layouts/test.html", html, strlen(html)));
}

/* Renders `body` as the body of a complete layout and returns what the
 * page gets between <body> and </body>. */
static const char *render_body(Fixture *f, const char *body)
{
    const char *html = arena_printf(f->arena, "<!DOCTYPE html><html><head><title>t</title></head><body>%s</body></html>",
                                    body);
    add(f, "page", html);
    buf_clear(&f->out);
    assert_true(template_render(f->templates, "page", f->context, f->arena, f->diags, &f->out));
    const char *out = buf_cstr(&f->out);
    const char *start = strstr(out, "<body>");
    const char *end = strstr(out, "</body>");
    assert_non_null(start);
    assert_non_null(end);
    start += strlen("<body>");
    assert_true(end >= start);
    /* Layouts of the same name: the first added wins, so use a fresh set. */
    templates_free(f->templates);
    f->templates = templates_new();
    return arena_strndup(f->arena, start, (size_t)(end - start));
}

static void expect_body(Fixture *f, const char *body, const char *want)
{
    assert_string_equal(render_body(f, body), want);
}

/* Parses rendered HTML again and returns the first element named `name`,
 * so attribute checks look at what a browser would see. */
static xmlNodePtr find_element(xmlNodePtr node, const char *name)
{
    for (; node; node = node->next) {
        if (node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0)
            return node;
        xmlNodePtr found = find_element(node->children, name);
        if (found)
            return found;
    }
    return NULL;
}

static size_t attribute_count(xmlNodePtr node)
{
    size_t n = 0;
    for (xmlAttrPtr a = node->properties; a; a = a->next)
        n++;
    return n;
}

static void test_text_is_escaped(void **state)
{
    Fixture *f = *state;
    expect_body(f, "<p rk-text=\"script\">old</p>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    assert_null(strstr(buf_cstr(&f->out), "<script"));
    expect_body(f, "<p rk-text=\"attr\"></p>", "<p>\"onmouseover=alert(1) x=\"</p>");
    assert_null(strstr(buf_cstr(&f->out), "<p \"onmouseover"));
    expect_body(f, "<p rk-text=\"entity\"></p>", "<p>&amp;amp;</p>");
    /* In the head too, where <title> holds raw text. */
    add(f, "head", "<!DOCTYPE html><html><head><title rk-text=\"script\">x</title></head><body></body></html>");
    buf_clear(&f->out);
    assert_true(template_render(f->templates, "head", f->context, f->arena, f->diags, &f->out));
    assert_null(strstr(buf_cstr(&f->out), "<script"));
    assert_non_null(strstr(buf_cstr(&f->out), "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
}

static void test_text_values(void **state)
{
    Fixture *f = *state;
    expect_body(f, "<p rk-text=\"name\">old <b>child</b></p>", "<p>Kraamzorg</p>");
    expect_body(f, "<p rk-text=\"n\"></p>", "<p>3</p>");
    expect_body(f, "<p rk-text=\"yes\"></p>", "<p>true</p>");
    expect_body(f, "<p rk-text=\"provision.provider.name\"></p>", "<p>JGZ Utrecht West</p>");
    /* Absent, null and array values give no text. */
    expect_body(f, "<p rk-text=\"missing\">old</p>", "<p></p>");
    expect_body(f, "<p rk-text=\"nothing\">old</p>", "<p></p>");
    expect_body(f, "<p rk-text=\"items\">old</p>", "<p></p>");
    /* UTF-8 passes unchanged. */
    value_set_string(f->arena, f->context, "utf8", "Coördinator – 👶");
    expect_body(f, "<p rk-text=\"utf8\"></p>", "<p>Coördinator – 👶</p>");
}

/* Bidi controls that content opens and never closes are closed after it
 * (innermost first), so they cannot reorder the page text that follows. */
static void test_bidi_controls_closed(void **state)
{
    Fixture *f = *state;
#define RLO "\xE2\x80\xAE"
#define RLE "\xE2\x80\xAB"
#define PDF "\xE2\x80\xAC"
#define RLI "\xE2\x81\xA7"
#define FSI "\xE2\x81\xA8"
#define PDI "\xE2\x81\xA9"
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"abc", "abc"},
        {"a" RLO "b", "a" RLO "b" PDF},
        {"a" RLI "b", "a" RLI "b" PDI},
        {RLI "a" RLO "b", RLI "a" RLO "b" PDF PDI},
        {RLO "a" RLI "b", RLO "a" RLI "b" PDI PDF},
        {RLO "a" PDF "b", RLO "a" PDF "b"},          /* closed already */
        {RLI "a" RLE "b" PDI, RLI "a" RLE "b" PDI}, /* PDI closes the embedding inside it too */
        {RLE "a" FSI "b" PDF, RLE "a" FSI "b" PDF PDI PDF}, /* a PDF cannot close across an isolate */
        {PDF PDI "x", PDF PDI "x"},                  /* stray closers change nothing */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        value_set_string(f->arena, f->context, "bidi", cases[i].text);
        const char *want = arena_printf(f->arena, "<p>%s</p>", cases[i].want);
        expect_body(f, "<p rk-text=\"bidi\"></p>", want);
        want = arena_printf(f->arena, "<p title=\"%s\"></p>", cases[i].want);
        expect_body(f, "<p rk-attr-title=\"bidi\"></p>", want);
    }
#undef RLO
#undef RLE
#undef PDF
#undef RLI
#undef FSI
#undef PDI
}

static void test_attr(void **state)
{
    Fixture *f = *state;
    expect_body(f, "<a rk-attr-href=\"url\" href=\"#old\">x</a>", "<a href=\"https://example.nl/a?b=1&amp;c=2\">x</a>");
    /* Null or absent: the attribute goes, also when the layout had one. */
    expect_body(f, "<a href=\"#old\" rk-attr-href=\"nothing\">x</a>", "<a>x</a>");
    expect_body(f, "<a rk-attr-href=\"missing\" title=\"keep\" href=\"#old\">x</a>", "<a title=\"keep\">x</a>");
    expect_body(f, "<td rk-attr-data-n=\"n\"></td>", "<td data-n=\"3\"></td>");
    /* libxml2 picks the quote the value does not contain. */
    expect_body(f, "<p rk-attr-title=\"attr\">x</p>", "<p title='\"onmouseover=alert(1) x=\"'>x</p>");
    expect_body(f, "<p rk-attr-title=\"mixed\">x</p>", "<p title=\"'&quot; onclick='x'\">x</p>");
}

/* A hostile value in an attribute stays one attribute value. */
static void test_attr_cannot_add_attributes(void **state)
{
    Fixture *f = *state;
    static const char *const names[] = {"href", "title", "data-x", "href", "title", "data-x"};
    for (size_t i = 0; i < 6; i++) {
        const char *key = i < 3 ? "attr" : "mixed";
        const char *want = i < 3 ? hostile_attr : hostile_mixed;
        const char *body = arena_printf(f->arena, "<a rk-attr-%s=\"%s\">x</a><p rk-attr-%s=\"script\">y</p>",
                                        names[i], key, names[i]);
        render_body(f, body);
        const char *html = buf_cstr(&f->out);
        assert_null(strstr(html, "<script"));
        htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
        assert_non_null(doc);
        xmlNodePtr a = find_element(xmlDocGetRootElement(doc), "a");
        assert_non_null(a);
        assert_int_equal(attribute_count(a), 1);
        assert_string_equal((const char *)a->properties->name, names[i]);
        assert_null(xmlHasProp(a, (const xmlChar *)"onmouseover"));
        assert_null(xmlHasProp(a, (const xmlChar *)"onclick"));
        xmlNodePtr p = find_element(xmlDocGetRootElement(doc), "p");
        assert_non_null(p);
        assert_int_equal(attribute_count(p), 1);
        assert_null(find_element(xmlDocGetRootElement(doc), "script"));
        if (strcmp(names[i], "href") != 0) {
            /* Not a URL attribute: the value comes back exactly. */
            xmlChar *value = xmlGetProp(a, (const xmlChar *)names[i]);
            assert_string_equal((const char *)value, want);
            xmlFree(value);
        }
        xmlFreeDoc(doc);
    }
}

static void test_each(void **state)
{
    Fixture *f = *state;
    expect_body(f,
                "<ul><li rk-each=\"p in items\" class=\"x\"><span rk-text=\"p_index\"></span>/"
                "<span rk-text=\"p_count\"></span> <b rk-text=\"p.name\"></b></li></ul>",
                "<ul>"
                "<li class=\"x\"><span>1</span>/<span>3</span> <b>Verloskundige</b></li>"
                "<li class=\"x\"><span>2</span>/<span>3</span> <b>Kraamzorg</b></li>"
                "<li class=\"x\"><span>3</span>/<span>3</span> <b>JGZ</b></li>"
                "</ul>");
    /* An empty, absent or non-array value repeats nothing. */
    expect_body(f, "<ul><li rk-each=\"p in none\">x</li></ul>", "<ul></ul>");
    expect_body(f, "<ul><li rk-each=\"p in missing\">x</li></ul>", "<ul></ul>");
    expect_body(f, "<ul><li rk-each=\"p in name\">x</li></ul>", "<ul></ul>");
}

static void test_each_nested_and_shadowing(void **state)
{
    Fixture *f = *state;
    /* The inner loop sees the outer binding; the inner `name` hides the
     * context's `name` only inside the loop. */
    expect_body(f,
                "<div rk-each=\"p in items\" rk-if=\"p_index != 2\">"
                "<i rk-each=\"name in p.tags\"><b rk-text=\"p_index\"></b>.<b rk-text=\"name_index\"></b>="
                "<b rk-text=\"name\"></b></i></div><p rk-text=\"name\"></p>",
                "<div><i><b>1</b>.<b>1</b>=<b>standaard</b></i></div>"
                "<div><i><b>3</b>.<b>1</b>=<b>standaard</b></i><i><b>3</b>.<b>2</b>=<b>eigen-risico</b></i>"
                "<i><b>3</b>.<b>3</b>=<b>eigen-risico</b></i></div>"
                "<p>Kraamzorg</p>");
}

static void test_conditions(void **state)
{
    Fixture *f = *state;
    expect_body(f,
                "<i rk-if=\"yes\">a</i><i rk-if=\"no\">b</i><i rk-unless=\"no\">c</i><i rk-unless=\"yes\">d</i>"
                "<i rk-if=\"lane == steuntje\">e</i><i rk-if=\"lane != steuntje\">f</i>"
                "<i rk-if=\"lane == basiszorg\">g</i><i rk-if=\"lane != basiszorg\">h</i>"
                "<i rk-if=\"n == 3\">i</i><i rk-if=\"lane==steuntje\">j</i><i rk-unless=\"lane == steuntje\">k</i>"
                "<i rk-if=\"missing\">l</i><i rk-unless=\"missing\">m</i><i rk-if=\"empty\">n</i>"
                "<i rk-if=\"none\">o</i><i rk-if=\"items\">p</i><i rk-if=\"missing == x\">q</i>"
                "<i rk-if=\"missing != x\">r</i><i rk-if=\"yes\" rk-unless=\"yes\">s</i>",
                "<i>a</i><i>c</i><i>e</i><i>h</i><i>i</i><i>j</i><i>m</i><i>p</i><i>r</i>");
    /* A removed element takes its children with it, and conditions work
     * on loop variables. */
    expect_body(f,
                "<div rk-if=\"no\"><p rk-text=\"name\"></p></div>"
                "<b rk-each=\"p in items\" rk-if=\"p.lane == basiszorg\" rk-text=\"p.name\"></b>",
                "<b>Kraamzorg</b>");
}

static void test_class(void **state)
{
    Fixture *f = *state;
    expect_body(f, "<p class=\"lane\" rk-class=\"lane\">x</p>", "<p class=\"lane steuntje\">x</p>");
    expect_body(f, "<p rk-class=\"lane\">x</p>", "<p class=\"steuntje\">x</p>");
    /* Nothing to add: the class attribute stays as it was, or absent. */
    expect_body(f, "<p class=\"a\" rk-class=\"empty\">x</p>", "<p class=\"a\">x</p>");
    expect_body(f, "<p rk-class=\"missing\">x</p>", "<p>x</p>");
    expect_body(f, "<p rk-class=\"attr\">x</p>", "<p class='\"onmouseover=alert(1) x=\"'>x</p>");
    expect_body(f, "<i rk-each=\"p in items\" class=\"c\" rk-class=\"p.lane\"></i>",
                "<i class=\"c steuntje\"></i><i class=\"c basiszorg\"></i><i class=\"c steuntje\"></i>");
}

static void test_markdown(void **state)
{
    Fixture *f = *state;
    value_set_string(f->arena, f->context, "md",
                     "Zie [de site](https://example.nl) en [dit](javascript:alert(1)).\n\n"
                     "<script>alert(1)</script>\n\n"
                     "Tekst met <b onclick=\"x()\">inline</b> html en **vet**.\n\n"
                     "# Kop\n");
    const char *body = render_body(f, "<div rk-md=\"md\" rk-md-shift=\"1\">old</div>");
    assert_string_equal(body, "<div><p>Zie <a href=\"https://example.nl\">de site</a> en dit.</p>"
                              "<p>Tekst met inline html en <strong>vet</strong>.</p>"
                              "<h2>Kop</h2></div>");
    assert_null(strstr(buf_cstr(&f->out), "javascript:"));
    assert_null(strstr(buf_cstr(&f->out), "<script"));
    assert_null(strstr(buf_cstr(&f->out), "onclick"));
    /* Without a shift, headings stay; a non-string value gives nothing. */
    value_set_string(f->arena, f->context, "md", "## Twee");
    expect_body(f, "<section rk-md=\"md\"></section>", "<section><h2>Twee</h2></section>");
    expect_body(f, "<section rk-md=\"n\">old</section>", "<section></section>");
    expect_body(f, "<section rk-md=\"missing\">old</section>", "<section></section>");
}

static void test_include(void **state)
{
    Fixture *f = *state;
    add(f, "partials/card", "<b rk-text=\"p.name\">x</b> <i rk-if=\"p_index == 2\">second</i>");
    add(f, "partials/title", "<h1 rk-text=\"name\"></h1>");
    add(f, "page",
        "<!DOCTYPE html><html><body><header rk-include=\"title\"></header>"
        "<ul><li rk-each=\"p in items\"><span rk-include=\"card\">replaced</span></li></ul>"
        "<p rk-include=\"nonexistent\">gone</p></body></html>");
    assert_true(template_render(f->templates, "page", f->context, f->arena, f->diags, &f->out));
    const char *out = buf_cstr(&f->out);
    assert_non_null(strstr(out, "<body><h1>Kraamzorg</h1><ul>"
                                "<li><b>Verloskundige</b> </li>"
                                "<li><b>Kraamzorg</b> <i>second</i></li>"
                                "<li><b>JGZ</b> </li>"
                                "</ul></body>"));
    assert_null(strstr(out, "replaced"));
    assert_null(strstr(out, "gone"));
    assert_null(strstr(out, "header"));
}

/* A partial that includes itself, directly or through another, has its
 * inner include dropped: three self-includes once meant 3^16 copies and a
 * build that never ended (fuzz/regressions/layout/). */
static void test_include_recursive(void **state)
{
    Fixture *f = *state;
    /* Two self-includes, not three: without the check this test must fail
     * (2^16 copies), not hang. */
    add(f, "partials/self", "<i>s</i><b rk-include=\"self\"></b><b rk-include=\"self\"></b>");
    add(f, "partials/ping", "<i>ping</i><b rk-include=\"pong\"></b>");
    add(f, "partials/pong", "<i>pong</i><b rk-include=\"ping\"></b>");
    add(f, "page",
        "<!DOCTYPE html><html><body><p rk-include=\"self\"></p><p rk-include=\"ping\"></p></body></html>");
    assert_true(template_render(f->templates, "page", f->context, f->arena, f->diags, &f->out));
    assert_non_null(strstr(buf_cstr(&f->out), "<body><i>s</i><i>ping</i><i>pong</i></body>"));
}

/* rk-attr-NAME before a NAME attribute of its own: the value replaces it,
 * a null removes it. Removing the attribute right after the one being
 * read was a use after free (the ASan build of this test sees it). */
static void test_attr_with_default(void **state)
{
    Fixture *f = *state;
    expect_body(f, "<p rk-attr-title=\"nothing\" title=\"standaard\" class=\"c\">x</p>",
                "<p class=\"c\">x</p>");
    expect_body(f, "<p rk-attr-title=\"name\" title=\"standaard\">x</p>", "<p title=\"Kraamzorg\">x</p>");
    expect_body(f, "<p rk-attr-rk-x=\"nothing\" rk-x=\"y\" id=\"a\">x</p>", "<p id=\"a\">x</p>");
}

/* rk-qr draws into the layout's own <svg> (its name and class kept); an
 * absent, empty or hostile-but-valid value never leaves an empty picture. */
/* Pages are filled from layouts compiled once (fixed parts serialised by
 * libxml2 ahead of time); what libxml2 would write for a filled DOM is what
 * comes out: an empty <li> without its end tag, void elements without one,
 * attributes in their place or after the layout's, the doctype and the
 * final newline round the page. */
static void test_serialised_as_libxml2_would(void **state)
{
    Fixture *f = *state;
    expect_body(f, "<ul><li rk-text=\"empty\"></li><li rk-text=\"name\"></li><li rk-if=\"name\"></li></ul>",
                "<ul><li><li>Kraamzorg</li><li></ul>");
    expect_body(f, "<p><img rk-attr-alt=\"name\" src=\"a b.png\" rk-text=\"name\"><br rk-if=\"name\"></p>",
                "<p><img src=\"a%20b.png\" alt=\"Kraamzorg\"><br></p>");
    expect_body(f, "<a rk-attr-href=\"url\" title=\"t\" rk-attr-title=\"name\" class=\"c\" rk-class=\"name\">x</a>",
                "<a title=\"Kraamzorg\" class=\"c Kraamzorg\" href=\"https://example.nl/a?b=1&amp;c=2\">x</a>");
    expect_body(f, "<a title=\"t\" rk-attr-title=\"nothing\">x</a>", "<a>x</a>");
    /* Text filled into <script> is escaped like any other: a value can never
     * end the script. */
    expect_body(f, "<script rk-text=\"script\"></script>", "<script>&lt;script&gt;alert(1)&lt;/script&gt;</script>");
    add(f, "whole", "<!DOCTYPE html><html lang=\"nl\"><body><p rk-text=\"name\"></p></body></html>");
    buf_clear(&f->out);
    assert_true(template_render(f->templates, "whole", f->context, f->arena, f->diags, &f->out));
    assert_string_equal(buf_cstr(&f->out),
                        "<!DOCTYPE html>\n<html lang=\"nl\"><body><p>Kraamzorg</p></body></html>\n");
}

static void test_qr(void **state)
{
    Fixture *f = *state;
    const char *out = render_body(f, "<p>a<svg class=\"qr\" role=\"img\" aria-label=\"Code\" rk-qr=\"url\" "
                                     "rk-attr-data-u=\"name\"><title>oud</title></svg>b</p>");
    assert_null(strstr(out, "rk-"));
    assert_null(strstr(out, "oud"));
    assert_non_null(strstr(out, "<svg class=\"qr\" role=\"img\" aria-label=\"Code\" viewBox=\"0 0 37 37\" data-u=\"Kraamzorg\">"));
    assert_non_null(strstr(out, "<path d=\"M4 4h7v1h-7z"));
    expect_body(f, "<p>a<svg rk-qr=\"nothing\" role=\"img\"></svg>b</p>", "<p>ab</p>");
    expect_body(f, "<p>a<svg rk-qr=\"empty\" role=\"img\"></svg>b</p>", "<p>ab</p>");
    expect_body(f, "<p>a<svg rk-qr=\"missing.key\" role=\"img\"></svg>b</p>", "<p>ab</p>");
    /* Markup in the value is only ever data in the code. */
    out = render_body(f, "<svg rk-qr=\"script\"></svg>");
    assert_null(strstr(out, "<script"));
    assert_non_null(strstr(out, "<path d=\""));
}

static void test_rk_attributes_removed(void **state)
{
    Fixture *f = *state;
    add(f, "partials/x", "<em rk-text=\"name\" rk-class=\"lane\"></em>");
    add(f, "page",
        "<!DOCTYPE html><html><body>"
        "<div rk-each=\"p in items\" rk-if=\"yes\" rk-unless=\"no\" rk-class=\"p.lane\" rk-attr-title=\"p.name\">"
        "<span rk-text=\"p.name\"></span><span rk-md=\"p.name\" rk-md-shift=\"2\"></span>"
        "<span rk-include=\"x\"></span><a rk-attr-href=\"missing\" rk-if=\"p.lane == steuntje\">a</a></div>"
        "<p rk-if=\"lane != x\" rk-text=\"n\"></p></body></html>");
    assert_true(template_render(f->templates, "page", f->context, f->arena, f->diags, &f->out));
    const char *out = buf_cstr(&f->out);
    assert_null(strstr(out, "rk-"));
    assert_non_null(strstr(out, "<div class=\"steuntje\" title=\"Verloskundige\"><span>Verloskundige</span>"
                                "<span><p>Verloskundige</p></span><em class=\"steuntje\">Kraamzorg</em><a>a</a></div>"));
    assert_non_null(strstr(out, "<p>3</p>"));
}

/* Also when a layout combines them oddly: nothing rk-* reaches the page. */
static void test_stray_rk_attributes_removed(void **state)
{
    Fixture *f = *state;
    value_set_string(f->arena, f->context, "md", "*m*");
    expect_body(f, "<p rk-md-shift=\"1\">x</p>", "<p>x</p>");
    expect_body(f, "<p rk-text=\"name\" rk-md=\"md\">x</p>", "<p>Kraamzorg</p>");
    expect_body(f, "<p rk-unknown=\"x\">y</p>", "<p>y</p>");
    /* ... and templates_check names it, so it is not lost in silence. */
    add(f, "page", "<!DOCTYPE html><html><body><p rk-unknown=\"x\">y</p></body></html>");
    assert_false(templates_check(f->templates, f->arena, f->diags));
    assert_int_equal(diags_len(f->diags), 1);
    assert_string_equal(diags_at(f->diags, 0)->message, "unknown template attribute 'rk-unknown'");
    assert_int_equal(diags_at(f->diags, 0)->line, 1);
}

/* The layout mistakes reported so far, in order, exactly as an editor
 * reads them. */
static void expect_reported(Fixture *f, const char *expected)
{
    diags_sort(f->diags);
    Buf got = BUF_INIT;
    diags_format_gcc(f->diags, &got);
    assert_string_equal(buf_cstr(&got), expected);
    buf_free(&got);
}

/* The mistakes templates_check finds, each once, at its line and column,
 * with a suggestion for a near miss (the model: blogc's template parser
 * tests, which compare whole messages). */
static void test_check_reports_mistakes(void **state)
{
    Fixture *f = *state;
    add(f, "partials/footer", "<footer>f</footer>");
    add(f, "partials/ping", "<i>ping</i>\n<b rk-include=\"pong\"></b>");
    add(f, "partials/pong", "<i>pong</i>\n<b rk-include=\"ping\"></b>");
    add(f, "page",
        "<!DOCTYPE html><html><body>\n"
        "<h1 rk-tetx=\"name\">x</h1>\n"
        "<ul><li rk-each=\"p of items\">a</li>\n"
        "  <li rk-each=\"p in items\" rk-attr-title=\"p.name\" rk-atr-href=\"url\">b</li></ul>\n"
        "<div rk-include=\"fotter\"></div><div rk-include=\"ping\"></div>\n"
        "<p rk-md=\"name\" rk-md-shift=\"two\"></p><p rk-if=\"lane = x\">c</p><p rk-text=\"a b\"></p>\n"
        "<p rk-attr-=\"name\"></p>\n"
        "</body></html>");
    assert_false(templates_check(f->templates, f->arena, f->diags));
    expect_reported(f,
        /* The loop is found in the partial pong (this fixture gives every
         * layout the same path), line 2. */
        "layouts/test.html:2:4: error: rk-include=\"ping\": partials include each other in a loop: ping → pong → "
        "ping\n"
        "layouts/test.html:2:5: error: unknown template attribute 'rk-tetx'; did you mean 'rk-text'?\n"
        "layouts/test.html:3:9: error: rk-each=\"p of items\": write 'name in path', like 'p in lane.provisions'\n"
        "layouts/test.html:4:51: error: unknown template attribute 'rk-atr-href'; did you mean 'rk-attr-href'?\n"
        "layouts/test.html:5:6: error: rk-include=\"fotter\": no partial layouts/partials/fotter.html; did you mean "
        "'footer'?\n"
        "layouts/test.html:6:17: error: rk-md-shift=\"two\": expected a number of heading levels from 0 to 5\n"
        "layouts/test.html:6:42: error: rk-if=\"lane = x\": expected 'path', 'path == word' or 'path != word'\n"
        "layouts/test.html:6:67: error: rk-text=\"a b\": expected a path, like provision.title\n"
        "layouts/test.html:7:4: error: 'rk-attr-' names no attribute: write rk-attr-NAME, like rk-attr-href\n");
}

/* rk-json: a data block filled with JSON the generator writes. A title
 * that closes the script and opens another stays a string inside the JSON
 * (every '<' and '>' escaped, U+2028 too); a null value leaves no element. */
static void test_json_data_block(void **state)
{
    Fixture *f = *state;
    Value *ld = value_object(f->arena);
    value_set_string(f->arena, ld, "@type", "GovernmentService");
    value_set_string(f->arena, ld, "name", "</script><script>alert(1)</script><!-- & \xE2\x80\xA8\xE2\x80\x93");
    Value *list = value_array(f->arena);
    value_push(f->arena, list, value_int(f->arena, 7));
    value_push(f->arena, list, value_bool(f->arena, true));
    value_set(f->arena, ld, "list", list);
    value_set(f->arena, f->context, "ld", ld);
    expect_body(f, "<script type=\"application/ld+json\" rk-json=\"ld\">old</script>",
                "<script type=\"application/ld+json\">{\"@type\":\"GovernmentService\",\"name\":"
                "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u003c!-- \\u0026 "
                "\\u2028\xE2\x80\x93\",\"list\":[7,true]}</script>");
    expect_body(f, "<p>a</p><script type=\"application/ld+json\" rk-json=\"nothing\"></script><p>b</p>",
                "<p>a</p><p>b</p>");
    const char *html = render_body(f, "<script type=\"application/ld+json\" rk-json=\"script\"></script>");
    assert_string_equal(html, "<script type=\"application/ld+json\">\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\""
                              "</script>");
}

/* rk-json is refused anywhere but on a JSON data block, and beside what
 * could make the block run or fill it another way. */
static void test_json_only_on_data_blocks(void **state)
{
    Fixture *f = *state;
    add(f, "page",
        "<!DOCTYPE html><html><body>\n"
        "<p rk-json=\"name\"></p>\n"
        "<script rk-json=\"name\"></script>\n"
        "<script type=\"text/javascript\" rk-json=\"name\"></script>\n"
        "<script type=\"application/ld+json\" rk-attr-type=\"lane\" rk-json=\"name\"></script>\n"
        "<script type=\"application/ld+json\" rk-json=\"a b\"></script>\n"
        "<script type=\"application/json\" rk-json=\"name\"></script>\n"
        "</body></html>");
    assert_false(templates_check(f->templates, f->arena, f->diags));
    expect_reported(f,
        "layouts/test.html:2:4: error: rk-json=\"name\": fills only a JSON data block: <script "
        "type=\"application/ld+json\">\n"
        "layouts/test.html:3:9: error: rk-json=\"name\": fills only a JSON data block: <script "
        "type=\"application/ld+json\">\n"
        "layouts/test.html:4:32: error: rk-json=\"name\": fills only a JSON data block: <script "
        "type=\"application/ld+json\">\n"
        "layouts/test.html:5:56: error: rk-json=\"name\": cannot stand beside rk-attr-type on the same element\n"
        "layouts/test.html:6:36: error: rk-json=\"a b\": expected a path, like page.json_ld\n");
}

static void test_check_accepts_shipped_forms(void **state)
{
    Fixture *f = *state;
    add(f, "partials/costs", "<ul><li rk-each=\"t in p.tags\" rk-text=\"t\"></li></ul>");
    add(f, "page",
        "<!DOCTYPE html><html><body><div rk-each=\"p in items\" rk-class=\"p.lane\">"
        "<p rk-if=\"p.lane == steuntje\" rk-unless=\"no\" rk-attr-data-x=\"p.name\" rk-text=\"p.name\"></p>"
        "<div rk-md=\"name\" rk-md-shift=\"2\"></div><div rk-include=\"costs\"></div></div></body></html>");
    assert_true(templates_check(f->templates, f->arena, f->diags));
    assert_int_equal(diags_len(f->diags), 0);
}

/* A path naming a field its object lacks is a typo in the layout: reported
 * once however many pages use it, with the near miss. A field of a null
 * value (an optional provider) is simply absent. */
static void test_unknown_field_reported_once(void **state)
{
    Fixture *f = *state;
    add(f, "page",
        "<!DOCTYPE html><html><body>\n<p rk-text=\"provision.provider.nmae\">x</p>"
        "<p rk-text=\"nothing.name\">y</p>\n<i rk-each=\"p in items\" rk-if=\"p.lnae\">z</i></body></html>");
    for (int page = 0; page < 3; page++) {
        buf_clear(&f->out);
        assert_true(template_render(f->templates, "page", f->context, f->arena, f->diags, &f->out));
    }
    assert_non_null(strstr(buf_cstr(&f->out), "<p></p><p></p>"));
    expect_reported(f, "layouts/test.html:2:4: error: rk-text=\"provision.provider.nmae\": 'provision.provider' has "
                       "no field 'nmae'; did you mean 'name'?\n"
                       "layouts/test.html:3:25: error: rk-if=\"p.lnae\": 'p' has no field 'lnae'; did you mean "
                       "'lane'?\n");
}

/* The truth rule: 0, "", empty lists and null are false. */
static void test_zero_is_false(void **state)
{
    Fixture *f = *state;
    value_set_int(f->arena, f->context, "zero", 0);
    expect_body(f, "<i rk-if=\"zero\">a</i><i rk-unless=\"zero\">b</i><i rk-if=\"n\">c</i><i rk-unless=\"n\">d</i>",
                "<i>b</i><i>c</i>");
}

static void test_layout_is_reusable(void **state)
{
    Fixture *f = *state;
    add(f, "page", "<!DOCTYPE html><html><body><p rk-text=\"name\">x</p><i rk-each=\"p in items\">.</i></body></html>");
    assert_true(template_render(f->templates, "page", f->context, f->arena, f->diags, &f->out));
    char *first = arena_strdup(f->arena, buf_cstr(&f->out));
    value_set_string(f->arena, f->context, "name", "Anders");
    buf_clear(&f->out);
    assert_true(template_render(f->templates, "page", f->context, f->arena, f->diags, &f->out));
    assert_non_null(strstr(first, "<body><p>Kraamzorg</p><i>.</i><i>.</i><i>.</i></body>"));
    assert_non_null(strstr(buf_cstr(&f->out), "<body><p>Anders</p><i>.</i><i>.</i><i>.</i></body>"));
}

static void test_missing_layout(void **state)
{
    Fixture *f = *state;
    buf_puts(&f->out, "keep");
    assert_false(template_render(f->templates, "region", f->context, f->arena, f->diags, &f->out));
    add(f, "partials/region", "<p>partial</p>");
    assert_false(template_render(f->templates, "region", f->context, f->arena, f->diags, &f->out));
    assert_string_equal(buf_cstr(&f->out), "keep");
    assert_int_equal(diags_len(f->diags), 0);
}

static void test_add_unparseable(void **state)
{
    Fixture *f = *state;
    assert_false(templates_add(f->templates, f->diags, "broken", "layouts/broken.html", "", 0));
    assert_int_equal(diags_len(f->diags), 1);
    const Diag *d = diags_at(f->diags, 0);
    assert_string_equal(d->path, "layouts/broken.html");
    assert_int_equal(d->line, 0);
    assert_int_equal(d->severity, DIAG_ERROR);
    assert_string_equal(d->message, "layout cannot be parsed as HTML");
    assert_false(template_render(f->templates, "broken", f->context, f->arena, f->diags, &f->out));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_text_is_escaped),
        T(test_text_values),
        T(test_bidi_controls_closed),
        T(test_attr),
        T(test_attr_cannot_add_attributes),
        T(test_each),
        T(test_each_nested_and_shadowing),
        T(test_conditions),
        T(test_class),
        T(test_markdown),
        T(test_include),
        T(test_include_recursive),
        T(test_attr_with_default),
        T(test_serialised_as_libxml2_would),
        T(test_qr),
        T(test_rk_attributes_removed),
        T(test_stray_rk_attributes_removed),
        T(test_check_reports_mistakes),
        T(test_json_data_block),
        T(test_json_only_on_data_blocks),
        T(test_check_accepts_shipped_forms),
        T(test_unknown_field_reported_once),
        T(test_zero_is_false),
        T(test_layout_is_reusable),
        T(test_missing_layout),
        T(test_add_unparseable),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
