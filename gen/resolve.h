/* resolve — the third stage: connect what validate read.
 *
 * Applies catalog `use:` entries with their overrides, finds providers and
 * route steps by id, reports unknown and duplicate ids (with near misses)
 * and positions out of order, orders everything deterministically, and
 * computes each region's gaps: the stage × lane cells without a provision
 * and the site's required provisions the region lacks. */
#ifndef ROUTEKAART_RESOLVE_H
#define ROUTEKAART_RESOLVE_H

#include "arena.h"
#include "diag.h"
#include "model.h"

void resolve_site(Site *site, Arena *arena, Diags *diags);

/* True when the provision covers at least one column of `stage`. */
bool resolve_provision_in_stage(const Provision *provision, Stage stage);

/* The region's provision that is catalog provision `id`: the one with that
 * id or the one that `use`s it; NULL when the region does not offer it.
 * Needs a resolved region. */
const Provision *resolve_region_offers(const Region *region, const char *id);

/* When a provision was last checked, as data.json, the HSDS API and the
 * feed publish it: its own `checked`, else its region's `updated`; NULL
 * when neither is given. */
const char *resolve_checked_date(const Region *region, const Provision *provision);

#endif
