/* seo — what search engines read of a page besides its text: a short
 * description (<meta name="description">) and structured data, schema.org
 * JSON-LD: a GovernmentService per provision page and a Dataset per region
 * map, filled into the layouts' data blocks by rk-json (gen/template.h).
 *
 * Everything here is made of the content: the names, texts and addresses
 * of the region and its provisions, joined by punctuation. No word of C
 * reaches a page; the page's own words are in the layouts. Values live in
 * the arena given. */
#ifndef ROUTEKAART_SEO_H
#define ROUTEKAART_SEO_H

#include "arena.h"
#include "model.h"
#include "value.h"

/* The longest description, in characters: what search results show. */
enum { SEO_DESCRIPTION_MAX = 170 };

/* `text` as a description: runs of white space made one space, and a text
 * over SEO_DESCRIPTION_MAX characters cut at the last space that leaves
 * room for "…" (mid-word only when a single word is that long). NULL for
 * NULL or blank text. */
const char *seo_description(Arena *arena, const char *text);

/* The words of Markdown `markdown` (`len` bytes), without markup, as far as
 * a description needs them; NULL when there are none. */
const char *seo_markdown_words(Arena *arena, const char *markdown, size_t len);

/* A provision page's description: where and by whom, then what it is:
 * "<provider> · <municipalities>: <summary>" (the region's name when it
 * lists no municipalities; the description's words, the audience or the
 * title when there is no summary). `detail` 1 puts the title in front, 2
 * the id and the title: what tells two provisions apart whose descriptions
 * would otherwise be the same (seo_distinct_descriptions). */
const char *seo_provision_description(Arena *arena, const Region *r, const Provision *p, int detail);

/* The descriptions of every provision of `r`, distinct: one that equals an
 * earlier one gets more detail. An array of r->provision_count strings. */
const char **seo_distinct_descriptions(Arena *arena, const Region *r);

/* A region map's description: the words of its intro (index.md); without
 * one, "<coalition> · <municipalities>: <provision titles>". */
const char *seo_region_description(Arena *arena, const Region *r);

/* The JSON-LD of provision `p`'s page at `address` (absolute when the
 * site's address is known): a GovernmentService with its provider, the
 * municipalities it serves, its audience and how to reach it. */
Value *seo_service(Arena *arena, const Region *r, const Provision *p, const char *address, const char *description);

/* Where a region's open data is: each an address like the page's. */
typedef struct {
    const char *map, *data_json, *hsds_index, *hsds_services, *feed;
} SeoRegionFiles;

/* The JSON-LD of region `r`'s map: a Dataset named `name`, whose
 * distribution is data.json, the HSDS API and the Atom feed. */
Value *seo_dataset(Arena *arena, const Site *site, const Region *r, const char *name, const char *description,
                   const SeoRegionFiles *files);

#endif
