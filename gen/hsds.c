#include "hsds.h"

#include <ctype.h>
#include <string.h>

#include "strmap.h"
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

const char *hsds_site_url(Arena *arena, const Site *site, const char *path)
{
    const char *base = site->public_url ? site->public_url : site->base_url[0] == '/' ? NULL : site->base_url;
    return arena_cat(arena, base ? base : site->base_url, path, NULL);
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
 * address_1. The province is not in the content: state_province, which
 * HSDS requires, is empty. */
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
    value_set_string(a, o, "state_province", "");
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
    /* When it was checked, or else when the region was updated. */
    const char *checked = p->checked ? p->checked : c->region->updated;
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
    value_set_string(a, o, "assured_date", checked);
    value_set_string(a, o, "last_modified", arena_cat(a, checked, "T00:00:00Z", NULL));
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

static bool write_value(Writer *w, Buf *scratch, const char *path, const Value *v, long *files)
{
    buf_clear(scratch);
    value_write_json(v, scratch);
    if (!write_file(w, path, scratch->data, scratch->len))
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
        value_set_string(a, e, "url", hsds_site_url(a, site, arena_cat(a, folder, endpoints[i][1], NULL)));
        value_push(a, list, e);
    }
    value_set(a, o, "endpoints", list);
    return o;
}

/* Writes each item of `list` to <folder><kind>/<id>.json. */
static bool write_items(Arena *a, Writer *w, Buf *scratch, const char *folder, const char *kind, const Value *list,
                        long *files)
{
    for (size_t i = 0; i < value_length(list); i++) {
        const Value *item = value_at(list, i);
        const char *id = value_as_string(value_get(item, "id"));
        if (!write_value(w, scratch, arena_printf(a, "%s%s/%s.json", folder, kind, id), item, files))
            return false;
    }
    return true;
}

static bool write_page(Arena *a, Writer *w, Buf *scratch, const char *path, Value *list, long *files)
{
    Value *page = page_head(a, (long)value_length(list));
    value_set(a, page, "contents", list);
    return write_value(w, scratch, path, page, files);
}

bool hsds_write_region(Arena *arena, const Site *site, const Region *r, Writer *writer, Buf *scratch, long *files)
{
    HsdsCtx c = {.arena = arena, .site = site, .region = r};
    const char *folder = arena_printf(arena, "%s/hsds/", r->id);
    Value *services = value_array(arena);
    for (size_t i = 0; i < r->provision_count; i++)
        value_push(arena, services, service(&c, r->provisions[i]));
    Value *orgs = organizations(&c);
    return write_value(writer, scratch, arena_cat(arena, folder, "index.json", NULL), api_root(arena, site, folder),
                       files) &&
           write_items(arena, writer, scratch, folder, "services", services, files) &&
           write_page(arena, writer, scratch, arena_cat(arena, folder, "services.json", NULL), services, files) &&
           write_items(arena, writer, scratch, folder, "organizations", orgs, files) &&
           write_page(arena, writer, scratch, arena_cat(arena, folder, "organizations.json", NULL), orgs, files);
}

/* ---- the national API ------------------------------------------------- */

/* A Page streamed region by region: the items' text, nested as they
 * stand in `contents`, and their count. */
typedef struct {
    Buf items;
    long count;
} PageStream;

static void stream_items(PageStream *s, const Value *list)
{
    for (size_t i = 0; i < value_length(list); i++) {
        buf_puts(&s->items, s->count++ ? ",\n    " : "\n    ");
        value_write_json_nested(value_at(list, i), &s->items, 2);
    }
}

/* The page as value_write_json writes it whole: its head without the
 * closing brace, then `contents` with the streamed items. */
static bool write_stream(Writer *w, Buf *scratch, const char *path, PageStream *s, long *files)
{
    Arena *a = arena_new();
    buf_clear(scratch);
    value_write_json(page_head(a, s->count), scratch);
    arena_free(a);
    scratch->len -= 3; /* "\n}\n" */
    buf_puts(scratch, ",\n  \"contents\": [");
    buf_append(scratch, s->items.data ? s->items.data : "", s->items.len);
    buf_puts(scratch, s->count ? "\n  ]\n}\n" : "]\n}\n");
    if (!write_file(w, path, scratch->data, scratch->len))
        return false;
    (*files)++;
    return true;
}

/* Region `r`'s services and organizations, written to hsds/ and added
 * to the streams. */
static bool national_region(const Site *site, const Region *r, Writer *w, Buf *scratch, PageStream streams[2],
                            long *files)
{
    Arena *a = arena_new();
    HsdsCtx c = {.arena = a, .site = site, .region = r};
    Value *services = value_array(a);
    for (size_t i = 0; i < r->provision_count; i++)
        value_push(a, services, service(&c, r->provisions[i]));
    Value *orgs = organizations(&c);
    bool ok = write_items(a, w, scratch, "hsds/", "services", services, files) &&
              write_items(a, w, scratch, "hsds/", "organizations", orgs, files);
    stream_items(&streams[0], services);
    stream_items(&streams[1], orgs);
    arena_free(a);
    return ok;
}

bool hsds_write_national(const Site *site, Writer *writer, long *files)
{
    Buf scratch = BUF_INIT;
    PageStream streams[2] = {{BUF_INIT, 0}, {BUF_INIT, 0}};
    Arena *a = arena_new();
    bool ok = write_value(writer, &scratch, "hsds/index.json", api_root(a, site, "hsds/"), files);
    arena_free(a);
    for (size_t i = 0; ok && i < site->region_count; i++)
        ok = national_region(site, &site->regions[i], writer, &scratch, streams, files);
    ok = ok && write_stream(writer, &scratch, "hsds/services.json", &streams[0], files) &&
         write_stream(writer, &scratch, "hsds/organizations.json", &streams[1], files);
    buf_free(&streams[0].items);
    buf_free(&streams[1].items);
    buf_free(&scratch);
    return ok;
}
