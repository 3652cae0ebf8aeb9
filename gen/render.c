#include "render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <libxml/tree.h>

#include "buf.h"
#include "data.h"
#include "feed.h"
#include "hsds.h"
#include "resolve.h"
#include "seo.h"
#include "siteindex.h"
#include "util.h"
#include "value.h"

/* Lanes as the map draws them, top to bottom: the national tool puts the
 * lightest support at the bottom, closest to the timeline. */
static const Lane map_lane_order[LANE_COUNT] = {LANE_DIGITAAL, LANE_EXTRA_STEUN, LANE_STEUNTJE, LANE_BASISZORG};

typedef struct {
    const Site *site;
    const Templates *templates;
    Arena *arena; /* lives for the build: the shared values */
    Writer *writer;
    Diags *diags;
    long pages, files;
    bool failed;
    Value *model, *site_value;
    HsdsNational *national; /* the national HSDS API gathered; NULL: none */
    /* One page at a time is built here: the buffer keeps its size from page
     * to page instead of growing anew for each. Each thread has its own. */
    Buf *page;
} Ctx;

/* ---- words ------------------------------------------------------------ */

static const char *url(const Ctx *c, const char *path)
{
    return data_url(c->arena, c->site, path);
}

/* The page's address as the public reaches it, for what leaves the screen
 * (the flyer's QR code, sitemap.xml); NULL when the site does not say
 * where it is published. A --base-url that is a full address counts too. */
static const char *public_url(const Ctx *c, const char *path)
{
    return data_public_url(c->arena, c->site, path);
}

/* The address of a path for what search engines and feed readers read:
 * the public one when the site says where it is, else the page's link. */
static const char *public_or_page_url(const Ctx *c, const char *path)
{
    return data_address(c->arena, c->site, path);
}

/* An address cut after each '/' of its path, so the page can wrap it
 * there instead of inside a word ("ut-recht-west"). */
static Value *address_parts(const Ctx *c, const char *address)
{
    Value *parts = value_array(c->arena);
    if (!address)
        return parts;
    const char *host = strstr(address, "://");
    const char *start = address, *p = host ? host + 3 : address;
    while ((p = strchr(p, '/')) != NULL) {
        p++;
        value_push(c->arena, parts, value_string(c->arena, arena_strndup(c->arena, start, (size_t)(p - start))));
        start = p;
    }
    if (*start)
        value_push(c->arena, parts, value_string(c->arena, start));
    return parts;
}

static const char *period_words(const Ctx *c, int column, bool with_unit)
{
    return data_period_words(c->arena, c->site, column, with_unit);
}

/* The range in words: "Zwangerschap maand 4 – 9", "Preconceptie –
 * Schoolkind", "Zwangerschap maand 2 – Babyfase week 1". A whole stage is
 * named by its label alone. */
static const char *range_words(const Ctx *c, TimelineRange r)
{
    const Labels *l = &c->site->labels;
    Stage a = timeline_column_stage(r.first), b = timeline_column_stage(r.last);
    bool whole_a = r.first == timeline_stage_first_column(a) && r.last >= timeline_stage_last_column(a);
    bool whole_b = r.last == timeline_stage_last_column(b) && r.first <= timeline_stage_first_column(b);
    const char *start = whole_a || !timeline_column_period(r.first)
                            ? l->stages[a]
                            : arena_printf(c->arena, "%s %s", l->stages[a], period_words(c, r.first, true));
    if (a == b && (whole_a || r.first == r.last))
        return start;
    if (a == b) {
        bool same_unit = timeline_column_period(r.first)[0] == timeline_column_period(r.last)[0];
        return arena_printf(c->arena, "%s – %s", start, period_words(c, r.last, !same_unit));
    }
    const char *end = whole_b || !timeline_column_period(r.last)
                          ? l->stages[b]
                          : arena_printf(c->arena, "%s %s", l->stages[b], period_words(c, r.last, true));
    return arena_printf(c->arena, "%s – %s", start, end);
}

/* "2026-10-01" → "1 oktober 2026". */
static const char *date_words(const Ctx *c, const char *iso)
{
    if (!iso)
        return NULL;
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    return arena_printf(c->arena, "%d %s %d", d, c->site->labels.months[m - 1], y);
}

/* "tel:+31348000000"-style link for a written phone number. */
static const char *phone_href(const Ctx *c, const char *phone)
{
    if (!phone)
        return NULL;
    Buf b = BUF_INIT;
    buf_puts(&b, "tel:");
    for (const char *p = phone; *p; p++)
        if ((*p >= '0' && *p <= '9') || *p == '+')
            buf_putc(&b, *p);
    const char *s = arena_strdup(c->arena, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* A phone number as link text that never breaks across lines: spaces
 * become no-break spaces, hyphens no-break hyphens. */
static const char *phone_text(const Ctx *c, const char *phone)
{
    if (!phone)
        return NULL;
    Buf b = BUF_INIT;
    buf_append_no_break(&b, phone);
    const char *s = arena_strdup(c->arena, buf_cstr(&b));
    buf_free(&b);
    return s;
}

static const char *mail_href(const Ctx *c, const char *email)
{
    return email ? arena_printf(c->arena, "mailto:%s", email) : NULL;
}

/* `item`, after `sep` unless `b` is still empty: lists of words and the
 * parts of a search text. */
static void append_separated(Buf *b, const char *sep, const char *item)
{
    if (b->len)
        buf_puts(b, sep);
    buf_puts(b, item);
}

static const char *join(const Ctx *c, const TextList *list, const char *sep)
{
    Buf b = BUF_INIT;
    for (size_t i = 0; i < list->count; i++) {
        if (i)
            buf_puts(&b, sep);
        buf_puts(&b, list->items[i]);
    }
    const char *s = arena_strdup(c->arena, buf_cstr(&b));
    buf_free(&b);
    return s;
}

/* The units of a stage's periods, in runs: babyfase has 4 weeks, then 11
 * months. Each run's `unit` ("week", "month") and `span_class` ("sp-4"),
 * so the map's header can label the numbers under it. */
static Value *stage_units(const Ctx *c, Stage s)
{
    Arena *a = c->arena;
    Value *units = value_array(a);
    int first = timeline_stage_first_column(s), last = timeline_stage_last_column(s);
    for (int col = first; col <= last && timeline_column_period(col);) {
        char kind = timeline_column_period(col)[0];
        int end = col;
        while (end + 1 <= last && timeline_column_period(end + 1) && timeline_column_period(end + 1)[0] == kind)
            end++;
        Value *u = value_object(a);
        value_set_string(a, u, "unit", kind == 'w' ? "week" : "month");
        value_set_string(a, u, "span_class", arena_printf(a, "sp-%d", end - col + 1));
        value_push(a, units, u);
        col = end + 1;
    }
    return units;
}

/* ---- views: data plus what only pages need ------------------------------ */

static size_t code_points(const char *s)
{
    size_t len = s ? strlen(s) : 0, n = 0, i = 0;
    while (i < len) {
        /* Eight ASCII bytes are eight characters: most of a text goes by
         * in words. */
        uint64_t word;
        if (i + sizeof word <= len) {
            memcpy(&word, s + i, sizeof word);
            if (!(word & 0x8080808080808080u)) {
                n += sizeof word;
                i += sizeof word;
                continue;
            }
        }
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
        i++;
    }
    return n;
}

/* How large the printed flyer sets its text, from how much text there is:
 * CSS cannot fit type to a page, and the flyer must fill one sheet and no
 * more. The limits hold the pages of tests/sites/public-url, each at the
 * top of its class and with a provider card as full as they come, on one
 * A4 page (the browser tests print them) together with the strip of the
 * stages below the text: up to 900 characters at 13 pt, 1550 at 11, 2150
 * at 9.5, about 3600 at 8; more takes a second page. */
static const char *flyer_class(const Provision *p, const Labels *l)
{
    size_t n = code_points(p->summary) + code_points(p->description) + code_points(p->audience) +
               code_points(p->referral) + code_points(p->cost_note) + code_points(p->more);
    for (int k = 0; k < COST_COUNT; k++)
        if (p->costs & (1u << k))
            n += code_points(l->costs[k]) + code_points(l->cost_explanations[k]);
    /* The provider's card stands in the narrow column beside the text,
     * where a character takes half as much room again. */
    const Provider *v = p->provider;
    if (v)
        n += (code_points(v->name) + code_points(v->phone) + code_points(v->email) + code_points(v->address) +
              code_points(v->url)) * 3 / 2;
    return n <= 900 ? "flyer-roomy" : n <= 1550 ? NULL : n <= 2150 ? "flyer-compact" : "flyer-dense";
}

/* The seven stages of the 1000 days in a row, those the provision covers
 * marked: the flyer shows a parent where it falls in the whole. In a
 * marked stage `covered_from`/`covered_columns` say which of its
 * `columns` (periods) the provision takes, for a bar drawn to scale (an
 * SVG fill, which prints without background graphics). */
static Value *stage_strip(const Ctx *c, const Provision *p)
{
    Arena *a = c->arena;
    Value *strip = value_array(a);
    for (int st = 0; st < STAGE_COUNT; st++) {
        int first = timeline_stage_first_column((Stage)st), last = timeline_stage_last_column((Stage)st);
        int from = p->range.first > first ? p->range.first : first;
        int to = p->range.last < last ? p->range.last : last;
        bool marked = from <= to;
        Value *s = value_object(a);
        value_set_string(a, s, "id", timeline_stage_ids[st]);
        value_set_string(a, s, "label", c->site->labels.stages[st]);
        value_set_bool(a, s, "marked", marked);
        value_set_string(a, s, "class", marked ? "stage-marked" : NULL);
        value_set_string(a, s, "viewbox", arena_printf(a, "0 0 %d 10", last - first + 1));
        value_set_int(a, s, "covered_from", marked ? from - first : 0);
        value_set_int(a, s, "covered_columns", marked ? to - from + 1 : 0);
        value_push(a, strip, s);
    }
    return strip;
}

static void provision_view(const Ctx *c, const Region *r, Value *o, const Provision *p)
{
    Arena *a = c->arena;
    const Labels *l = &c->site->labels;
    value_set_string(a, o, "lane_label", l->lanes[p->lane]);
    value_set_string(a, o, "period_text", range_words(c, p->range));
    value_set_string(a, o, "grid_class", arena_printf(a, "gs-%d ge-%d", p->range.first + 1, p->range.last + 2));
    value_set_string(a, o, "flyer_class", flyer_class(p, l));
    Value *tags = value_array(a);
    for (int k = 0; k < COST_COUNT; k++) {
        if (!(p->costs & (1u << k)))
            continue;
        Value *t = value_object(a);
        value_set_string(a, t, "id", timeline_cost_ids[k]);
        value_set_string(a, t, "label", l->costs[k]);
        value_set_string(a, t, "explanation", l->cost_explanations[k]);
        value_push(a, tags, t);
    }
    value_set(a, o, "cost_tags", tags);
    value_set_string(a, o, "keywords_text", join(c, &p->keywords, ", "));
    /* Hooks for the filters in the browser: which cost tags and stages, and
     * the text the search looks in (title, summary, keywords, audience,
     * provider). */
    Buf b = BUF_INIT;
    for (int k = 0; k < COST_COUNT; k++)
        if (p->costs & (1u << k))
            append_separated(&b, " ", timeline_cost_ids[k]);
    value_set_string(a, o, "costs_text", arena_strdup(a, buf_cstr(&b)));
    buf_clear(&b);
    for (int st = 0; st < STAGE_COUNT; st++)
        if (resolve_provision_in_stage(p, (Stage)st))
            append_separated(&b, " ", timeline_stage_ids[st]);
    value_set_string(a, o, "stages_text", arena_strdup(a, buf_cstr(&b)));
    buf_clear(&b);
    const char *parts[] = {p->title, p->summary, join(c, &p->keywords, " "), p->audience,
                           p->provider ? p->provider->name : NULL};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (parts[i] && *parts[i])
            append_separated(&b, " | ", parts[i]);
    /* A referrer thinks in target groups ("tienermoeder", "geldzorgen"), and
     * the routes' titles name them: a step of a route is found by it. */
    for (size_t i = 0; i < r->route_count; i++)
        for (size_t k = 0; k < r->routes[i].step_count; k++)
            if (r->routes[i].steps[k].provision == p) {
                append_separated(&b, " | ", r->routes[i].title);
                break;
            }
    value_set_string(a, o, "search_text", arena_strdup(a, buf_cstr(&b)));
    buf_free(&b);
    value_set_string(a, o, "checked_text", date_words(c, value_as_string(value_get(o, "checked"))));
    Value *provider = value_get(o, "provider");
    if (p->provider) {
        value_set_string(a, provider, "phone_href", phone_href(c, p->provider->phone));
        value_set_string(a, provider, "phone_text", phone_text(c, p->provider->phone));
        value_set_string(a, provider, "email_href", mail_href(c, p->provider->email));
    }
}

static Value *site_view(const Ctx *c)
{
    Arena *a = c->arena;
    const Site *s = c->site;
    Value *o = value_object(a), *regions = value_array(a), *guidance = value_array(a);
    value_set_string(a, o, "title", s->title);
    value_set_string(a, o, "base_url", s->base_url);
    value_set_string(a, o, "language", s->language);
    value_set_string(a, o, "home_url", s->base_url);
    value_set_string(a, o, "css_url", url(c, s->css_path ? s->css_path : "assets/routekaart.css"));
    value_set_string(a, o, "js_url", url(c, s->js_path ? s->js_path : "assets/routekaart.js"));
    value_set_string(a, o, "compare_url", url(c, "vergelijking.html"));
    value_set_string(a, o, "icon_url", url(c, "assets/favicon.svg"));
    for (size_t i = 0; i < s->region_count; i++) {
        const Region *r = &s->regions[i];
        Value *rv = value_object(a);
        value_set_string(a, rv, "id", r->id);
        value_set_string(a, rv, "name", r->name);
        value_set_string(a, rv, "coalition", r->coalition);
        value_set_string(a, rv, "municipalities_text", join(c, &r->municipalities, ", "));
        /* What the home page's search looks in: a family knows its
         * municipality, rarely the name of its region. */
        value_set_string(a, rv, "search_text",
                         r->municipalities.count
                             ? arena_printf(a, "%s | %s", r->name, join(c, &r->municipalities, " | "))
                             : r->name);
        value_set_int(a, rv, "provision_count", (long)r->provision_count);
        value_set_string(a, rv, "url", url(c, arena_printf(a, "%s/", r->id)));
        value_push(a, regions, rv);
    }
    for (size_t i = 0; i < s->guidance_count; i++) {
        Value *g = value_object(a);
        value_set_string(a, g, "title", s->guidance[i].title);
        value_set_string(a, g, "url", url(c, arena_printf(a, "guidance/%s.html", s->guidance[i].slug)));
        value_push(a, guidance, g);
    }
    value_set(a, o, "regions", regions);
    value_set_int(a, o, "region_count", (long)s->region_count);
    value_set(a, o, "guidance", guidance);
    return o;
}

static Value *page_context(const Ctx *c, const char *kind, const char *title, const char *page_url)
{
    Arena *a = c->arena;
    Value *ctx = value_object(a), *page = value_object(a);
    value_set_string(a, page, "kind", kind);
    value_set_string(a, page, "title", title);
    value_set_string(a, page, "url", page_url);
    /* The browser tab: page first, site after, as search results show it;
     * the site's name is left off where the whole would pass 70 characters,
     * the length search results show. */
    const char *full = strcmp(title, c->site->title) ? arena_cat(a, title, " · ", c->site->title, NULL) : title;
    size_t characters = 0;
    for (const char *p = full; *p; p++)
        characters += ((unsigned char)*p & 0xC0) != 0x80;
    value_set_string(a, page, "title_full", characters > 70 ? title : full);
    value_set(a, ctx, "page", page);
    value_set(a, ctx, "site", c->site_value);
    value_set(a, ctx, "model", c->model);
    return ctx;
}

/* ---- output ----------------------------------------------------------- */

/* page.canonical: the page's public address (a folder's index.html as the
 * folder, as pages link to it), or null where that is not known. */
static void set_canonical(Ctx *c, const Value *context, const char *path)
{
    Value *page = value_get(context, "page");
    size_t n = strlen(path);
    const char *folder = n >= 10 && strcmp(path + n - 10, "index.html") == 0 ? arena_strndup(c->arena, path, n - 10)
                                                                              : path;
    if (page)
        value_set_string(c->arena, page, "canonical", public_url(c, folder));
}

static void emit(Ctx *c, const char *layout, const Value *context, const char *path)
{
    set_canonical(c, context, path);
    Buf *html = c->page;
    buf_clear(html);
    if (!template_render(c->templates, layout, context, c->arena, c->diags, html)) {
        diag_add(c->diags, DIAG_ERROR, arena_printf(c->arena, "layouts/%s.html", layout), 0, 0, "layout", NULL,
                 "layout is missing");
        c->failed = true;
    } else if (!write_file(c->writer, path, html->data, html->len)) {
        c->failed = true;
    } else {
        c->pages++;
        c->files++;
    }
}

static void emit_text(Ctx *c, const char *path, const Buf *text)
{
    if (write_file(c->writer, path, text->data, text->len))
        c->files++;
    else
        c->failed = true;
}

static Value *guidance_view(const Ctx *c, const Guidance *g, const char *page_url)
{
    Value *o = value_object(c->arena);
    value_set_string(c->arena, o, "title", g->title);
    value_set_string(c->arena, o, "url", page_url);
    value_set_string(c->arena, o, "body", arena_strndup(c->arena, g->body, g->body_len));
    value_set(c->arena, o, "stage", g->stage >= 0 ? value_string(c->arena, timeline_stage_ids[g->stage])
                                                  : value_null(c->arena));
    return o;
}

static const char *guidance_path(const Ctx *c, const Guidance *g, const Region *r)
{
    return r ? arena_printf(c->arena, "%s/guidance/%s.html", r->id, g->slug)
             : arena_printf(c->arena, "guidance/%s.html", g->slug);
}

/* A neighbour in the steps for the previous/next links; null past either end. */
static Value *guidance_step(const Ctx *c, const Guidance *list, size_t count, size_t i, int delta, const Region *r)
{
    if ((delta < 0 && i == 0) || (delta > 0 && i + 1 >= count))
        return value_null(c->arena);
    const Guidance *g = &list[(long)i + delta];
    Value *o = value_object(c->arena);
    value_set_string(c->arena, o, "title", g->title);
    value_set_string(c->arena, o, "url", url(c, guidance_path(c, g, r)));
    value_set_int(c->arena, o, "number", (long)i + delta + 1);
    return o;
}

/* Guidance page i of list (already in weight order): its steps run 1, 2, 3
 * within the site's guidance or within one region's, never across them. */
static void render_guidance(Ctx *c, const Guidance *list, size_t count, size_t i, const Region *r,
                            Value *region_value)
{
    const Guidance *g = &list[i];
    const char *path = guidance_path(c, g, r);
    Value *ctx = page_context(c, "guidance", g->title, url(c, path));
    Value *view = guidance_view(c, g, url(c, path));
    value_set_int(c->arena, view, "number", (long)i + 1);
    value_set_int(c->arena, view, "count", (long)count);
    value_set(c->arena, view, "prev", guidance_step(c, list, count, i, -1, r));
    value_set(c->arena, view, "next", guidance_step(c, list, count, i, +1, r));
    value_set_bool(c->arena, view, "has_steps", count > 1);
    value_set(c->arena, ctx, "guidance", view);
    const char *words = seo_markdown_words(c->arena, g->body, g->body_len);
    value_set_string(c->arena, value_get(ctx, "page"), "description",
                     seo_description(c->arena, words ? words : g->title));
    value_set(c->arena, ctx, "region", region_value ? region_value : value_null(c->arena));
    emit(c, "guidance", ctx, path);
}

/* The view fields of each step: its number, its provision's view, the
 * handover's names. True when any step has client-journey data. */
static bool steps_view(const Ctx *c, const Region *r, Value *steps, const RouteStep *route_steps, size_t count,
                       Value *provision_values)
{
    Arena *a = c->arena;
    bool journey = false;
    for (size_t i = 0; i < count; i++) {
        const RouteStep *s = &route_steps[i];
        Value *step = value_at(steps, i);
        value_set_int(a, step, "number", (long)i + 1);
        for (size_t k = 0; k < r->provision_count; k++)
            if (r->provisions[k] == s->provision)
                value_set(a, step, "item", value_at(provision_values, k));
        journey = journey || s->touchpoint || s->has_emotion || s->pain || s->improvement || s->moment_of_truth ||
                  s->handover;
        /* "+2", "-1", and a plain "0": a sign on zero reads as a typo. */
        value_set_string(a, step, "emotion_text",
                         !s->has_emotion ? NULL : s->emotion ? arena_printf(a, "%+d", s->emotion) : "0");
        value_set_string(a, step, "mot_class", s->moment_of_truth ? "is-mot" : NULL);
        if (s->handover) {
            const Handover *h = s->handover;
            Value *hv = value_get(step, "handover");
            value_set_string(a, hv, "to_name", h->to ? h->to->name : h->to_id);
            value_set_string(a, hv, "owner_name", h->owner_provider ? h->owner_provider->name : h->owner);
        }
    }
    return journey;
}

static Value *route_view(const Ctx *c, const Region *r, Value *route_value, const Route *route,
                         Value *provision_values)
{
    Arena *a = c->arena;
    const Labels *l = &c->site->labels;
    value_set_string(a, route_value, "audience_label", l->audiences[route->audience]);
    Value *steps = value_get(route_value, "steps");
    bool journey = steps_view(c, r, steps, route->steps, route->step_count, provision_values);
    if (route->current_steps)
        steps_view(c, r, value_get(route_value, "current_steps"), route->current_steps, route->current_step_count,
                   provision_values);
    value_set_bool(a, route_value, "has_journey", journey);
    Buf ids = BUF_INIT, points = BUF_INIT;
    for (size_t i = 0; i < route->step_count; i++) {
        const RouteStep *st = &route->steps[i];
        buf_printf(&ids, "%s%s", i ? " " : "", st->provision_id ? st->provision_id : "");
        Value *step = value_at(steps, i);
        /* The emotion curve: a column of 100 units per step, +2 at the top
         * (y 10) and -2 at the bottom (y 110). */
        long x = 50 + 100 * (long)i, y = st->has_emotion ? 60 - 25L * st->emotion : 60;
        value_set_int(a, step, "x", x);
        value_set_int(a, step, "y", y);
        if (st->has_emotion)
            buf_printf(&points, "%s%ld,%ld", points.len ? " " : "", x, y);
    }
    value_set_string(a, route_value, "steps_text", arena_strdup(a, buf_cstr(&ids)));
    value_set_string(a, route_value, "curve_points", arena_strdup(a, buf_cstr(&points)));
    /* 40 units left of the first step hold the scale (+2 … -2). */
    value_set_string(a, route_value, "curve_viewbox", arena_printf(a, "-40 0 %ld 150", 100 * (long)route->step_count + 40));
    value_set_int(a, route_value, "curve_width", 100 * (long)route->step_count + 40);
    buf_free(&ids);
    buf_free(&points);
    value_set_string(a, route_value, "anchor", arena_printf(a, "route-%s", route->id));
    value_set_string(a, route_value, "journey_id", arena_printf(a, "klantreis-%s", route->id));
    value_set_string(a, route_value, "title_id", arena_printf(a, "routetitel-%s", route->id));
    /* Each journey's region is named by its caption and its route: the
     * captions alone are the same for every route. */
    value_set_string(a, route_value, "journey_labels",
                     arena_printf(a, "klantreis-%s routetitel-%s", route->id, route->id));
    return route_value;
}

/* The national comparison: which catalog provisions each region offers. */
static void render_compare(Ctx *c)
{
    Arena *a = c->arena;
    const Site *site = c->site;
    Value *rows = value_array(a);
    for (size_t i = 0; i < site->catalog_provision_count; i++) {
        const Provision *p = &site->catalog_provisions[i];
        Value *row = value_object(a), *cells = value_array(a);
        value_set_string(a, row, "id", p->id);
        value_set_string(a, row, "title", p->title);
        value_set_string(a, row, "lane_label", site->labels.lanes[p->lane]);
        bool required = false;
        for (size_t k = 0; k < site->required.count; k++)
            required = required || strcmp(site->required.items[k], p->id) == 0;
        value_set_bool(a, row, "required", required);
        long offered = 0;
        for (size_t k = 0; k < site->region_count; k++) {
            const Region *r = &site->regions[k];
            const Provision *found = resolve_region_offers(r, p->id);
            Value *cell = value_object(a);
            value_set_string(a, cell, "region", r->id);
            value_set_bool(a, cell, "offered", found != NULL);
            /* A region's own provision in the catalog's role (Mama-café De
             * Kroon for Mama-café) is named, so a reader sees what it is. */
            value_set_string(a, cell, "own_title",
                             found && strcmp(found->title, p->title) != 0 ? found->title : NULL);
            value_set_bool(a, cell, "missing", !found && required);
            value_set_bool(a, cell, "absent", !found && !required);
            value_set_string(a, cell, "url",
                             found ? url(c, arena_printf(a, "%s/%s.html", r->id, found->id)) : NULL);
            value_set_string(a, cell, "state", found ? "offered" : required ? "missing" : "absent");
            value_push(a, cells, cell);
            offered += found != NULL;
        }
        value_set(a, row, "regions", cells);
        value_set_int(a, row, "offered_count", offered);
        value_push(a, rows, row);
    }
    const char *path = "vergelijking.html";
    Value *ctx = page_context(c, "compare", "Regio's vergelijken", url(c, path));
    value_set(a, ctx, "catalog", rows);
    emit(c, "compare", ctx, path);
}

/* data.json, from the data values alone. */
static RegionData write_data_json(Ctx *c, const Region *r)
{
    RegionData d = data_region(c->arena, c->site, r, c->model);
    /* Into the thread's page buffer, grown to the largest page already:
     * a fresh one grew by copying, a few hundred KB each region. */
    buf_clear(c->page);
    value_write_json(d.document, c->page);
    emit_text(c, arena_printf(c->arena, "%s/data.json", r->id), c->page);
    return d;
}

/* Links to the region's guidance pages: all (stage -1) or one stage's. */
static Value *region_guidance_links(const Ctx *c, const Region *r, int stage)
{
    Value *list = value_array(c->arena);
    for (size_t g = 0; g < r->guidance_count; g++) {
        if (stage >= 0 && r->guidance[g].stage != stage)
            continue;
        Value *gv = value_object(c->arena);
        value_set_string(c->arena, gv, "title", r->guidance[g].title);
        value_set_string(c->arena, gv, "url",
                         url(c, arena_printf(c->arena, "%s/guidance/%s.html", r->id, r->guidance[g].slug)));
        value_push(c->arena, list, gv);
    }
    return list;
}

/* Width in px of each timeline column on the narrowest map: the period
 * area's min-width and --map-columns in assets/routekaart.css give the same
 * widths (as fr). Titles are placed by them; keep the two in step. The
 * browser tests check that no title runs into another bar. */
static const int map_column_px[TIMELINE_COLUMNS] = {
    100,                                    /* preconceptie */
    20,  20, 20, 20, 20, 20, 20, 20, 20,    /* zwangerschap m1-m9 */
    80,                                     /* bevalling */
    13,  13, 13, 13,                        /* babyfase w1-w4 */
    17,  17, 17, 17, 17, 17, 17, 17, 17, 17, 17, /* babyfase m2-m12 */
    30,  30, 30,                            /* peuterfase */
    66,                                     /* derde-jaar */
    88,                                     /* schoolkind */
};

/* Width in tenths of a px of a character of a bar's title (bold, .75rem),
 * measured on DejaVu Sans, the widest of the usual system fonts, and
 * rounded up; any other character counts as a wide lowercase letter. */
static int title_char_tenths(unsigned char c)
{
    if (strchr("ijlIJ .,:;'!/|", c))
        return 47;
    if (strchr("frt()-", c))
        return 62;
    if (strchr("mwMW&+", c))
        return 133;
    if (c >= 'A' && c <= 'Z')
        return 102;
    if (strchr("csxzvy", c))
        return 80;
    return 88;
}

/* The widths in px of a bar's title on one line and of its cost icons. */
static int bar_title_px(const Provision *p)
{
    int tenths = 0;
    for (const unsigned char *s = (const unsigned char *)p->title; s && *s; s++)
        if ((*s & 0xC0) != 0x80)
            tenths += title_char_tenths(*s);
    return tenths / 10;
}

static int bar_costs_px(const Provision *p)
{
    int costs = 0;
    for (int k = 0; k < COST_COUNT; k++)
        costs += (p->costs & (1u << k)) ? 21 : 0;
    return costs;
}

/* The width of a bar's label on screen (the cost icons under the title)
 * and on the poster (after it, on one line). */
static int bar_label_content_px(const Provision *p)
{
    int title = bar_title_px(p), costs = bar_costs_px(p) - 4;
    return title > costs ? title : costs;
}

static int bar_label_print_px(const Provision *p)
{
    int costs = bar_costs_px(p);
    return bar_title_px(p) + (costs ? costs + 2 : 0);
}

/* The room a bar's label takes on the narrowest map, in px: the label plus
 * the bar's border and padding (inside it) or the short line that joins it
 * to the bar (outside). The poster's columns are half as wide again
 * (1512 px against 1024), where the label is one line. */
static int bar_label_px(const Provision *p)
{
    int screen = bar_label_content_px(p), print = (bar_label_print_px(p) * 2 + 2) / 3;
    return (screen > print ? screen : print) + 16;
}

/* The stylesheet's "need-N pneed-M" classes of a bar whose title stands
 * outside it: from a bar N px wide inside its border and padding (M on
 * paper; a container query) the title goes inside, on a wider screen and
 * on the poster. N and M are the label's widths rounded up to 8 px; the
 * stylesheet has the classes up to 512. */
static const char *bar_need_classes(Arena *a, const Provision *p)
{
    return arena_printf(a, "need-%d pneed-%d", (bar_label_content_px(p) + 7) / 8 * 8,
                        (bar_label_print_px(p) + 7) / 8 * 8);
}

/* Where a bar's title stands: inside the bar when it fits there on one
 * line, else wholly outside it, after its end or (no room left in the map)
 * before its start. Never across the bar's border, where the border cut
 * through a word on paper and the title ran off its bar on screen. */
typedef enum { LABEL_INSIDE, LABEL_AFTER, LABEL_BEFORE } LabelPlace;

static const char *const label_place_classes[] = {"label-inside", "label-after", "label-before"};

typedef struct {
    size_t index;      /* in the lane's list */
    int first, end;    /* columns the bar and its label take: [first, end) */
    LabelPlace place;
} Footprint;

static int compare_footprints(const void *x, const void *y)
{
    const Footprint *a = x, *b = y;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Puts each footprint (sorted here by first column) in the first row where
 * its columns are free: `row[index]` for each. Greedy by start column takes
 * as few rows as the most footprints over one column. */
static void pack_rows(Arena *a, Footprint *fp, size_t n, int *row)
{
    qsort(fp, n, sizeof *fp, compare_footprints);
    int *row_end = arena_alloc(a, (n ? n : 1) * sizeof *row_end);
    int rows = 0;
    for (size_t k = 0; k < n; k++) {
        int r = 0;
        while (r < rows && row_end[r] > fp[k].first)
            r++;
        if (r == rows)
            rows++;
        row_end[r] = fp[k].end;
        row[fp[k].index] = r;
    }
}

static Footprint gap_footprint(size_t index, Stage stage)
{
    return (Footprint){index, timeline_stage_first_column(stage), timeline_stage_last_column(stage) + 1, LABEL_INSIDE};
}

/* The px of columns [first, end). */
static int columns_px(int first, int end)
{
    int px = 0;
    for (int k = first; k < end; k++)
        px += map_column_px[k];
    return px;
}

/* The columns a bar and its label take, and where the label stands: inside
 * when it fits, else after the bar (its own width again, as the label is
 * set off from the bar's end by a short line), else before it. */
static Footprint bar_footprint(size_t index, const Provision *p)
{
    TimelineRange r = p->range;
    int need = bar_label_px(p), first = r.first, end = r.last + 1;
    if (columns_px(first, end) >= need)
        return (Footprint){index, first, end, LABEL_INSIDE};
    while (end < TIMELINE_COLUMNS && columns_px(r.last + 1, end) < need)
        end++;
    if (columns_px(r.last + 1, end) >= need)
        return (Footprint){index, r.first, end, LABEL_AFTER};
    while (first > 0 && columns_px(first, r.first) < need)
        first--;
    return (Footprint){index, first, r.last + 1, LABEL_BEFORE};
}

/* Places the bars of one lane of the map in rows, so that a title never
 * breaks inside a word and never runs into another bar: each bar takes its
 * columns and those its label needs outside it (bar_footprint), and goes
 * into the first row where those columns are free. The
 * rows are fixed here, so filtering in the browser hides bars but never
 * moves one. Sets each value's map_class ("gs-3 ge-7 gr-2 gf-1 label-after
 * need-96 pneed-120":
 * gf- is the row when the map is fitted to one screen). */
static void map_place(const Ctx *c, const Provision **bars, Value **values, size_t n, Value **gap_values,
                      const Stage *gap_stages, size_t gaps)
{
    Arena *a = c->arena;
    size_t all = n + gaps;
    Footprint *fp = arena_alloc(a, (all ? all : 1) * sizeof *fp);
    for (size_t i = 0; i < n; i++)
        fp[i] = bar_footprint(i, bars[i]);
    /* A gap (a stage without any provision of this lane) is marked in its
     * cell: it takes the stage's columns, and a row where no label runs
     * into it. */
    for (size_t g = 0; g < gaps; g++)
        fp[n + g] = gap_footprint(n + g, gap_stages[g]);
    LabelPlace *place = arena_alloc(a, (n ? n : 1) * sizeof *place);
    for (size_t i = 0; i < n; i++)
        place[i] = fp[i].place;
    int *row = arena_alloc(a, (all ? all : 1) * sizeof *row);
    pack_rows(a, fp, all, row);
    /* The map fitted to one screen shortens titles to their bars: rows for
     * the bars alone. */
    Footprint *bare = arena_alloc(a, (all ? all : 1) * sizeof *bare);
    for (size_t i = 0; i < n; i++)
        bare[i] = (Footprint){i, bars[i]->range.first, bars[i]->range.last + 1, LABEL_INSIDE};
    for (size_t g = 0; g < gaps; g++)
        bare[n + g] = gap_footprint(n + g, gap_stages[g]);
    int *fit_row = arena_alloc(a, (all ? all : 1) * sizeof *fit_row);
    pack_rows(a, bare, all, fit_row);
    for (size_t g = 0; g < gaps; g++)
        value_set_string(a, gap_values[g], "map_class",
                         arena_printf(a, "gs-%d ge-%d gr-%d gf-%d", timeline_stage_first_column(gap_stages[g]) + 1,
                                      timeline_stage_last_column(gap_stages[g]) + 2, row[n + g] + 1,
                                      fit_row[n + g] + 1));
    for (size_t i = 0; i < n; i++) {
        TimelineRange r = bars[i]->range;
        value_set_string(a, values[i], "map_class",
                         arena_printf(a, "gs-%d ge-%d gr-%d gf-%d %s %s", r.first + 1, r.last + 2, row[i] + 1,
                                      fit_row[i] + 1, label_place_classes[place[i]], bar_need_classes(a, bars[i])));
    }
}

/* A provision in the list of one stage. It stands whole only in the stage
 * where it starts; in a later one it `continues`: its name alone, since
 * each copy of the whole card costs the page a dozen elements (issue 20:
 * 136 cards made the map page 3,815 elements, where the browser's style
 * and layout work grows with every one). The script makes such a card
 * whole again where a view shows it so (the tool). */
static Value *stage_item(Arena *a, const Provision *p, Value *pv, Stage stage)
{
    bool earlier = false;
    for (int st = 0; st < (int)stage && !earlier; st++)
        earlier = resolve_provision_in_stage(p, (Stage)st);
    Value *copy = value_copy(a, pv);
    value_set_bool(a, copy, "continues", earlier);
    value_set_string(a, copy, "card_class", earlier ? "continues" : "");
    return copy;
}

/* One lane with its provisions: in the whole map (stage -1) or in one
 * stage. `provisions` are the provision values, in the region's order. */
static Value *lane_view(const Ctx *c, const Region *r, const Value *provisions, Lane lane, int stage)
{
    Arena *a = c->arena;
    Value *lv = value_object(a), *items = value_array(a);
    value_set_string(a, lv, "id", timeline_lane_ids[lane]);
    value_set_string(a, lv, "label", c->site->labels.lanes[lane]);
    const Provision **bars = arena_alloc(a, (r->provision_count ? r->provision_count : 1) * sizeof *bars);
    Value **values = arena_alloc(a, (r->provision_count ? r->provision_count : 1) * sizeof *values);
    size_t n = 0;
    for (size_t i = 0; i < r->provision_count; i++)
        if (r->provisions[i]->lane == lane && (stage < 0 || resolve_provision_in_stage(r->provisions[i], (Stage)stage))) {
            bars[n] = r->provisions[i];
            values[n++] = value_at(provisions, i);
            value_push(a, items, stage < 0 ? value_at(provisions, i) : stage_item(a, r->provisions[i], value_at(provisions, i), (Stage)stage));
        }
    if (stage < 0) {
        Value *gaps = value_array(a), *gap_values[STAGE_COUNT];
        Stage gap_stages[STAGE_COUNT];
        size_t gap_count = 0;
        for (size_t g = 0; g < r->gap_count; g++)
            if (r->gaps[g].lane == lane) {
                Value *gv = value_object(a);
                value_set_string(a, gv, "stage", timeline_stage_ids[r->gaps[g].stage]);
                value_set_string(a, gv, "label", c->site->labels.stages[r->gaps[g].stage]);
                value_push(a, gaps, gv);
                gap_stages[gap_count] = r->gaps[g].stage;
                gap_values[gap_count++] = gv;
            }
        map_place(c, bars, values, n, gap_values, gap_stages, gap_count);
        value_set(a, lv, "gaps", gaps);
    }
    value_set(a, lv, "provisions", items);
    value_set_bool(a, lv, "empty", n == 0);
    value_set_int(a, lv, "count", (long)n);
    value_set_string(a, lv, "state", n ? "filled" : "gap");
    return lv;
}

/* A stage with what happens in it: for the lists per stage and the tool. */
static Value *stage_view(const Ctx *c, const Region *r, const RegionData *d, Stage s)
{
    Arena *a = c->arena;
    Value *sv = value_object(a), *lanes = value_array(a), *guidance = value_array(a);
    int first = timeline_stage_first_column(s), last = timeline_stage_last_column(s);
    value_set_string(a, sv, "id", timeline_stage_ids[s]);
    value_set_string(a, sv, "label", c->site->labels.stages[s]);
    value_set_int(a, sv, "number", (long)s + 1);
    value_set_string(a, sv, "anchor", arena_printf(a, "fase-%s", timeline_stage_ids[s]));
    value_set_string(a, sv, "anchor_href", arena_printf(a, "#fase-%s", timeline_stage_ids[s]));
    value_set(a, sv, "periods", value_get(value_at(value_get(c->model, "stages"), (size_t)s), "periods"));
    value_set(a, sv, "units", stage_units(c, s));
    value_set_string(a, sv, "grid_class", arena_printf(a, "gs-%d ge-%d", first + 1, last + 2));
    value_set(a, sv, "questions", value_get(d->questions, timeline_stage_ids[s]));
    /* In the lists per stage basic care comes first: the model's order,
     * not the map's bottom-up one. */
    long count = 0;
    for (int k = 0; k < LANE_COUNT; k++) {
        Value *lv = lane_view(c, r, d->provisions, (Lane)k, (int)s);
        count += value_as_int(value_get(lv, "count"));
        value_push(a, lanes, lv);
    }
    value_set(a, sv, "lanes", lanes);
    value_set_int(a, sv, "provision_count", count);
    for (size_t g = 0; g < c->site->guidance_count; g++)
        if (c->site->guidance[g].stage == (int)s)
            value_push(a, guidance, value_at(value_get(c->site_value, "guidance"), g));
    Value *own = region_guidance_links(c, r, (int)s);
    for (size_t g = 0; g < value_length(own); g++)
        value_push(a, guidance, value_at(own, g));
    value_set(a, sv, "guidance", guidance);
    return sv;
}

/* The gaps panel: stages × lanes (the stage views' lanes) and the
 * required provisions the region lacks, with their titles. */
static Value *gaps_view(const Ctx *c, const Region *r, const Value *stages)
{
    Arena *a = c->arena;
    Value *gaps = value_object(a), *rows = value_array(a), *missing = value_array(a);
    for (int s = 0; s < STAGE_COUNT; s++) {
        Value *row = value_object(a);
        value_set_string(a, row, "stage", timeline_stage_ids[s]);
        value_set_string(a, row, "label", c->site->labels.stages[s]);
        value_set(a, row, "lanes", value_get(value_at(stages, (size_t)s), "lanes"));
        value_push(a, rows, row);
    }
    for (size_t i = 0; i < r->missing_count; i++) {
        const Provision *p = strmap_get(c->site->catalog_provision_by_id, r->missing[i]);
        Value *m = value_object(a);
        value_set_string(a, m, "id", r->missing[i]);
        value_set_string(a, m, "title", p ? p->title : r->missing[i]);
        value_push(a, missing, m);
    }
    value_set(a, gaps, "stages", rows);
    value_set(a, gaps, "missing", missing);
    value_set_int(a, gaps, "empty_count", (long)r->gap_count);
    return gaps;
}

/* The keys only pages need, added to the view of the region's data. */
static void region_view(const Ctx *c, const Region *r, Value *region)
{
    Arena *a = c->arena;
    value_set_string(a, region, "municipalities_text", join(c, &r->municipalities, ", "));
    value_set_string(a, region, "updated_text", date_words(c, r->updated));
    value_set_string(a, region, "data_url", url(c, arena_printf(a, "%s/data.json", r->id)));
    value_set_string(a, region, "intro", r->intro ? arena_strndup(a, r->intro, r->intro_len) : NULL);
    value_set_int(a, region, "provision_count", (long)r->provision_count);
    value_set(a, region, "guidance", region_guidance_links(c, r, -1));
    Value *contact = value_get(region, "contact");
    value_set_string(a, contact, "phone_href", phone_href(c, r->contact.phone));
    value_set_string(a, contact, "phone_text", phone_text(c, r->contact.phone));
    value_set_string(a, contact, "email_href", mail_href(c, r->contact.email));
}

/* An object of the data with the member `key` copied too, so that a view
 * can add to both without changing the data. */
static Value *copy_with(Arena *a, const Value *data, const char *key)
{
    Value *copy = value_copy(a, data);
    const Value *member = value_get(copy, key);
    if (member && value_type(member) == VALUE_OBJECT)
        value_set(a, copy, key, value_copy(a, member));
    return copy;
}

/* A route's steps for a view: each step (and its handover) a copy. */
static void copy_steps(Arena *a, Value *route, const char *key)
{
    const Value *steps = value_get(route, key);
    if (!steps || value_type(steps) != VALUE_ARRAY)
        return;
    Value *copy = value_array(a);
    for (size_t i = 0; i < value_length(steps); i++)
        value_push(a, copy, copy_with(a, value_at(steps, i), "handover"));
    value_set(a, route, key, copy);
}

/* <region>/feed.xml: its links absolute where the site's address is known,
 * else under base_url, as in sitemap.xml. */
static void write_feed(Ctx *c, const Region *r, const char *const *summaries)
{
    buf_clear(c->page);
    feed_region(c->arena, c->site, r, public_or_page_url(c, ""), summaries, c->page);
    emit_text(c, arena_printf(c->arena, "%s/feed.xml", r->id), c->page);
}

/* What search engines and feed readers get of a region map: its
 * description, its Dataset (JSON-LD) and its feed's link. */
static void region_seo(Ctx *c, const Region *r, Value *ctx)
{
    Arena *a = c->arena;
    Value *page = value_get(ctx, "page");
    const char *description = seo_region_description(a, r);
    value_set_string(a, page, "description", description);
    value_set_string(a, value_get(ctx, "region"), "feed_url", url(c, arena_printf(a, "%s/feed.xml", r->id)));
    SeoRegionFiles files = {
        public_or_page_url(c, arena_printf(a, "%s/", r->id)),
        public_or_page_url(c, arena_printf(a, "%s/data.json", r->id)),
        public_or_page_url(c, arena_printf(a, "%s/hsds/index.json", r->id)),
        public_or_page_url(c, arena_printf(a, "%s/hsds/services.json", r->id)),
        public_or_page_url(c, arena_printf(a, "%s/feed.xml", r->id)),
    };
    const char *name = value_as_string(value_get(page, "title_full"));
    value_set(a, page, "json_ld", seo_dataset(a, c->site, r, name, description, &files));
}

/* Adds the "url" of each object of the array `list` to `urls`. */
static void push_urls(Arena *a, Value *urls, const Value *list)
{
    for (size_t i = 0; i < value_length(list); i++)
        value_push(a, urls, value_get(value_at(list, i), "url"));
}

/* <region>/offline.json: every address the region's map needs without a
 * network, for the service worker (offline.h; README, "Offline"): the map,
 * data.json, each provision page, the region's guidance and the national
 * guidance the map links to, the offline page and the assets the pages
 * link to. */
static void write_offline_list(Ctx *c, const Region *r, const RegionData *d)
{
    Arena *a = c->arena;
    Value *list = value_object(a), *urls = value_array(a);
    value_push(a, urls, value_string(a, url(c, arena_printf(a, "%s/", r->id))));
    value_push(a, urls, value_get(d->region, "data_url"));
    push_urls(a, urls, d->provisions);
    push_urls(a, urls, value_get(d->region, "guidance"));
    push_urls(a, urls, value_get(c->site_value, "guidance"));
    value_push(a, urls, value_string(a, url(c, "offline.html")));
    static const char *const assets[] = {"css_url", "js_url", "icon_url"};
    for (size_t i = 0; i < sizeof assets / sizeof *assets; i++)
        value_push(a, urls, value_get(c->site_value, assets[i]));
    value_set_string(a, list, "region", r->id);
    value_set(a, list, "urls", urls);
    buf_clear(c->page);
    value_write_json(list, c->page);
    emit_text(c, arena_printf(a, "%s/offline.json", r->id), c->page);
}

/* The views the region's pages are filled from: copies of data.json's
 * values (d->region, provisions, routes) with what only pages need. */
static void region_page_views(Ctx *c, const Region *r, const RegionData *data, RegionData *d)
{
    Arena *a = c->arena;
    *d = *data;
    d->region = copy_with(a, data->region, "contact");
    region_view(c, r, d->region);
    d->provisions = value_array(a);
    for (size_t i = 0; i < r->provision_count; i++) {
        Value *pv = copy_with(a, value_at(data->provisions, i), "provider");
        provision_view(c, r, pv, r->provisions[i]);
        value_push(a, d->provisions, pv);
    }
    d->routes = value_array(a);
    for (size_t i = 0; i < r->route_count; i++) {
        Value *rv = value_copy(a, value_at(data->routes, i));
        copy_steps(a, rv, "steps");
        copy_steps(a, rv, "current_steps");
        value_push(a, d->routes, route_view(c, r, rv, &r->routes[i], d->provisions));
    }
}

/* The map page, and the same map for a municipality's site to frame,
 * without the site's own header and footer (README, "Embedding the map"). */
static void render_map_pages(Ctx *c, const Region *r, const RegionData *d)
{
    Arena *a = c->arena;
    Value *lanes = value_array(a), *stages = value_array(a);
    for (int k = 0; k < LANE_COUNT; k++)
        value_push(a, lanes, lane_view(c, r, d->provisions, map_lane_order[k], -1));
    for (int s = 0; s < STAGE_COUNT; s++)
        value_push(a, stages, stage_view(c, r, d, (Stage)s));

    Value *ctx = page_context(c, "region", r->name, url(c, arena_printf(a, "%s/", r->id)));
    value_set(a, ctx, "region", d->region);
    value_set(a, ctx, "provisions", d->provisions);
    value_set(a, ctx, "lanes", lanes);
    value_set(a, ctx, "stages", stages);
    value_set(a, ctx, "routes", d->routes);
    value_set(a, ctx, "gaps", gaps_view(c, r, stages));
    region_seo(c, r, ctx);
    emit(c, "region", ctx, arena_printf(a, "%s/index.html", r->id));
    emit(c, "embed", ctx, arena_printf(a, "%s/embed.html", r->id));
}

/* A page per provision, and the feed that lists them: both with the
 * region's distinct descriptions. */
static void render_provision_pages(Ctx *c, const Region *r, const RegionData *d)
{
    Arena *a = c->arena;
    const char **descriptions = seo_distinct_descriptions(a, r);
    write_feed(c, r, descriptions);
    for (size_t i = 0; i < r->provision_count; i++) {
        Value *pv = value_at(d->provisions, i);
        Value *pctx = page_context(c, "provision", r->provisions[i]->title, value_as_string(value_get(pv, "url")));
        const char *page = arena_cat(a, r->id, "/", r->provisions[i]->id, ".html", NULL);
        const char *address = public_url(c, page);
        Value *page_value = value_get(pctx, "page");
        value_set_string(a, page_value, "public_url", address);
        value_set(a, page_value, "public_url_parts", address_parts(c, address));
        value_set_string(a, page_value, "description", descriptions[i]);
        value_set(a, page_value, "json_ld",
                  seo_service(a, r, r->provisions[i], address ? address : value_as_string(value_get(pv, "url")),
                              descriptions[i]));
        value_set(a, pctx, "region", d->region);
        value_set(a, pv, "stage_strip", stage_strip(c, r->provisions[i]));
        value_set(a, pctx, "provision", pv);
        emit(c, "provision", pctx, page);
    }
}

/* A region's files: its open data (data.json, the HSDS API), its map,
 * its provision pages and feed, its guidance, and the list of what a
 * visit keeps for use offline. */
static void render_region(Ctx *c, const Region *r)
{
    RegionData data = write_data_json(c, r);
    if (!hsds_write_region(c->arena, c->site, r, c->writer, c->page, c->national, &c->files))
        c->failed = true;
    /* The pages from views on copies of data.json's values, which add what
     * only pages need. */
    RegionData d;
    region_page_views(c, r, &data, &d);
    render_map_pages(c, r, &d);
    render_provision_pages(c, r, &d);
    for (size_t g = 0; g < r->guidance_count; g++)
        render_guidance(c, r->guidance, r->guidance_count, g, r, d.region);
    write_offline_list(c, r, &d);
}

/* sitemap.xml through libxml2's tree, so every URL is escaped by it. */
static void render_sitemap(Ctx *c)
{
    static const char *const ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"urlset", NULL);
    xmlNewNs(root, (const xmlChar *)ns, NULL);
    xmlDocSetRootElement(doc, root);
    const Site *s = c->site;
    /* The sitemap protocol wants absolute URLs; base_url as written where
     * the site's address is not known. */
    const char *base = public_or_page_url(c, "");
    Buf loc = BUF_INIT;
#define SITEMAP_ADD(...)                                                                                     \
    do {                                                                                                     \
        buf_clear(&loc);                                                                                     \
        buf_printf(&loc, __VA_ARGS__);                                                                       \
        xmlNodePtr u = xmlNewChild(root, NULL, (const xmlChar *)"url", NULL);                                \
        xmlNewTextChild(u, NULL, (const xmlChar *)"loc", (const xmlChar *)loc.data);                         \
    } while (0)
    SITEMAP_ADD("%s", base);
    for (size_t g = 0; g < s->guidance_count; g++)
        SITEMAP_ADD("%sguidance/%s.html", base, s->guidance[g].slug);
    for (size_t i = 0; i < s->region_count; i++) {
        const Region *r = &s->regions[i];
        SITEMAP_ADD("%s%s/", base, r->id);
        for (size_t k = 0; k < r->provision_count; k++)
            SITEMAP_ADD("%s%s/%s.html", base, r->id, r->provisions[k]->id);
        for (size_t g = 0; g < r->guidance_count; g++)
            SITEMAP_ADD("%s%s/guidance/%s.html", base, r->id, r->guidance[g].slug);
    }
#undef SITEMAP_ADD
    buf_free(&loc);
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    if (write_file(c->writer, "sitemap.xml", mem, (size_t)size))
        c->files++;
    else
        c->failed = true;
    xmlFree(mem);
    xmlFreeDoc(doc);
}

/* ---- regions side by side ---------------------------------------------
 *
 * Regions are independent: each is rendered with an arena and diagnostics
 * of its own, by as many threads as there are jobs, each writing its pages
 * through the (locked) writer. The site, its shared values and the
 * compiled layouts are only read. The regions' diagnostics and counts are
 * taken over in region order afterwards, so the output and the messages
 * are those of one thread (-j1), whatever the number of jobs. */

typedef struct {
    Diags *diags;
    long pages, files;
    bool failed;
} RegionOutput;

typedef struct {
    const Ctx *shared;
    const char *only_region;
    RegionOutput *outputs;
    size_t count;
    size_t next; /* the next region a thread takes */
    bool stop;   /* a region failed (a write error): render nothing more */
    pthread_mutex_t lock;
} RegionQueue;

static void render_region_output(const RegionQueue *q, size_t index)
{
    const Region *r = &q->shared->site->regions[index];
    RegionOutput *out = &q->outputs[index];
    if (q->only_region && strcmp(q->only_region, r->id) != 0)
        return;
    Ctx c = *q->shared;
    /* A region's values and page scratch die with the region, so memory
     * stays flat however many regions a tree holds. */
    c.arena = arena_new();
    c.diags = out->diags = diags_new();
    c.pages = c.files = 0;
    c.failed = false;
    Buf page = BUF_INIT;
    c.page = &page;
    render_region(&c, r);
    buf_free(&page);
    out->pages = c.pages;
    out->files = c.files;
    out->failed = c.failed;
    arena_free(c.arena);
}

static void *region_worker(void *argument)
{
    RegionQueue *q = argument;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t index = q->next++;
        bool stop = q->stop || index >= q->count;
        pthread_mutex_unlock(&q->lock);
        if (stop)
            return NULL;
        render_region_output(q, index);
        if (q->outputs[index].failed) {
            pthread_mutex_lock(&q->lock);
            q->stop = true;
            pthread_mutex_unlock(&q->lock);
        }
    }
}

static void render_regions(Ctx *c, const char *only_region, int jobs)
{
    size_t n = c->site->region_count;
    RegionQueue q = {.shared = c, .only_region = only_region, .outputs = xcalloc(n ? n : 1, sizeof(RegionOutput)),
                     .count = n};
    pthread_mutex_init(&q.lock, NULL);
    int threads = jobs > 1 && n > 1 ? (jobs < (int)n ? jobs : (int)n) : 0;
    pthread_t *workers = xcalloc(threads ? (size_t)threads : 1, sizeof *workers);
    int started = 0;
    while (started < threads && pthread_create(&workers[started], NULL, region_worker, &q) == 0)
        started++;
    /* One job, or no thread to be had: the regions are rendered here. */
    if (started == 0)
        region_worker(&q);
    for (int i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
    /* Up to the first region that failed, as one thread would have stopped
     * there; what other threads rendered after it is not reported. */
    for (size_t i = 0; i < n && !c->failed; i++) {
        RegionOutput *out = &q.outputs[i];
        if (out->diags)
            diags_merge(c->diags, out->diags);
        c->pages += out->pages;
        c->files += out->files;
        c->failed = out->failed;
    }
    for (size_t i = 0; i < n; i++)
        diags_free(q.outputs[i].diags);
    free(workers);
    free(q.outputs);
    pthread_mutex_destroy(&q.lock);
}

bool render_site(const Site *site, const Templates *templates, Arena *arena, Writer *writer, Diags *diags,
                 const char *only_region, int jobs, long *pages, long *files)
{
    Buf page = BUF_INIT;
    Ctx c = {.site = site, .templates = templates, .arena = arena, .writer = writer, .diags = diags, .page = &page};
    c.model = data_model(arena, site);
    c.site_value = site_view(&c);

    Value *home = page_context(&c, "home", site->title, site->base_url);
    emit(&c, "home", home, "index.html");
    /* What the service worker shows for a page it does not keep. */
    emit(&c, "offline", page_context(&c, "offline", "Geen verbinding", url(&c, "offline.html")), "offline.html");
    for (size_t g = 0; g < site->guidance_count && !c.failed; g++)
        render_guidance(&c, site->guidance, site->guidance_count, g, NULL, NULL);
    if (!c.failed)
        render_compare(&c);
    /* The national open data, over all regions: not for a preview of one. */
    c.national = only_region ? NULL : hsds_national_new(site);
    if (!c.failed)
        render_regions(&c, only_region, jobs);
    if (!c.failed)
        render_sitemap(&c);
    if (!c.failed && c.national)
        c.failed = !hsds_write_national(c.national, writer, &c.files) || !siteindex_write(arena, site, writer, &c.files);
    hsds_national_free(c.national);
    buf_free(&page);
    *pages += c.pages;
    *files += c.files;
    return !c.failed;
}
