/* Unit tests for gen/markdown.c: CommonMark into libxml2 nodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
        cmocka_unit_test(test_render_depth_capped),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
