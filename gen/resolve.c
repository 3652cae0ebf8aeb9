#include "resolve.h"

#include <stdlib.h>
#include <string.h>

#include "id.h"
#include "util.h"

/* Collects the keys of a map's values into an array for closest_spelling. */
typedef struct {
    const char **ids;
    size_t count, cap;
} IdList;

static void ids_add(Arena *arena, IdList *list, const char *id)
{
    list->ids = arena_grow(arena, list->ids, sizeof(char *), &list->cap, list->count + 1);
    list->ids[list->count++] = id;
}

static const char *suggest(const IdList *a, const IdList *b, const char *word)
{
    const char *s = a ? closest_spelling(word, a->ids, a->count) : NULL;
    return s ? s : b ? closest_spelling(word, b->ids, b->count) : NULL;
}

static Mark field_mark(const Provision *p, ProvisionField f)
{
    return (p->given & (1u << f)) ? p->marks[f] : p->mark;
}

/* Computes the covered range; reports `to` before `from`. */
static void resolve_range(Provision *p, Diags *diags, const Provision *entry)
{
    bool has_to = p->to != NULL;
    TimelineRange to = has_to ? p->to_range : p->from_range;
    if (!timeline_range_span(p->from_range, to, &p->range)) {
        Mark m = (entry->given & (1u << PF_TO)) ? entry->marks[PF_TO] : field_mark(entry, PF_FROM);
        diag_at(diags, DIAG_ERROR, m, "order", NULL, "'to: %s' is before 'from: %s' in provision '%s'; swap them",
                p->to, p->from, p->id);
        p->range = p->from_range;
    }
    if (!has_to) {
        p->to = p->from;
        p->to_range = p->from_range;
    }
}

static void index_catalog(Site *site, Arena *arena, Diags *diags, IdList *provider_ids, IdList *provision_ids)
{
    site->catalog_provider_by_id = strmap_new(arena);
    site->catalog_provision_by_id = strmap_new(arena);
    for (size_t i = 0; i < site->catalog_provider_count; i++) {
        Provider *p = &site->catalog_providers[i];
        if (!strmap_put(site->catalog_provider_by_id, p->id, p))
            diag_at(diags, DIAG_ERROR, p->mark, "duplicate-id", NULL, "duplicate provider id '%s' in the catalog",
                    p->id);
        else
            ids_add(arena, provider_ids, p->id);
    }
    for (size_t i = 0; i < site->catalog_provision_count; i++) {
        Provision *p = &site->catalog_provisions[i];
        if (!strmap_put(site->catalog_provision_by_id, p->id, p)) {
            diag_at(diags, DIAG_ERROR, p->mark, "duplicate-id", NULL, "duplicate provision id '%s' in the catalog",
                    p->id);
            continue;
        }
        ids_add(arena, provision_ids, p->id);
        if (p->given & (1u << PF_FROM))
            resolve_range(p, diags, p);
        if (p->provider_id && !strmap_get(site->catalog_provider_by_id, p->provider_id))
            diag_at(diags, DIAG_ERROR, p->marks[PF_PROVIDER], "unknown-id",
                    closest_spelling(p->provider_id, provider_ids->ids, provider_ids->count),
                    "unknown provider '%s' (a catalog provision can only name catalog providers)", p->provider_id);
    }
    for (size_t i = 0; i < site->required.count && !site->catalog_broken; i++)
        if (!strmap_get(site->catalog_provision_by_id, site->required.items[i]))
            diag_at(diags, DIAG_ERROR, site->required.marks[i], "unknown-id",
                    closest_spelling(site->required.items[i], provision_ids->ids, provision_ids->count),
                    "required provision '%s' is not in catalog.yaml", site->required.items[i]);
}

/* The region's provision for an entry: the entry itself, or a copy of the
 * catalog provision with the entry's keys laid over it. NULL when the
 * catalog has no such provision (reported). */
static Provision *apply_use(const Site *site, Arena *arena, Diags *diags, Provision *entry, const IdList *catalog_ids)
{
    if (!entry->use)
        return entry; /* incomplete entries are reported; their references still get checked */
    const Provision *base = strmap_get(site->catalog_provision_by_id, entry->use);
    if (!base) {
        if (site->catalog_broken)
            return NULL;
        diag_at(diags, DIAG_ERROR, entry->marks[PF_USE], "unknown-id", suggest(catalog_ids, NULL, entry->use),
                "unknown catalog provision '%s' in 'use'", entry->use);
        return NULL;
    }
    if (!(base->given & (1u << PF_FROM)) && !(entry->given & (1u << PF_FROM)))
        return NULL; /* the catalog entry is broken, already reported */
    Provision *p = arena_alloc(arena, sizeof *p);
    *p = *base;
    p->id = entry->id;
    p->use = entry->use;
    p->mark = entry->mark;
    p->given = entry->given;
    memcpy(p->marks, entry->marks, sizeof p->marks);
    for (int f = 0; f < PF_COUNT; f++) {
        if (!(entry->given & (1u << f)))
            continue;
        switch ((ProvisionField)f) {
        case PF_TITLE: p->title = entry->title; break;
        case PF_LANE: p->lane = entry->lane; break;
        case PF_FROM:
            p->from = entry->from;
            p->from_range = entry->from_range;
            if (!(entry->given & (1u << PF_TO))) {
                /* A new start keeps the catalog's end, unless that is now
                 * before it; then the entry means just that position. */
                if (base->to_range.last < entry->from_range.first)
                    p->to = NULL;
            }
            break;
        case PF_TO: p->to = entry->to; p->to_range = entry->to_range; break;
        case PF_COSTS: p->costs = entry->costs; break;
        case PF_PROVIDER: p->provider_id = entry->provider_id; break;
        case PF_ID: case PF_USE: case PF_COUNT: break;
        default: {
            /* A key of the table: the entry's member replaces the catalog's. */
            const ProvisionFieldSpec *spec = &provision_fields[f];
            size_t size = spec->kind == FIELD_TEXT_LIST ? sizeof(TextList) : sizeof(const char *);
            memcpy((char *)p + spec->offset, (const char *)entry + spec->offset, size);
            break;
        }
        }
    }
    return p;
}

static int compare_provisions(const void *a, const void *b)
{
    const Provision *p = *(Provision *const *)a, *q = *(Provision *const *)b;
    if (p->range.first != q->range.first)
        return p->range.first - q->range.first;
    if (p->lane != q->lane)
        return (int)p->lane - (int)q->lane;
    if (p->range.last != q->range.last)
        return p->range.last - q->range.last;
    return strcmp(p->id, q->id);
}

bool resolve_provision_in_stage(const Provision *p, Stage stage)
{
    return p->range.first <= timeline_stage_last_column(stage) && p->range.last >= timeline_stage_first_column(stage);
}

/* Ids a route step may name: the region's provisions, and for handovers
 * its providers and the catalog's. */
typedef struct {
    const IdList *provisions, *providers, *catalog_providers;
    const StrMap *broken; /* entries that failed to resolve: not reported again */
} StepIds;

static const Provider *find_provider(const Site *site, const Region *r, const char *id)
{
    const Provider *p = strmap_get(r->provider_by_id, id);
    return p ? p : strmap_get(site->catalog_provider_by_id, id);
}

static void resolve_handover(const Site *site, Region *r, Diags *diags, const StepIds *ids,
                             const Route *route, Handover *h)
{
    h->to = find_provider(site, r, h->to_id);
    if (!h->to && !site->catalog_broken)
        diag_at(diags, DIAG_ERROR, h->to_mark, "unknown-id", suggest(ids->providers, ids->catalog_providers, h->to_id),
                "handover in route '%s' names unknown provider '%s' under 'to'", route->id, h->to_id);
    /* An owner written as an id must be a provider; anything else is a name
     * in words ("Wijkteam Noord"). */
    if (!id_is_valid(h->owner))
        return;
    h->owner_provider = find_provider(site, r, h->owner);
    if (!h->owner_provider && !site->catalog_broken)
        diag_at(diags, DIAG_ERROR, h->owner_mark, "unknown-id",
                suggest(ids->providers, ids->catalog_providers, h->owner),
                "handover owner '%s' in route '%s' is no provider id; write a provider id or a name "
                "in words, like 'Wijkteam Noord'",
                h->owner, route->id);
}

static void resolve_steps(const Site *site, Region *r, Diags *diags, const StepIds *ids,
                          const Route *route, RouteStep *steps, size_t count)
{
    for (size_t s = 0; s < count; s++) {
        RouteStep *step = &steps[s];
        if (step->handover)
            resolve_handover(site, r, diags, ids, route, (Handover *)step->handover);
        if (!step->provision_id)
            continue;
        step->provision = strmap_get(r->provision_by_id, step->provision_id);
        if (!step->provision && !strmap_get(ids->broken, step->provision_id))
            diag_at(diags, DIAG_ERROR, step->mark, "unknown-id", suggest(ids->provisions, NULL, step->provision_id),
                    "route '%s' names unknown provision '%s' (not in this region)", route->id, step->provision_id);
    }
}

static void resolve_routes(const Site *site, Region *r, Arena *arena, Diags *diags, const StepIds *ids)
{
    StrMap *route_ids = strmap_new(arena);
    for (size_t i = 0; i < r->route_count; i++) {
        Route *route = &r->routes[i];
        if (!strmap_put(route_ids, route->id, route))
            diag_at(diags, DIAG_ERROR, route->mark, "duplicate-id", NULL, "duplicate route id '%s'", route->id);
        resolve_steps(site, r, diags, ids, route, route->steps, route->step_count);
        resolve_steps(site, r, diags, ids, route, route->current_steps, route->current_step_count);
    }
}

const Provision *resolve_region_offers(const Region *r, const char *id)
{
    for (size_t i = 0; i < r->provision_count; i++)
        if (strcmp(r->provisions[i]->id, id) == 0 || (r->provisions[i]->use && strcmp(r->provisions[i]->use, id) == 0))
            return r->provisions[i];
    return NULL;
}

static void compute_gaps(const Site *site, Region *r, Arena *arena)
{
    r->gaps = arena_alloc(arena, STAGE_COUNT * LANE_COUNT * sizeof(Gap));
    for (int s = 0; s < STAGE_COUNT; s++) {
        for (int l = 0; l < LANE_COUNT; l++) {
            bool found = false;
            for (size_t i = 0; i < r->provision_count && !found; i++)
                found = (int)r->provisions[i]->lane == l && resolve_provision_in_stage(r->provisions[i], (Stage)s);
            if (!found)
                r->gaps[r->gap_count++] = (Gap){(Stage)s, (Lane)l};
        }
    }
    r->missing = arena_alloc(arena, (site->required.count + 1) * sizeof(char *));
    for (size_t k = 0; k < site->required.count; k++) {
        const char *id = site->required.items[k];
        if (!resolve_region_offers(r, id))
            r->missing[r->missing_count++] = id;
    }
}

static void resolve_region(const Site *site, Region *r, Arena *arena, Diags *diags, const IdList *catalog_providers,
                           const IdList *catalog_provisions)
{
    r->provider_by_id = strmap_new(arena);
    r->provision_by_id = strmap_new(arena);
    IdList provider_ids = {0}, provision_ids = {0};
    StrMap *broken = strmap_new(arena);
    for (size_t i = 0; i < r->provider_count; i++) {
        Provider *p = &r->providers[i];
        if (strmap_get(site->catalog_provider_by_id, p->id))
            diag_at(diags, DIAG_ERROR, p->mark, "duplicate-id", NULL,
                    "provider id '%s' is already used in catalog.yaml; choose another id", p->id);
        else if (!strmap_put(r->provider_by_id, p->id, p))
            diag_at(diags, DIAG_ERROR, p->mark, "duplicate-id", NULL, "duplicate provider id '%s' in this region",
                    p->id);
        else
            ids_add(arena, &provider_ids, p->id);
    }
    r->provisions = arena_alloc(arena, (r->entry_count ? r->entry_count : 1) * sizeof(Provision *));
    for (size_t i = 0; i < r->entry_count; i++) {
        Provision *entry = &r->entries[i];
        Provision *p = apply_use(site, arena, diags, entry, catalog_provisions);
        if (!p) {
            if (entry->id)
                strmap_put(broken, entry->id, entry);
            continue;
        }
        if (strcmp(p->id, "index") == 0) {
            /* index.html is the region's map; a provision page there would
             * replace it. */
            diag_at(diags, DIAG_ERROR, entry->mark, "reserved-id", NULL,
                    "provision id 'index' is reserved for the region's map page; choose another id");
            continue;
        }
        if (!strmap_put(r->provision_by_id, p->id, p)) {
            diag_at(diags, DIAG_ERROR, entry->mark, "duplicate-id", NULL, "duplicate provision id '%s' in this region",
                    p->id);
            continue;
        }
        ids_add(arena, &provision_ids, p->id);
        if (p->from)
            resolve_range(p, diags, entry);
        if (p->provider_id) {
            p->provider = strmap_get(r->provider_by_id, p->provider_id);
            if (!p->provider)
                p->provider = strmap_get(site->catalog_provider_by_id, p->provider_id);
            if (!p->provider && !site->catalog_broken)
                diag_at(diags, DIAG_ERROR, field_mark(entry, PF_PROVIDER), "unknown-id",
                        suggest(&provider_ids, catalog_providers, p->provider_id),
                        "unknown provider '%s' in provision '%s'", p->provider_id, p->id);
        }
        r->provisions[r->provision_count++] = p;
    }
    qsort(r->provisions, r->provision_count, sizeof(Provision *), compare_provisions);
    StepIds step_ids = {&provision_ids, &provider_ids, catalog_providers, broken};
    resolve_routes(site, r, arena, diags, &step_ids);
    compute_gaps(site, r, arena);
}

/* Days since 0000-03-01 of an ISO date, for comparing dates a year apart. */
static long day_number(const char *iso)
{
    long y = atol(iso), m = atol(iso + 5), d = atol(iso + 8);
    if (m < 3) {
        y--;
        m += 12;
    }
    return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1;
}

/* Likely mistakes that are not errors: the site still builds. */
static void warn_region(const Site *site, const Region *r, Diags *diags)
{
    for (size_t i = 0; i < r->provider_count; i++) {
        const Provider *p = &r->providers[i];
        bool used = false;
        for (size_t k = 0; k < r->provision_count && !used; k++)
            used = r->provisions[k]->provider == p;
        if (!used)
            diag_at(diags, DIAG_WARNING, p->mark, "unused-provider", NULL,
                    "provider '%s' is not named by any provision of this region", p->id);
    }
    for (size_t i = 0; i < r->provision_count; i++) {
        const Provision *p = r->provisions[i];
        if (p->costs == 0)
            diag_at(diags, DIAG_WARNING, p->mark, "no-costs", NULL,
                    "provision '%s' has no cost tags; parents cannot see what it costs", p->id);
    }
    for (size_t i = 0; i < r->route_count; i++) {
        const Route *route = &r->routes[i];
        for (size_t s = 1; s < route->step_count; s++) {
            const Provision *prev = route->steps[s - 1].provision, *cur = route->steps[s].provision;
            if (prev && cur && cur->range.last < prev->range.first)
                diag_at(diags, DIAG_WARNING, route->steps[s].mark, "route-backwards", NULL,
                        "step '%s' of route '%s' ends before the step before it ('%s') begins", cur->id, route->id,
                        prev->id);
        }
    }
    if (site->today && r->updated && day_number(site->today) - day_number(r->updated) > 365)
        diag_at(diags, DIAG_WARNING, r->updated_mark, "stale", NULL,
                "'updated: %s' is more than a year ago; check the entries and update the date", r->updated);
    if (r->entry_count) {
        for (int s = 0; s < STAGE_COUNT; s++) {
            bool any = false;
            for (size_t i = 0; i < r->provision_count && !any; i++)
                any = resolve_provision_in_stage(r->provisions[i], (Stage)s);
            if (!any)
                diag_at(diags, DIAG_WARNING, r->mark, "empty-stage", NULL, "region '%s' has no provision in stage '%s'",
                        r->id, timeline_stage_ids[s]);
        }
    }
}

static int compare_guidance(const void *a, const void *b)
{
    const Guidance *g = a, *h = b;
    if (g->weight != h->weight)
        return g->weight < h->weight ? -1 : 1;
    int c = strcmp(g->title, h->title);
    return c ? c : strcmp(g->slug, h->slug);
}

void resolve_site(Site *site, Arena *arena, Diags *diags)
{
    /* Resolving 100,000 provisions took a sixth of the time to refuse them. */
    if (site->over_limit)
        return;
    IdList catalog_providers = {0}, catalog_provisions = {0};
    index_catalog(site, arena, diags, &catalog_providers, &catalog_provisions);
    for (size_t i = 0; i < site->catalog_provision_count; i++) {
        Provision *p = &site->catalog_provisions[i];
        if (p->provider_id)
            p->provider = strmap_get(site->catalog_provider_by_id, p->provider_id);
    }
    if (site->guidance_count)
        qsort(site->guidance, site->guidance_count, sizeof(Guidance), compare_guidance);
    for (size_t i = 0; i < site->region_count; i++) {
        Region *r = &site->regions[i];
        resolve_region(site, r, arena, diags, &catalog_providers, &catalog_provisions);
        warn_region(site, r, diags);
        if (r->guidance_count)
            qsort(r->guidance, r->guidance_count, sizeof(Guidance), compare_guidance);
    }
}

const char *resolve_checked_date(const Region *region, const Provision *provision)
{
    return provision->checked ? provision->checked : region->updated;
}
