#include "feed.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "resolve.h"
#include "uuid.h"

static const char *const atom_namespace = "http://www.w3.org/2005/Atom";

/* A date of the content (YYYY-MM-DD, checked by validate) as an RFC 3339
 * date-time: the start of that day in UTC. */
static const char *date_time(Arena *arena, const char *date)
{
    return arena_printf(arena, "%sT00:00:00Z", date ? date : "1970-01-01");
}

/* `text` without what XML 1.0 cannot hold: control characters other than
 * tab, line feed and carriage return (a YAML escape such as "\x01" can
 * write them), U+FFFE and U+FFFF. The pages drop the controls too. */
static const char *xml_text(Arena *arena, const char *text)
{
    size_t n = strlen(text);
    char *clean = arena_alloc(arena, n + 1), *w = clean;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            continue;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
            p += 2;
            continue;
        }
        *w++ = (char)*p;
    }
    *w = '\0';
    return clean;
}

static void add_text(Arena *arena, xmlNodePtr parent, const char *name, const char *text)
{
    if (text)
        xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)xml_text(arena, text));
}

static void add_link(Arena *arena, xmlNodePtr parent, const char *rel, const char *type, const char *href)
{
    xmlNodePtr link = xmlNewChild(parent, NULL, (const xmlChar *)"link", NULL);
    xmlNewProp(link, (const xmlChar *)"rel", (const xmlChar *)rel);
    xmlNewProp(link, (const xmlChar *)"type", (const xmlChar *)type);
    xmlNewProp(link, (const xmlChar *)"href", (const xmlChar *)xml_text(arena, href));
}

/* An entry's date with its place on the map, to sort newest first. */
typedef struct {
    const char *date; /* YYYY-MM-DD, or NULL */
    size_t index;
} Dated;

static int newest_first(const void *x, const void *y)
{
    const Dated *a = x, *b = y;
    int order = strcmp(b->date ? b->date : "", a->date ? a->date : "");
    if (order)
        return order;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void add_entry(Arena *arena, xmlNodePtr feed, const Region *r, const Provision *p, const char *base,
                      const char *updated, const char *summary)
{
    xmlNodePtr entry = xmlNewChild(feed, NULL, (const xmlChar *)"entry", NULL);
    add_text(arena, entry, "id", arena_printf(arena, "urn:uuid:%s", uuid_for(arena, "service", r->id, p->id)));
    add_text(arena, entry, "title", p->title);
    add_text(arena, entry, "updated", date_time(arena, updated));
    add_link(arena, entry, "alternate", "text/html", arena_printf(arena, "%s%s/%s.html", base, r->id, p->id));
    add_text(arena, entry, "summary", summary);
}

/* The feed element with what describes the whole feed. */
static xmlNodePtr feed_head(Arena *arena, xmlDocPtr doc, const Site *site, const Region *r, const char *base,
                            const char *updated)
{
    xmlNodePtr feed = xmlNewDocNode(doc, NULL, (const xmlChar *)"feed", NULL);
    xmlSetNs(feed, xmlNewNs(feed, (const xmlChar *)atom_namespace, NULL));
    xmlDocSetRootElement(doc, feed);
    if (site->language)
        xmlNodeSetLang(feed, (const xmlChar *)xml_text(arena, site->language));
    add_text(arena, feed, "id", arena_printf(arena, "urn:uuid:%s", uuid_for(arena, "feed", r->id, r->id)));
    add_text(arena, feed, "title", arena_printf(arena, "%s · %s", r->name, site->title));
    add_text(arena, feed, "updated", date_time(arena, updated));
    add_link(arena, feed, "self", "application/atom+xml", arena_printf(arena, "%s%s/feed.xml", base, r->id));
    add_link(arena, feed, "alternate", "text/html", arena_printf(arena, "%s%s/", base, r->id));
    xmlNodePtr author = xmlNewChild(feed, NULL, (const xmlChar *)"author", NULL);
    add_text(arena, author, "name", r->coalition ? r->coalition : r->name);
    add_text(arena, author, "email", r->contact.email);
    return feed;
}

void feed_region(Arena *arena, const Site *site, const Region *r, const char *base, const char *const *summaries,
                 Buf *out)
{
    size_t n = r->provision_count;
    Dated *order = arena_alloc(arena, (n ? n : 1) * sizeof *order);
    const char *latest = r->updated;
    for (size_t i = 0; i < n; i++) {
        order[i] = (Dated){resolve_checked_date(r, r->provisions[i]), i};
        if (order[i].date && (!latest || strcmp(order[i].date, latest) > 0))
            latest = order[i].date;
    }
    qsort(order, n, sizeof *order, newest_first);
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr feed = feed_head(arena, doc, site, r, base, latest);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k].index;
        add_entry(arena, feed, r, r->provisions[i], base, order[k].date ? order[k].date : latest, summaries[i]);
    }
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    buf_append(out, (const char *)mem, (size_t)size);
    xmlFree(mem);
    xmlFreeDoc(doc);
}
