/* Unit tests for gen/markdown.c: CommonMark into libxml2 nodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cmark.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "limit.h"
#include "markdown.h"

/* Renders `md` and returns it inside a <div>, as a layout's
 * <div rk-md="..."> holds it, so every assertion sees exactly what a page
 * would get. */
static char *render_len(const char *md, size_t len, int shift)
{
    Buf out = BUF_INIT;
    buf_puts(&out, "<div>");
    markdown_render(&out, md, len, shift);
    buf_puts(&out, "</div>");
    char *html = strdup(buf_cstr(&out));
    buf_free(&out);
    return html;
}

static char *render(const char *md, int shift)
{
    return render_len(md, strlen(md), shift);
}

static void expect_html(const char *md, int shift, const char *want)
{
    char *got = render(md, shift);
    assert_string_equal(got, want);
    free(got);
}

static void expect_absent(const char *md, const char *needle)
{
    char *got = render(md, 0);
    if (strstr(got, needle) != NULL)
        fail_msg("\"%s\" rendered as \"%s\", which contains \"%s\"", md, got, needle);
    free(got);
}

static void test_inline_markup(void **state)
{
    (void)state;
    expect_html("Some **bold**, _em_ and `code`.", 0,
                "<div><p>Some <strong>bold</strong>, <em>em</em> and <code>code</code>.</p></div>");
    expect_html("a *b **c** d* e", 0,
                "<div><p>a <em>b <strong>c</strong> d</em> e</p></div>");
    expect_html("one\ntwo", 0, "<div><p>one\ntwo</p></div>");
    expect_html("one  \ntwo", 0, "<div><p>one<br>two</p></div>");
    expect_html("first\n\nsecond", 0, "<div><p>first</p><p>second</p></div>");
}

static void test_headings_shift(void **state)
{
    (void)state;
    expect_html("## Title", 0, "<div><h2>Title</h2></div>");
    expect_html("# Title", 1, "<div><h2>Title</h2></div>");
    expect_html("Title\n=====", 2, "<div><h3>Title</h3></div>");
    expect_html("###### Deep", 2, "<div><h6>Deep</h6></div>");
    expect_html("#### Four", 5, "<div><h6>Four</h6></div>");
    expect_html("# Huge", 1000000, "<div><h6>Huge</h6></div>");
    expect_html("# *Em* title", 1, "<div><h2><em>Em</em> title</h2></div>");
}

static void test_lists(void **state)
{
    (void)state;
    expect_html("- a\n- b\n", 0, "<div><ul><li>a</li><li>b</li></ul></div>");
    expect_html("- a\n\n- b\n", 0, "<div><ul><li><p>a</p></li><li><p>b</p></li></ul></div>");
    expect_html("3. x\n4. y\n", 0, "<div><ol start=\"3\"><li>x</li><li>y</li></ol></div>");
    expect_html("1. x\n", 0, "<div><ol><li>x</li></ol></div>");
    /* Tightness belongs to the list itself: a nested loose list keeps its
     * <p>, and a paragraph inside a quote inside a tight item is wrapped. */
    expect_html("- a\n  - b\n\n  - c\n", 0,
                "<div><ul><li>a<ul><li><p>b</p></li><li><p>c</p></li></ul></li></ul></div>");
    expect_html("- > q\n- r\n", 0,
                "<div><ul><li><blockquote><p>q</p></blockquote></li><li>r</li></ul></div>");
}

static void test_blocks(void **state)
{
    (void)state;
    expect_html("> quoted\n", 0, "<div><blockquote><p>quoted</p></blockquote></div>");
    expect_html("a\n\n---\n\nb", 0, "<div><p>a</p><hr><p>b</p></div>");
    expect_html("```c extra words\nint x < 1;\n```\n", 0,
                "<div><pre><code class=\"language-c\">int x &lt; 1;\n</code></pre></div>");
    expect_html("```\nplain\n```\n", 0, "<div><pre><code>plain\n</code></pre></div>");
    expect_html("    indented\n", 0, "<div><pre><code>indented\n</code></pre></div>");
}

static void test_raw_html_dropped(void **state)
{
    (void)state;
    expect_absent("<script>alert(1)</script>\n\nafter", "<script");
    expect_html("<script>alert(1)</script>\n\nafter", 0, "<div><p>after</p></div>");
    expect_absent("hi <b onclick=x>there</b> you", "onclick");
    expect_html("hi <b onclick=x>there</b> you", 0, "<div><p>hi there you</p></div>");
    expect_html("<div onmouseover=\"x()\">\nblock\n</div>\n", 0, "<div></div>");
    expect_absent("<!-- c --><img src=x onerror=alert(1)>", "onerror");
}

static void test_unsafe_links(void **state)
{
    (void)state;
    expect_html("[x](javascript:alert(1))", 0, "<div><p>x</p></div>");
    expect_absent("[x](javascript:alert(1))", "href");
    expect_absent("[x](javascript:alert(1))", "javascript");
    expect_absent("[x](JaVaScRiPt:alert(1))", "href");
    expect_absent("[x]( javascript:alert(1))", "href");
    expect_absent("[x](<javascript:alert(1)>)", "href");
    expect_absent("[x](&#106;avascript:alert(1))", "href");
    expect_absent("[x](java&#9;script:alert(1))", "href");
    expect_absent("[x](vbscript:msgbox)", "href");
    expect_absent("<javascript:alert(1)>", "href");
    /* The link's children survive and the walk comes back to the right
     * parent after it. */
    expect_html("a [**b** c](javascript:x) *d*", 0,
                "<div><p>a <strong>b</strong> c <em>d</em></p></div>");
}

static void test_unsafe_images(void **state)
{
    (void)state;
    expect_html("![alt text](data:image/png;base64,AAAA)", 0, "<div><p>alt text</p></div>");
    expect_absent("![alt text](data:image/png;base64,AAAA)", "src");
    expect_absent("![x](DATA:text/html,<script>)", "src");
    expect_absent("![x](javascript:alert(1))", "<img");
    expect_html("![](javascript:alert(1)) after", 0, "<div><p> after</p></div>");
}

static void test_safe_links_and_images(void **state)
{
    (void)state;
    expect_html("[site](https://example.nl)", 0,
                "<div><p><a href=\"https://example.nl\">site</a></p></div>");
    expect_html("[site](http://example.nl/a \"The title\")", 0,
                "<div><p><a href=\"http://example.nl/a\" title=\"The title\">site</a></p></div>");
    expect_html("[mail](mailto:info@example.nl)", 0,
                "<div><p><a href=\"mailto:info@example.nl\">mail</a></p></div>");
    expect_html("[bel](tel:+31201234567)", 0,
                "<div><p><a href=\"tel:+31201234567\">bel</a></p></div>");
    expect_html("[rel](../pagina.html#kop)", 0,
                "<div><p><a href=\"../pagina.html#kop\">rel</a></p></div>");
    expect_html("<https://example.nl>", 0,
                "<div><p><a href=\"https://example.nl\">https://example.nl</a></p></div>");
    expect_html("![A *b* `c`](img/kaart.png)", 0,
                "<div><p><img src=\"img/kaart.png\" alt=\"A b c\"></p></div>");
    expect_html("[![logo](a.png)](https://example.nl)", 0,
                "<div><p><a href=\"https://example.nl\"><img src=\"a.png\" alt=\"logo\"></a></p></div>");
}

static void test_escaping(void **state)
{
    (void)state;
    expect_html("a < b & \"c\"", 0, "<div><p>a &lt; b &amp; \"c\"</p></div>");
    expect_html("\\<b>not bold\\</b>", 0, "<div><p>&lt;b&gt;not bold&lt;/b&gt;</p></div>");
    expect_html("`<i>`", 0, "<div><p><code>&lt;i&gt;</code></p></div>");
    expect_html("AT&amp;T", 0, "<div><p>AT&amp;T</p></div>");
}

static void test_empty(void **state)
{
    (void)state;
    expect_html("", 0, "<div></div>");
    char *got = render_len(NULL, 0, 0);
    assert_string_equal(got, "<div></div>");
    free(got);
    expect_html("\n\n   \n", 0, "<div></div>");
    /* Only `len` bytes count, not the NUL-terminated string. */
    got = render_len("ab*c*", 2, 0);
    assert_string_equal(got, "<div><p>ab</p></div>");
    free(got);
}

static void test_appends_after_existing_children(void **state)
{
    (void)state;
    Buf out = BUF_INIT;
    buf_puts(&out, "<span>before</span>");
    markdown_render(&out, "x", 1, 0);
    markdown_render(&out, "y", 1, 0);
    assert_string_equal(buf_cstr(&out), "<span>before</span><p>x</p><p>y</p>");
    buf_free(&out);
}

static void test_url_is_safe(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        bool safe;
    } cases[] = {
        {"", true},
        {"page.html", true},
        {"/x", true},
        {"#a", true},
        {"?q", true},
        {"../a/b.html", true},
        {"//example.nl/x", true},
        {"a/b:c", true},
        {"a?b:c", true},
        {"a#b:c", true},
        {"http://example.nl", true},
        {"https://example.nl/x?y=1#z", true},
        {"HTTPS://EXAMPLE.NL", true},
        {"mailto:a@example.nl", true},
        {"MailTo:a@example.nl", true},
        {"tel:+31201234567", true},
        {"  https://example.nl", true},
        {"javascript:alert(1)", false},
        {"JaVaScRiPt:alert(1)", false},
        {" javascript:alert(1)", false},
        {"\tjavascript:alert(1)", false},
        {"\x01javascript:alert(1)", false},
        {"java\tscript:alert(1)", false},
        {"java\nscript:alert(1)", false},
        {"https://example.nl/\x7f", false},
        {"data:text/html,<script>", false},
        {"DATA:image/png;base64,AAAA", false},
        {"vbscript:msgbox", false},
        {"file:///etc/passwd", false},
        {"ftp://example.nl", false},
        {"httpx://example.nl", false},
        {"http", true},
        {":foo", false},
        {"1http:x", false},
        {"java script:alert(1)", false},
        {"javascript\\:x", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (markdown_url_is_safe(cases[i].url) != cases[i].safe)
            fail_msg("markdown_url_is_safe(\"%s\") should be %s", cases[i].url,
                     cases[i].safe ? "true" : "false");
    }
}

/* A layout may render any field as Markdown; nesting stops at the limit. */
static void test_render_depth_capped(void **state)
{
    (void)state;
    char text[512] = "";
    for (int i = 0; i < 100; i++)
        strcat(text, "> ");
    strcat(text, "diep\n");
    char *out = render(text, 0);
    /* Read back as a browser would, and count the levels. */
    htmlDocPtr doc = htmlReadMemory(out, (int)strlen(out), NULL, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    xmlNodePtr root = xmlDocGetRootElement(doc)->children->children; /* html > body > div */
    assert_string_equal((const char *)root->name, "div");
    int depth = 0;
    xmlNodePtr n = root->children;
    while (n && n->type == XML_ELEMENT_NODE) {
        depth++;
        n = n->children;
    }
    assert_int_equal(depth, LIMIT_MARKDOWN_DEPTH);
    assert_non_null(strstr(out, "diep"));
    free(out);
    xmlFreeDoc(doc);
}

/* Document > quote x n > paragraph: n + 2 levels. */
static void test_check_depth(void **state)
{
    (void)state;
    char text[256] = "";
    for (int i = 0; i < 30; i++)
        strcat(text, "> ");
    strcat(text, "x\n");
    int line = 0, column = 0;
    assert_true(markdown_check_depth(text, strlen(text), 32, &line, &column));
    assert_false(markdown_check_depth(text, strlen(text), 31, &line, &column));
    assert_int_equal(line, 1);
    assert_int_equal(column, 61); /* the paragraph, inside the 30th quote */
    const char *list = "- a\n  - b\n    - c\n";
    assert_true(markdown_check_depth(list, strlen(list), 8, &line, &column)); /* doc, 3 x (list, item), para */
    assert_false(markdown_check_depth(list, strlen(list), 7, &line, &column));
    assert_int_equal(line, 3);
    assert_int_equal(column, 7);
    const char *emphasis = "intro\n\n***x***\n";
    assert_false(markdown_check_depth(emphasis, strlen(emphasis), 3, &line, &column));
    assert_int_equal(line, 3); /* inlines have no position: their paragraph's */
    assert_int_equal(column, 1);
    assert_true(markdown_check_depth("", 0, 1, &line, &column));
}

/* The oracle for markdown_depth_bound: cmark's tree, with every node that
 * can hold others counting one level (an empty list item too). */
static int parsed_depth(cmark_node *node)
{
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
        return 0;
    default:
        break;
    }
    int deepest = 0;
    for (cmark_node *child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        int d = parsed_depth(child);
        if (d > deepest)
            deepest = d;
    }
    return 1 + deepest;
}

static void assert_bound_holds(const char *text)
{
    cmark_node *doc = cmark_parse_document(text, strlen(text), CMARK_OPT_DEFAULT);
    int depth = parsed_depth(doc), bound = markdown_depth_bound(text, strlen(text));
    cmark_node_free(doc);
    if (depth > bound)
        fail_msg("[%s] nests %d deep, over its bound %d", text, depth, bound);
}

/* The bound lets validation skip cmark's parse: it must never be below the
 * depth cmark finds. Hand-picked deep shapes first, then random texts drawn
 * from every character that opens an element. */
static void test_depth_bound_never_below_the_depth(void **state)
{
    (void)state;
    static const char *const shapes[] = {
        "", "tekst", "- a\n  - b\n    - c\n", "1. a\n   2) b\n      3. c", "> > > - > * + x",
        ">->-> x", "- - - - - x", "***x***", "_*_*a*_*_", "[*[_a_]*](u)", "![*a*](i) <http://x>",
        "*a **b *c **d** c* b** a*", "- a\n\n  > b\n  > - c\n  >   1. d", "\t-\t-\t- x", "-\n  -\n    -",
        "a\r- b\r  - c\r\n    - d", "\xEF\xBB\xBF- - - - - - x", "\xEF\xBB\xBF> > > x", "# *kop* [met](l)", "lazy\n> quote\nlazy *x*\n- item\nlazy _y_",
    };
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        assert_bound_holds(shapes[i]);
    /* Tight where it matters: a plain text, a list three deep, quotes. */
    assert_int_equal(markdown_depth_bound("Gewone tekst, 12 regels.", 24), 2);
    assert_int_equal(markdown_depth_bound("- a\n  - b\n    - c\n", 18), 8);
    assert_int_equal(markdown_depth_bound("> > x", 5), 4);

    static const char alphabet[] = "> -+*1.)_[]()<>!`#=\n\n\t  ax:/";
    unsigned seed = 2026;
    char text[80];
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(round % 79);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        text[len] = '\0';
        assert_bound_holds(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inline_markup),
        cmocka_unit_test(test_headings_shift),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_raw_html_dropped),
        cmocka_unit_test(test_unsafe_links),
        cmocka_unit_test(test_unsafe_images),
        cmocka_unit_test(test_safe_links_and_images),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_appends_after_existing_children),
        cmocka_unit_test(test_url_is_safe),
        cmocka_unit_test(test_check_depth),
        cmocka_unit_test(test_depth_bound_never_below_the_depth),
        cmocka_unit_test(test_render_depth_capped),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
