/* Unit tests for gen/feed.c: a region's Atom feed is well-formed XML even
 * when a title holds what XML 1.0 cannot (a control character written as a
 * YAML escape, U+FFFE) or markup; entries come newest first with their
 * dates from the content, and a region without any date gets 1970. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libxml/parser.h>

#include "arena.h"
#include "buf.h"
#include "feed.h"
#include "uuid.h"

/* Parses `xml` strictly: NULL on any well-formedness error. */
static xmlDocPtr parse_strictly(const Buf *xml)
{
    return xmlReadMemory(xml->data, (int)xml->len, "feed.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static void hostile_titles_stay_well_formed(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Provision old = {.id = "oud", .title = "Oud \x01 </title><x> & \xEF\xBF\xBE klaar"};
    Provision checked = {.id = "nieuw", .title = "Nieuw", .checked = "2026-09-15"};
    Provision *list[] = {&old, &checked};
    Region r = {.id = "regio", .name = "Regio <b>", .updated = "2026-08-01", .provisions = list, .provision_count = 2};
    Site site = {.title = "Routekaart", .language = "nl"};
    const char *summaries[] = {"Samenvatting & meer", NULL};
    Buf out = BUF_INIT;
    feed_region(a, &site, &r, "/kaart/", summaries, &out);
    xmlDocPtr doc = parse_strictly(&out);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    const char *xml = buf_cstr(&out);
    assert_non_null(strstr(xml, "<title>Oud  &lt;/title&gt;&lt;x&gt; &amp;  klaar</title>"));
    assert_non_null(strstr(xml, "<title>Regio &lt;b&gt; · Routekaart</title>"));
    /* Newest first: the checked one, then the one dated by the region. */
    const char *nieuw = strstr(xml, "<title>Nieuw</title>"), *oud = strstr(xml, "<title>Oud");
    assert_true(nieuw && oud && nieuw < oud);
    assert_non_null(strstr(xml, "<updated>2026-09-15T00:00:00Z</updated>\n    <link rel=\"alternate\" type=\"text/html\" "
                                "href=\"/kaart/regio/nieuw.html\"/>\n  </entry>"));
    assert_non_null(strstr(xml, "<updated>2026-08-01T00:00:00Z</updated>"));
    /* The feed's own date is the latest. */
    assert_non_null(strstr(xml, "</title>\n  <updated>2026-09-15T00:00:00Z</updated>\n  <link rel=\"self\""));
    const char *id = arena_printf(a, "<id>urn:uuid:%s</id>", uuid_for(a, "service", "regio", "nieuw"));
    assert_non_null(strstr(xml, id));
    assert_non_null(strstr(xml, "<summary>Samenvatting &amp; meer</summary>"));
    buf_free(&out);
    arena_free(a);
}

static void no_date_at_all(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Provision p = {.id = "p", .title = "P"};
    Provision *list[] = {&p};
    Region r = {.id = "r", .name = "R", .provisions = list, .provision_count = 1};
    Site site = {.title = "S"};
    const char *summaries[] = {NULL};
    Buf out = BUF_INIT;
    feed_region(a, &site, &r, "https://example.nl/", summaries, &out);
    xmlDocPtr doc = parse_strictly(&out);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    assert_null(strstr(buf_cstr(&out), "<summary"));
    assert_non_null(strstr(buf_cstr(&out), "<updated>1970-01-01T00:00:00Z</updated>"));
    assert_non_null(strstr(buf_cstr(&out), "href=\"https://example.nl/r/feed.xml\""));
    buf_free(&out);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hostile_titles_stay_well_formed),
        cmocka_unit_test(no_date_at_all),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
