#include "seo.h"

#include <string.h>

#include "buf.h"
#include "markdown.h"
#include "strmap.h"

/* ---- descriptions ------------------------------------------------------ */

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The byte where the first `n` characters of `s` end. */
static size_t bytes_of_characters(const char *s, size_t n)
{
    size_t i = 0;
    for (; s[i] && n; n--)
        for (i++; ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    return i;
}

/* Trailing spaces and the separators this module writes (",", ":", "·")
 * are dropped before the ellipsis: "Kraamzorg De Kreek ·…" reads badly. */
static size_t without_trailing_separators(const char *s, size_t len)
{
    for (;;) {
        if (len && (s[len - 1] == ' ' || s[len - 1] == ',' || s[len - 1] == ':' || s[len - 1] == ';'))
            len--;
        else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xB7)
            len -= 2;
        else
            return len;
    }
}

const char *seo_description(Arena *arena, const char *text)
{
    if (!text)
        return NULL;
    Buf b = BUF_INIT;
    size_t characters = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (is_blank(*p) && (b.len == 0 || b.data[b.len - 1] == ' '))
            continue;
        characters += (*p & 0xC0) != 0x80;
        buf_putc(&b, is_blank(*p) ? ' ' : (char)*p);
    }
    if (b.len && b.data[b.len - 1] == ' ') {
        b.data[--b.len] = '\0';
        characters--;
    }
    const char *result = NULL;
    if (characters <= SEO_DESCRIPTION_MAX) {
        result = b.len ? arena_strdup(arena, b.data) : NULL;
    } else {
        /* Room for the ellipsis, one character. */
        size_t limit = bytes_of_characters(b.data, SEO_DESCRIPTION_MAX - 1), cut = limit;
        if (b.data[limit] != ' ')
            while (cut && b.data[cut] != ' ')
                cut--;
        cut = without_trailing_separators(b.data, cut ? cut : limit);
        result = arena_printf(arena, "%.*s…", (int)cut, b.data);
    }
    buf_free(&b);
    return result;
}

const char *seo_markdown_words(Arena *arena, const char *markdown, size_t len)
{
    Buf b = BUF_INIT;
    /* Enough bytes for the characters of a description, however wide. */
    markdown_plain_text(&b, markdown, len, 4 * SEO_DESCRIPTION_MAX);
    const char *words = b.len ? arena_strdup(arena, b.data) : NULL;
    buf_free(&b);
    return words;
}

static void append_joined(Buf *b, const TextList *list, const char *separator)
{
    for (size_t i = 0; i < list->count; i++) {
        if (i)
            buf_puts(b, separator);
        buf_puts(b, list->items[i]);
    }
}

/* Where the region works: its municipalities, else its name. */
static void append_place(Buf *b, const Region *r)
{
    if (r->municipalities.count)
        append_joined(b, &r->municipalities, ", ");
    else
        buf_puts(b, r->name);
}

static const char *finish_description(Arena *arena, Buf *b)
{
    const char *description = seo_description(arena, buf_cstr(b));
    buf_free(b);
    return description;
}

const char *seo_provision_description(Arena *arena, const Region *r, const Provision *p, int detail)
{
    const char *what = p->summary;
    if (!what && p->description)
        what = seo_markdown_words(arena, p->description, strlen(p->description));
    if (!what)
        what = p->audience ? p->audience : p->title;
    Buf b = BUF_INIT;
    if (detail >= 2)
        buf_printf(&b, "%s · ", p->id);
    if (detail >= 1)
        buf_printf(&b, "%s · ", p->title);
    if (p->provider && p->provider->name)
        buf_printf(&b, "%s · ", p->provider->name);
    append_place(&b, r);
    buf_printf(&b, ": %s", what);
    return finish_description(arena, &b);
}

const char **seo_distinct_descriptions(Arena *arena, const Region *r)
{
    size_t n = r->provision_count;
    const char **descriptions = arena_alloc(arena, (n ? n : 1) * sizeof *descriptions);
    /* The descriptions so far, by their text: a region may hold 20,000. */
    StrMap *seen = strmap_new(arena);
    for (size_t i = 0; i < n; i++) {
        for (int detail = 0; detail <= 2; detail++) {
            descriptions[i] = seo_provision_description(arena, r, r->provisions[i], detail);
            if (!descriptions[i] || strmap_put(seen, descriptions[i], (void *)descriptions[i]))
                break;
        }
    }
    return descriptions;
}

const char *seo_region_description(Arena *arena, const Region *r)
{
    const char *intro = r->intro ? seo_markdown_words(arena, r->intro, r->intro_len) : NULL;
    if (intro)
        return seo_description(arena, intro);
    Buf b = BUF_INIT;
    buf_printf(&b, "%s · ", r->coalition ? r->coalition : r->name);
    append_place(&b, r);
    /* Titles until the text is surely longer than a description: a region
     * may hold 20,000, and all but the first few are cut off anyway. */
    for (size_t i = 0; i < r->provision_count && b.len <= 4 * SEO_DESCRIPTION_MAX; i++)
        buf_printf(&b, "%s%s", i ? ", " : ": ", r->provisions[i]->title);
    return finish_description(arena, &b);
}

/* ---- JSON-LD ------------------------------------------------------------ */

/* Sets `key` when there is text: JSON-LD leaves out what is not known. */
static void set_text(Arena *arena, Value *o, const char *key, const char *text)
{
    if (text && *text)
        value_set_string(arena, o, key, text);
}

static Value *typed(Arena *arena, const char *type)
{
    Value *o = value_object(arena);
    value_set_string(arena, o, "@type", type);
    return o;
}

/* The outermost object of a data block. */
static Value *document(Arena *arena, const char *type)
{
    Value *o = value_object(arena);
    value_set_string(arena, o, "@context", "https://schema.org");
    value_set_string(arena, o, "@type", type);
    return o;
}

/* A municipality (gemeente) is an administrative area, often of several
 * towns; the region's name stands in when it lists none. */
static Value *areas(Arena *arena, const Region *r)
{
    Value *list = value_array(arena);
    for (size_t i = 0; i < r->municipalities.count || (i == 0 && !r->municipalities.count); i++) {
        Value *area = typed(arena, "AdministrativeArea");
        value_set_string(arena, area, "name", r->municipalities.count ? r->municipalities.items[i] : r->name);
        value_push(arena, list, area);
    }
    return list;
}

static Value *organization(Arena *arena, const char *name, const char *phone, const char *url, const char *email)
{
    Value *o = typed(arena, "Organization");
    set_text(arena, o, "name", name);
    set_text(arena, o, "telephone", phone);
    set_text(arena, o, "url", url);
    set_text(arena, o, "email", email);
    return o;
}

/* How a parent reaches the service: its page of more information (else
 * the provider's site, else this page) and the provider's phone. */
static Value *channel(Arena *arena, const Provision *p, const char *address)
{
    const Provider *v = p->provider;
    Value *c = typed(arena, "ServiceChannel");
    value_set_string(arena, c, "serviceUrl", p->more ? p->more : v && v->url ? v->url : address);
    if (v && v->phone) {
        Value *phone = typed(arena, "ContactPoint");
        value_set_string(arena, phone, "telephone", v->phone);
        value_set(arena, c, "servicePhone", phone);
    }
    return c;
}

Value *seo_service(Arena *arena, const Region *r, const Provision *p, const char *address, const char *description)
{
    Value *o = document(arena, "GovernmentService");
    value_set_string(arena, o, "name", p->title);
    set_text(arena, o, "description", description);
    set_text(arena, o, "url", address);
    const Provider *v = p->provider;
    if (v) {
        Value *provider = organization(arena, v->name, v->phone, v->url, v->email);
        set_text(arena, provider, "address", v->address);
        value_set(arena, o, "provider", provider);
    }
    value_set(arena, o, "areaServed", areas(arena, r));
    if (p->audience) {
        Value *audience = typed(arena, "Audience");
        value_set_string(arena, audience, "audienceType", p->audience);
        value_set(arena, o, "audience", audience);
    }
    value_set(arena, o, "availableChannel", channel(arena, p, address));
    return o;
}

static Value *download(Arena *arena, const char *name, const char *format, const char *url)
{
    Value *d = typed(arena, "DataDownload");
    value_set_string(arena, d, "name", name);
    value_set_string(arena, d, "encodingFormat", format);
    value_set_string(arena, d, "contentUrl", url);
    return d;
}

Value *seo_dataset(Arena *arena, const Site *site, const Region *r, const char *name, const char *description,
                   const SeoRegionFiles *files)
{
    Value *o = document(arena, "Dataset");
    value_set_string(arena, o, "name", name);
    set_text(arena, o, "description", description);
    value_set_string(arena, o, "url", files->map);
    set_text(arena, o, "inLanguage", site->language);
    set_text(arena, o, "dateModified", r->updated);
    value_set(arena, o, "spatialCoverage", areas(arena, r));
    value_set(arena, o, "creator",
              organization(arena, r->coalition ? r->coalition : r->name, r->contact.phone, NULL, r->contact.email));
    value_set_bool(arena, o, "isAccessibleForFree", true);
    Value *distribution = value_array(arena);
    value_push(arena, distribution, download(arena, "data.json", "application/json", files->data_json));
    value_push(arena, distribution, download(arena, "HSDS 3.0 API: hsds/index.json", "application/json", files->hsds_index));
    value_push(arena, distribution,
               download(arena, "HSDS 3.0 API: hsds/services.json", "application/json", files->hsds_services));
    value_push(arena, distribution, download(arena, "feed.xml (Atom)", "application/atom+xml", files->feed));
    value_set(arena, o, "distribution", distribution);
    return o;
}
