#include "data.h"

#include <string.h>

#include "resolve.h"
#include "timeline.h"

typedef struct {
    Arena *arena;
    const Site *site;
} DataCtx;

const char *data_url(Arena *arena, const Site *site, const char *path)
{
    return arena_cat(arena, site->base_url, path, NULL);
}

const char *data_public_url(Arena *arena, const Site *site, const char *path)
{
    const char *base = site->public_url ? site->public_url : site->base_url[0] == '/' ? NULL : site->base_url;
    return base ? arena_cat(arena, base, path, NULL) : NULL;
}

const char *data_address(Arena *arena, const Site *site, const char *path)
{
    const char *public = data_public_url(arena, site, path);
    return public ? public : data_url(arena, site, path);
}

Value *data_text_list(Arena *arena, const TextList *list)
{
    Value *a = value_array(arena);
    for (size_t i = 0; i < list->count; i++)
        value_push(arena, a, value_string(arena, list->items[i]));
    return a;
}

const char *data_period_words(Arena *arena, const Site *site, int column, bool with_unit)
{
    const char *period = timeline_column_period(column);
    if (!period)
        return NULL;
    if (!with_unit)
        return period + 1;
    const char *unit = period[0] == 'w' ? site->labels.unit_week : site->labels.unit_month;
    return arena_printf(arena, "%s %s", unit, period + 1);
}

static const char *url(const DataCtx *c, const char *path)
{
    return data_url(c->arena, c->site, path);
}

static const char *period_words(const DataCtx *c, int column, bool with_unit)
{
    return data_period_words(c->arena, c->site, column, with_unit);
}

static Value *provider_data(const DataCtx *c, const Provider *p)
{
    if (!p)
        return value_null(c->arena);
    Value *o = value_object(c->arena);
    value_set_string(c->arena, o, "id", p->id);
    value_set_string(c->arena, o, "name", p->name);
    value_set_string(c->arena, o, "url", p->url);
    value_set_string(c->arena, o, "phone", p->phone);
    value_set_string(c->arena, o, "email", p->email);
    value_set_string(c->arena, o, "address", p->address);
    return o;
}

static Value *provision_data(const DataCtx *c, const Region *r, const Provision *p)
{
    Arena *a = c->arena;
    Value *o = value_object(a);
    value_set_string(a, o, "id", p->id);
    value_set_string(a, o, "title", p->title);
    value_set_string(a, o, "lane", timeline_lane_ids[p->lane]);
    value_set_string(a, o, "from", p->from);
    value_set_string(a, o, "to", p->to);
    Value *periods = value_array(a);
    for (int col = p->range.first; col <= p->range.last; col++)
        value_push(a, periods, value_string(a, timeline_column_position(col)));
    value_set(a, o, "periods", periods);
    Value *costs = value_array(a);
    for (int k = 0; k < COST_COUNT; k++)
        if (p->costs & (1u << k))
            value_push(a, costs, value_string(a, timeline_cost_ids[k]));
    value_set(a, o, "costs", costs);
    value_set(a, o, "provider", provider_data(c, p->provider));
    for (int i = 0; i < PF_COUNT; i++) {
        const ProvisionFieldSpec *spec = &provision_fields[i];
        const char *member = (const char *)p + spec->offset;
        if (spec->kind == FIELD_TEXT_LIST)
            value_set(a, o, spec->name, data_text_list(c->arena, (const TextList *)member));
        else if (i == PF_CHECKED) /* when it was checked, or else the region */
            value_set_string(a, o, spec->name, resolve_checked_date(r, p));
        else if (spec->kind != FIELD_OWN)
            value_set_string(a, o, spec->name, *(const char *const *)member);
    }
    value_set_string(a, o, "catalog", p->use);
    value_set_string(a, o, "url", url(c, arena_cat(a, r->id, "/", p->id, ".html", NULL)));
    return o;
}

static Value *step_data(const DataCtx *c, const RouteStep *s)
{
    Arena *a = c->arena;
    Value *step = value_object(a);
    value_set_string(a, step, "provision", s->provision_id);
    value_set_string(a, step, "touchpoint", s->touchpoint);
    value_set(a, step, "emotion", s->has_emotion ? value_int(a, s->emotion) : value_null(a));
    value_set_string(a, step, "pain", s->pain);
    value_set_string(a, step, "improvement", s->improvement);
    value_set_string(a, step, "moment_of_truth", s->moment_of_truth);
    Value *handover = value_null(a);
    if (s->handover) {
        const Handover *h = s->handover;
        handover = value_object(a);
        value_set_string(a, handover, "to", h->to_id);
        value_set_string(a, handover, "owner", h->owner);
        value_set_string(a, handover, "owner_provider", h->owner_provider ? h->owner_provider->id : NULL);
    }
    value_set(a, step, "handover", handover);
    return step;
}

static Value *steps_data(const DataCtx *c, const RouteStep *steps, size_t count)
{
    Value *list = value_array(c->arena);
    for (size_t i = 0; i < count; i++)
        value_push(c->arena, list, step_data(c, &steps[i]));
    return list;
}

static Value *route_data(const DataCtx *c, const Route *route)
{
    Arena *a = c->arena;
    Value *o = value_object(a);
    value_set_string(a, o, "id", route->id);
    value_set_string(a, o, "title", route->title);
    value_set_string(a, o, "audience", timeline_audience_ids[route->audience]);
    value_set_string(a, o, "description", route->description);
    Value *persona = value_null(a);
    if (route->persona) {
        persona = value_object(a);
        value_set_string(a, persona, "name", route->persona->name);
        value_set_string(a, persona, "situation", route->persona->situation);
        value_set_string(a, persona, "needs", route->persona->needs);
    }
    value_set(a, o, "persona", persona);
    value_set(a, o, "steps", steps_data(c, route->steps, route->step_count));
    value_set(a, o, "current_steps", route->current_steps
                                         ? steps_data(c, route->current_steps, route->current_step_count)
                                         : value_null(a));
    return o;
}

static Value *region_questions(const DataCtx *c, const Region *r)
{
    Value *o = value_object(c->arena);
    for (int s = 0; s < STAGE_COUNT; s++) {
        Value *list = data_text_list(c->arena, &c->site->questions[s]);
        for (size_t i = 0; i < r->questions[s].count; i++)
            value_push(c->arena, list, value_string(c->arena, r->questions[s].items[i]));
        value_set(c->arena, o, timeline_stage_ids[s], list);
    }
    return o;
}

static Value *gaps_data(const DataCtx *c, const Region *r)
{
    Arena *a = c->arena;
    Value *o = value_object(a), *empty = value_array(a), *missing = value_array(a);
    for (size_t i = 0; i < r->gap_count; i++) {
        Value *g = value_object(a);
        value_set_string(a, g, "stage", timeline_stage_ids[r->gaps[i].stage]);
        value_set_string(a, g, "lane", timeline_lane_ids[r->gaps[i].lane]);
        value_push(a, empty, g);
    }
    for (size_t i = 0; i < r->missing_count; i++)
        value_push(a, missing, value_string(a, r->missing[i]));
    value_set(a, o, "empty", empty);
    value_set(a, o, "missing", missing);
    return o;
}

static Value *region_data(const DataCtx *c, const Region *r)
{
    Arena *a = c->arena;
    Value *o = value_object(a);
    value_set_string(a, o, "id", r->id);
    value_set_string(a, o, "name", r->name);
    value_set_string(a, o, "coalition", r->coalition);
    value_set(a, o, "municipalities", data_text_list(c->arena, &r->municipalities));
    value_set_string(a, o, "updated", r->updated);
    Value *contact = value_object(a);
    value_set_string(a, contact, "name", r->contact.name);
    value_set_string(a, contact, "email", r->contact.email);
    value_set_string(a, contact, "phone", r->contact.phone);
    value_set(a, o, "contact", contact);
    value_set_string(a, o, "url", url(c, arena_printf(a, "%s/", r->id)));
    return o;
}

/* The national model, for data.json and every page: stages with periods
 * and questions, lanes, cost tags with their explanations. */
static Value *model_data(const DataCtx *c)
{
    Arena *a = c->arena;
    const Labels *l = &c->site->labels;
    Value *o = value_object(a), *stages = value_array(a), *lanes = value_array(a), *costs = value_array(a);
    for (int s = 0; s < STAGE_COUNT; s++) {
        Value *stage = value_object(a), *periods = value_array(a);
        int first = timeline_stage_first_column((Stage)s), last = timeline_stage_last_column((Stage)s);
        value_set_string(a, stage, "id", timeline_stage_ids[s]);
        value_set_string(a, stage, "label", l->stages[s]);
        for (int col = first; col <= last && timeline_column_period(col); col++) {
            Value *p = value_object(a);
            value_set_string(a, p, "id", timeline_column_period(col));
            value_set_string(a, p, "position", timeline_column_position(col));
            value_set_string(a, p, "label", period_words(c, col, true));
            value_set_string(a, p, "short", period_words(c, col, false));
            value_push(a, periods, p);
        }
        value_set(a, stage, "periods", periods);
        value_push(a, stages, stage);
    }
    for (int k = 0; k < LANE_COUNT; k++) {
        Value *lane = value_object(a);
        value_set_string(a, lane, "id", timeline_lane_ids[k]);
        value_set_string(a, lane, "label", l->lanes[k]);
        value_push(a, lanes, lane);
    }
    for (int k = 0; k < COST_COUNT; k++) {
        Value *cost = value_object(a);
        value_set_string(a, cost, "id", timeline_cost_ids[k]);
        value_set_string(a, cost, "label", l->costs[k]);
        value_set_string(a, cost, "explanation", l->cost_explanations[k]);
        value_push(a, costs, cost);
    }
    value_set(a, o, "stages", stages);
    value_set(a, o, "lanes", lanes);
    value_set(a, o, "costs", costs);
    return o;
}

Value *data_model(Arena *arena, const Site *site)
{
    DataCtx c = {arena, site};
    return model_data(&c);
}

RegionData data_region(Arena *arena, const Site *site, const Region *r, const Value *model)
{
    DataCtx c = {arena, site};
    RegionData d = {value_object(arena), region_data(&c, r), value_array(arena), value_array(arena),
                    region_questions(&c, r), gaps_data(&c, r)};
    for (size_t i = 0; i < r->provision_count; i++)
        value_push(arena, d.provisions, provision_data(&c, r, r->provisions[i]));
    for (size_t i = 0; i < r->route_count; i++)
        value_push(arena, d.routes, route_data(&c, &r->routes[i]));
    value_set_string(arena, d.document, "generator", "routekaart");
    value_set_string(arena, d.document, "format", "1");
    value_set(arena, d.document, "region", d.region);
    value_set(arena, d.document, "model", (Value *)model);
    value_set(arena, d.document, "provisions", d.provisions);
    value_set(arena, d.document, "routes", d.routes);
    value_set(arena, d.document, "questions", d.questions);
    value_set(arena, d.document, "gaps", d.gaps);
    return d;
}
