/* data — the open data of a region, as data.json publishes it.
 *
 * The values follow schema/data.schema.json: the region, the national
 * model, every provision, the routes, the questions per stage and the gaps.
 * Pages are filled from views made on copies of these values (render.c),
 * so nothing a page alone needs ever reaches data.json, whatever the order
 * of calls. */
#ifndef ROUTEKAART_DATA_H
#define ROUTEKAART_DATA_H

#include <stdbool.h>

#include "arena.h"
#include "model.h"
#include "value.h"

typedef struct {
    Value *document; /* the whole of data.json */
    Value *region, *provisions, *routes, *questions, *gaps; /* its parts */
} RegionData;

/* The national model: stages with their periods, lanes, cost tags with
 * their explanations; the same object in every region's data.json. */
Value *data_model(Arena *arena, const Site *site);

/* The data of region `r`, with `model` (from data_model) in it. */
RegionData data_region(Arena *arena, const Site *site, const Region *r, const Value *model);

/* The URL of a path of the site, as data and pages give it: base_url and
 * the path. */
const char *data_url(Arena *arena, const Site *site, const char *path);

/* The address of a path as the public reaches it: site.yaml's public_url,
 * or a base_url that is a full address (a --base-url too, which comes after
 * validation), and the path; NULL when the site does not say where it is
 * published. */
const char *data_public_url(Arena *arena, const Site *site, const char *path);

/* The address of a path for what leaves the site (the HSDS API, the feed,
 * JSON-LD, index.json, sitemap.xml): data_public_url where the site says
 * where it is, else data_url. */
const char *data_address(Arena *arena, const Site *site, const char *path);

/* The texts of `list` as a JSON array. */
Value *data_text_list(Arena *arena, const TextList *list);

/* A period in words: "maand 4", "week 2" (`with_unit`), or "4"; NULL for a
 * column without a period (a whole stage). */
const char *data_period_words(Arena *arena, const Site *site, int column, bool with_unit);

#endif
