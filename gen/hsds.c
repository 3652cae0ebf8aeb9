#include "hsds.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "resolve.h"
#include "strmap.h"
#include "util.h"
#include "uuid.h"

/* The API root's claims (HSDS 3.0, "API reference"): the base
 * specification, no profile of our own. */
static const char hsds_version[] = "3.0";
static const char hsds_profile[] = "https://docs.openreferral.org/en/v3.0/hsds/";
static const char hsds_openapi[] = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";

typedef struct {
    Arena *arena;
    const Site *site;
    const Region *region;
} HsdsCtx;

/* ---- words ------------------------------------------------------------ */

/* HSDS types its text fields as strings: an absent or empty one is left
 * out rather than written as null. */
static void set_text(Arena *a, Value *o, const char *key, const char *s)
{
    if (s && *s)
        value_set_string(a, o, key, s);
}

static const char *id_of(const HsdsCtx *c, const char *kind, const char *id)
{
    return uuid_for(c->arena, kind, c->region->id, id);
}

/* The provision's text: its summary, then its description (Markdown as
 * written), a blank line between. */
static const char *description(const HsdsCtx *c, const Provision *p)
{
    if (p->summary && p->description)
        return arena_cat(c->arena, p->summary, "\n\n", p->description, NULL);
    return p->summary ? p->summary : p->description;
}

/* The cost tags' labels, then the cost note: "Standaard, Sociaal
 * netwerk. Gratis; ...". NULL when the provision says nothing of costs. */
static const char *fees_description(const HsdsCtx *c, const Provision *p)
{
    Buf b = BUF_INIT;
    for (int k = 0; k < COST_COUNT; k++) {
        if (!(p->costs & (1u << k)))
            continue;
        if (b.len)
            buf_puts(&b, ", ");
        buf_puts(&b, c->site->labels.costs[k]);
    }
    if (p->cost_note) {
        if (b.len)
            buf_puts(&b, ". ");
        buf_puts(&b, p->cost_note);
    }
    const char *text = b.len ? arena_strdup(c->arena, buf_cstr(&b)) : NULL;
    buf_free(&b);
    return text;
}

/* ---- addresses and locations ------------------------------------------ */

/* A Dutch postcode at `s`: four digits, an optional space, two letters,
 * then the end or a space. Its length, or 0. */
static size_t postcode_length(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    size_t n = s[4] == ' ' ? 5 : 4;
    if (!isupper((unsigned char)s[n]) || !isupper((unsigned char)s[n + 1]))
        return 0;
    return s[n + 2] == '\0' || s[n + 2] == ' ' ? n + 2 : 0;
}

/* The provider's address, written as one line ("Rijnstraat 10, 3441 AB
 * Woerden"), as an HSDS address: the street before the last comma, a
 * postcode and the city after it. What does not split so stays whole in
 * address_1. state_province, which HSDS requires, is the region's
 * `province`, empty when the region does not give one. */
static Value *address(const HsdsCtx *c, const Provider *p, const char *location_id)
{
    Arena *a = c->arena;
    Value *o = value_object(a);
    value_set_string(a, o, "id", id_of(c, "address", p->id));
    value_set_string(a, o, "location_id", location_id);
    const char *comma = strrchr(p->address, ',');
    const char *street = comma ? arena_strndup(a, p->address, (size_t)(comma - p->address)) : p->address;
    const char *rest = comma ? comma + 1 : "";
    while (*rest == ' ')
        rest++;
    size_t postcode = postcode_length(rest);
    const char *city = rest + postcode;
    while (*city == ' ')
        city++;
    value_set_string(a, o, "address_1", street);
    value_set_string(a, o, "city", city);
    value_set_string(a, o, "state_province", c->region->province ? c->region->province : "");
    value_set_string(a, o, "postal_code", arena_strndup(a, rest, postcode));
    value_set_string(a, o, "country", "NL");
    value_set_string(a, o, "address_type", "physical");
    return o;
}

/* The provider's address as a physical location; NULL when it has none. */
static Value *location(const HsdsCtx *c, const Provider *p)
{
    if (!p || !p->address || !*p->address)
        return NULL;
    Arena *a = c->arena;
    Value *o = value_object(a), *addresses = value_array(a);
    const char *id = id_of(c, "location", p->id);
    value_set_string(a, o, "id", id);
    value_set_string(a, o, "location_type", "physical");
    value_set_string(a, o, "organization_id", id_of(c, "organization", p->id));
    value_set_string(a, o, "name", p->name);
    value_push(a, addresses, address(c, p, id));
    value_set(a, o, "addresses", addresses);
    return o;
}

/* ---- organizations ---------------------------------------------------- */

static Value *organization(const HsdsCtx *c, const Provider *p)
{
    Arena *a = c->arena;
    Value *o = value_object(a);
    const char *id = id_of(c, "organization", p->id);
    value_set_string(a, o, "id", id);
    value_set_string(a, o, "name", p->name);
    /* Required by HSDS; the content describes providers by name alone. */
    value_set_string(a, o, "description", p->name);
    set_text(a, o, "email", p->email);
    set_text(a, o, "website", p->url);
    Value *phones = value_array(a);
    if (p->phone && *p->phone) {
        Value *phone = value_object(a);
        value_set_string(a, phone, "id", id_of(c, "phone", p->id));
        value_set_string(a, phone, "organization_id", id);
        value_set_string(a, phone, "number", p->phone);
        value_push(a, phones, phone);
    }
    value_set(a, o, "phones", phones);
    Value *locations = value_array(a), *place = location(c, p);
    if (place)
        value_push(a, locations, place);
    value_set(a, o, "locations", locations);
    return o;
}

Value *hsds_organization(Arena *arena, const Site *site, const Region *r, const Provider *p)
{
    HsdsCtx c = {.arena = arena, .site = site, .region = r};
    return organization(&c, p);
}

/* The region's providers, then the catalog's that its provisions name,
 * each once. */
static Value *organizations(const HsdsCtx *c)
{
    const Region *r = c->region;
    StrMap *seen = strmap_new(c->arena);
    Value *list = value_array(c->arena);
    for (size_t i = 0; i < r->provider_count; i++)
        if (strmap_put(seen, r->providers[i].id, &r->providers[i]))
            value_push(c->arena, list, organization(c, &r->providers[i]));
    for (size_t i = 0; i < r->provision_count; i++) {
        const Provider *p = r->provisions[i]->provider;
        if (p && strmap_put(seen, p->id, (void *)p))
            value_push(c->arena, list, organization(c, p));
    }
    return list;
}

/* ---- services --------------------------------------------------------- */

/* One entry per municipality of the region. */
static Value *service_areas(const HsdsCtx *c, const Provision *p, const char *service_id)
{
    Arena *a = c->arena;
    Value *list = value_array(a);
    for (size_t i = 0; i < c->region->municipalities.count; i++) {
        const char *name = c->region->municipalities.items[i];
        Value *o = value_object(a);
        value_set_string(a, o, "id", id_of(c, "service_area", arena_cat(a, p->id, "/", name, NULL)));
        value_set_string(a, o, "service_id", service_id);
        value_set_string(a, o, "name", name);
        value_push(a, list, o);
    }
    return list;
}

/* One option per cost tag: its label and its explanation. Only
 * `standaard` (free for parents) has an amount to give: 0 euro. */
static Value *cost_options(const HsdsCtx *c, const Provision *p, const char *service_id)
{
    Arena *a = c->arena;
    Value *list = value_array(a);
    for (int k = 0; k < COST_COUNT; k++) {
        if (!(p->costs & (1u << k)))
            continue;
        Value *o = value_object(a);
        value_set_string(a, o, "id", id_of(c, "cost_option", arena_cat(a, p->id, "/", timeline_cost_ids[k], NULL)));
        value_set_string(a, o, "service_id", service_id);
        value_set_string(a, o, "option", c->site->labels.costs[k]);
        if (k == COST_STANDAARD) {
            value_set_string(a, o, "currency", "EUR");
            value_set_int(a, o, "amount", 0);
        }
        set_text(a, o, "amount_description", c->site->labels.cost_explanations[k]);
        value_push(a, list, o);
    }
    return list;
}

/* The provider's address as the place the service is given. */
static Value *service_at_locations(const HsdsCtx *c, const Provision *p, const char *service_id)
{
    Arena *a = c->arena;
    Value *list = value_array(a), *place = location(c, p->provider);
    if (place) {
        Value *o = value_object(a);
        value_set_string(a, o, "id", id_of(c, "service_at_location", p->id));
        value_set_string(a, o, "service_id", service_id);
        value_set_string(a, o, "location_id", value_as_string(value_get(place, "id")));
        value_set(a, o, "location", place);
        value_push(a, list, o);
    }
    return list;
}

static Value *service(const HsdsCtx *c, const Provision *p)
{
    Arena *a = c->arena;
    Value *o = value_object(a);
    const char *id = id_of(c, "service", p->id);
    const char *checked = resolve_checked_date(c->region, p);
    value_set_string(a, o, "id", id);
    if (p->provider)
        value_set_string(a, o, "organization_id", id_of(c, "organization", p->provider->id));
    value_set_string(a, o, "name", p->title);
    set_text(a, o, "description", description(c, p));
    set_text(a, o, "url", p->more);
    value_set_string(a, o, "status", "active");
    set_text(a, o, "application_process", p->referral);
    set_text(a, o, "fees_description", fees_description(c, p));
    set_text(a, o, "eligibility_description", p->audience);
    /* HSDS types both as dates: without one they are left out, never null. */
    if (checked) {
        value_set_string(a, o, "assured_date", checked);
        value_set_string(a, o, "last_modified", arena_cat(a, checked, "T00:00:00Z", NULL));
    }
    value_set(a, o, "service_areas", service_areas(c, p, id));
    value_set(a, o, "service_at_locations", service_at_locations(c, p, id));
    if (p->provider)
        value_set(a, o, "organization", organization(c, p->provider));
    value_set(a, o, "cost_options", cost_options(c, p, id));
    return o;
}

Value *hsds_service(Arena *arena, const Site *site, const Region *r, const Provision *p)
{
    HsdsCtx c = {.arena = arena, .site = site, .region = r};
    return service(&c, p);
}

/* ---- files ------------------------------------------------------------ */

/* An HSDS Page's fields before `contents`: all of `total` items on one
 * page. */
static Value *page_head(Arena *a, long total)
{
    Value *o = value_object(a);
    value_set_int(a, o, "total_items", total);
    value_set_int(a, o, "total_pages", 1);
    value_set_int(a, o, "page_number", 1);
    value_set_int(a, o, "size", total);
    value_set_bool(a, o, "first_page", true);
    value_set_bool(a, o, "last_page", true);
    value_set_bool(a, o, "empty", total == 0);
    return o;
}

static bool write_text(Writer *w, const char *path, const Buf *text, long *files)
{
    if (!write_file(w, path, text->data ? text->data : "", text->len))
        return false;
    (*files)++;
    return true;
}

/* The API root: what it is and where its endpoints are; `{id}` stands
 * for an identifier in the two that take one. */
static Value *api_root(Arena *a, const Site *site, const char *folder)
{
    static const char *const endpoints[][2] = {
        {"/services", "services.json"},
        {"/services/{id}", "services/{id}.json"},
        {"/organizations", "organizations.json"},
        {"/organizations/{id}", "organizations/{id}.json"},
    };
    Value *o = value_object(a), *list = value_array(a);
    value_set_string(a, o, "version", hsds_version);
    value_set_string(a, o, "profile", hsds_profile);
    value_set_string(a, o, "openapi_url", hsds_openapi);
    for (size_t i = 0; i < sizeof endpoints / sizeof *endpoints; i++) {
        Value *e = value_object(a);
        value_set_string(a, e, "path", endpoints[i][0]);
        value_set_string(a, e, "url", data_address(a, site, arena_cat(a, folder, endpoints[i][1], NULL)));
        value_push(a, list, e);
    }
    value_set(a, o, "endpoints", list);
    return o;
}

static bool write_root(Writer *w, Buf *scratch, const Site *site, const char *folder, long *files)
{
    Arena *a = arena_new();
    buf_clear(scratch);
    value_write_json(api_root(a, site, folder), scratch);
    bool ok = write_text(w, arena_cat(a, folder, "index.json", NULL), scratch, files);
    arena_free(a);
    return ok;
}

/* ---- Pages, streamed --------------------------------------------------
 *
 * A Page's `contents` are kept as text, each item as it stands nested in
 * the Page, so the national Pages are the regions' texts one after the
 * other: no region's values are made twice. */

typedef struct {
    Buf items;
    long count;
} PageText;

static void page_add(PageText *page, const Value *item)
{
    buf_puts(&page->items, page->count++ ? ",\n    " : "\n    ");
    value_write_json_nested(item, &page->items, 2);
}

/* The Page as value_write_json writes it whole: its head without the
 * closing brace, then `contents` with the items of `parts`. */
static bool write_page(Writer *w, Buf *scratch, const char *path, const PageText *parts, size_t n, long *files)
{
    long count = 0;
    for (size_t i = 0; i < n; i++)
        count += parts[i].count;
    Arena *a = arena_new();
    buf_clear(scratch);
    value_write_json(page_head(a, count), scratch);
    arena_free(a);
    scratch->len -= 3; /* "\n}\n" */
    buf_puts(scratch, ",\n  \"contents\": [");
    long written = 0;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i].count)
            continue;
        if (written) /* each part begins as the first item of a Page */
            buf_putc(scratch, ',');
        buf_append(scratch, parts[i].items.data, parts[i].items.len);
        written += parts[i].count;
    }
    buf_puts(scratch, count ? "\n  ]\n}\n" : "]\n}\n");
    return write_text(w, path, scratch, files);
}

/* The national API being gathered: each region's Page texts, in the
 * region's own slot, so threads never share one. */
struct HsdsNational {
    const Site *site;
    PageText *services, *organizations; /* one per region */
};

HsdsNational *hsds_national_new(const Site *site)
{
    HsdsNational *n = xcalloc(1, sizeof *n);
    size_t count = site->region_count ? site->region_count : 1;
    n->site = site;
    n->services = xcalloc(count, sizeof *n->services);
    n->organizations = xcalloc(count, sizeof *n->organizations);
    return n;
}

void hsds_national_free(HsdsNational *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->site->region_count; i++) {
        buf_free(&n->services[i].items);
        buf_free(&n->organizations[i].items);
    }
    free(n->services);
    free(n->organizations);
    free(n);
}

/* Writes each item of `list` as <folder><kind>/<id>.json, and the same
 * bytes as hsds/<kind>/<id>.json for the national API when `national`;
 * adds it to `page`. */
static bool write_items(Arena *a, Writer *w, Buf *scratch, const char *folder, const char *kind, const Value *list,
                        bool national, PageText *page, long *files)
{
    for (size_t i = 0; i < value_length(list); i++) {
        const Value *item = value_at(list, i);
        const char *id = value_as_string(value_get(item, "id"));
        buf_clear(scratch);
        value_write_json(item, scratch);
        if (!write_text(w, arena_printf(a, "%s%s/%s.json", folder, kind, id), scratch, files))
            return false;
        if (national && !write_text(w, arena_printf(a, "hsds/%s/%s.json", kind, id), scratch, files))
            return false;
        page_add(page, item);
    }
    return true;
}

bool hsds_write_region(Arena *arena, const Site *site, const Region *r, Writer *writer, Buf *scratch,
                       HsdsNational *national, long *files)
{
    HsdsCtx c = {.arena = arena, .site = site, .region = r};
    const char *folder = arena_printf(arena, "%s/hsds/", r->id);
    Value *services = value_array(arena);
    for (size_t i = 0; i < r->provision_count; i++)
        value_push(arena, services, service(&c, r->provisions[i]));
    Value *orgs = organizations(&c);
    PageText pages[2] = {{BUF_INIT, 0}, {BUF_INIT, 0}};
    bool all = national != NULL;
    bool ok = write_root(writer, scratch, site, folder, files) &&
              write_items(arena, writer, scratch, folder, "services", services, all, &pages[0], files) &&
              write_page(writer, scratch, arena_cat(arena, folder, "services.json", NULL), &pages[0], 1, files) &&
              write_items(arena, writer, scratch, folder, "organizations", orgs, all, &pages[1], files) &&
              write_page(writer, scratch, arena_cat(arena, folder, "organizations.json", NULL), &pages[1], 1, files);
    if (national) { /* the region's own slot: r is one of site->regions */
        national->services[r - site->regions] = pages[0];
        national->organizations[r - site->regions] = pages[1];
    } else {
        buf_free(&pages[0].items);
        buf_free(&pages[1].items);
    }
    return ok;
}

bool hsds_write_national(HsdsNational *n, Writer *writer, long *files)
{
    Buf scratch = BUF_INIT;
    size_t count = n->site->region_count;
    bool ok = write_root(writer, &scratch, n->site, "hsds/", files) &&
              write_page(writer, &scratch, "hsds/services.json", n->services, count, files) &&
              write_page(writer, &scratch, "hsds/organizations.json", n->organizations, count, files);
    buf_free(&scratch);
    return ok;
}
