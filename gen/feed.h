/* feed — a region's provisions as an Atom feed (RFC 4287), written to
 * public/<region>/feed.xml, so that referrers and municipal sites can
 * follow what changes on a map.
 *
 * One entry per provision, newest first (then in the map's order), each
 * with a permanent id, "urn:uuid:" and uuid_for("service", region,
 * provision) (gen/uuid.h: the same on every build, never the same in two
 * regions), its title, a link to its page, a summary, and `updated` from
 * the content: the provision's `checked`, else the region's `updated`,
 * else the feed's. The feed's `updated` is the latest of these dates; a
 * region without any date gets 1970-01-01. Never the clock, so two builds
 * give the same bytes. The XML is built as a libxml2 tree and serialised
 * by libxml2, which escapes every text and attribute. */
#ifndef ROUTEKAART_FEED_H
#define ROUTEKAART_FEED_H

#include "arena.h"
#include "buf.h"
#include "model.h"

/* Appends region `r`'s feed to `out`. Links start with `base`: the site's
 * public address when known (absolute, as feed readers want them), else
 * base_url. `summaries` holds one text per provision of `r` (the pages'
 * descriptions, seo_distinct_descriptions); a NULL one is left out. */
void feed_region(Arena *arena, const Site *site, const Region *r, const char *base, const char *const *summaries,
                 Buf *out);

#endif
