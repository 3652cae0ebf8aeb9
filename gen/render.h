/* render — the fourth stage: pages and data from the resolved model.
 *
 * Builds one Value context per page and fills the layouts with it; writes
 * each region's data.json from the same values (before the page-only keys
 * are added), and sitemap.xml. Output goes through the writer, so nothing
 * reaches the real output folder before the whole build succeeded.
 *
 * The context keys each layout can use are listed in the README
 * ("Layouts"). */
#ifndef ROUTEKAART_RENDER_H
#define ROUTEKAART_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "template.h"
#include "write.h"

/* Renders every page of `site` (of its regions only `only_region` when
 * that is not NULL), adding to `*pages` (HTML pages) and `*files`
 * (all files written). False after a write error (reported). Site-wide values go to `arena`; each
 * region's values to an arena of its own, released after the region.
 * With `jobs` above 1, that many threads render regions side by side; the
 * output, the messages and the order of the writes are those of one. */
bool render_site(const Site *site, const Templates *templates, Arena *arena, Writer *writer, Diags *diags,
                 const char *only_region, int jobs, long *pages, long *files);

#endif
