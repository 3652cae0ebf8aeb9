/* hsds — the open data in Open Referral's Human Services Data
 * Specification 3.0, as a static read-only API.
 *
 * Each region gets <region>/hsds/ with the API root (index.json), every
 * provision as a full HSDS `service` (services.json, one Page holding them
 * all, and services/<uuid>.json), and every provider as an `organization`
 * (organizations.json and organizations/<uuid>.json); hsds/ at the root
 * holds the same over all regions. Identifiers are uuid_for(kind, region,
 * id), so they are the same on every build and differ between regions.
 * The mapping from the content model is in the README ("Open data"). */
#ifndef ROUTEKAART_HSDS_H
#define ROUTEKAART_HSDS_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "model.h"
#include "value.h"
#include "write.h"

/* The HSDS `service` of provision `p` of region `r`, in `arena`. */
Value *hsds_service(Arena *arena, const Site *site, const Region *r, const Provision *p);

/* The HSDS `organization` of provider `p` as it serves region `r`. */
Value *hsds_organization(Arena *arena, const Site *site, const Region *r, const Provider *p);

/* The national API (hsds/), gathered while the regions are written:
 * each region's Page texts go to a slot of their own, so regions written
 * by threads side by side share nothing. Free with hsds_national_free
 * (NULL is fine). */
typedef struct HsdsNational HsdsNational;
HsdsNational *hsds_national_new(const Site *site);
void hsds_national_free(HsdsNational *national);

/* Writes region `r`'s API under <region>/hsds/, using `scratch` for the
 * text, and adds the files written to `*files`. With `national`, each
 * service and organization also goes to hsds/ (the same bytes), and the
 * region's part of the national Pages to `national`. False after a write
 * error (reported by the writer). */
bool hsds_write_region(Arena *arena, const Site *site, const Region *r, Writer *writer, Buf *scratch,
                       HsdsNational *national, long *files);

/* Writes hsds/index.json and the national Pages, every region's items in
 * region order, once every region was written. */
bool hsds_write_national(HsdsNational *national, Writer *writer, long *files);

#endif
