/* siteindex — index.json at the output's root: every region with its
 * name, municipalities, date, counts and the addresses of its map, its
 * data.json, its HSDS API and its Atom feed, so that a national
 * directory finds every region's data from one file (README, "index.json"). */
#ifndef ROUTEKAART_SITEINDEX_H
#define ROUTEKAART_SITEINDEX_H

#include <stdbool.h>

#include "arena.h"
#include "model.h"
#include "value.h"
#include "write.h"

/* The index of `site`'s regions, in `arena`. */
Value *siteindex_value(Arena *arena, const Site *site);

/* Writes index.json; adds one to `*files`. False after a write error
 * (reported by the writer). */
bool siteindex_write(Arena *arena, const Site *site, Writer *writer, long *files);

#endif
