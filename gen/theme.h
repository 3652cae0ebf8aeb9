/* theme — what a site is dressed in: its page layouts, partials,
 * strings.yaml and assets.
 *
 * One rule: a file of the site's own (layouts/region.html,
 * layouts/partials/costs.html, layouts/strings.yaml, assets/x.css)
 * replaces the shipped file of the same path, which is compiled into the
 * binary; every shipped file the site does not replace is used as it is. */
#ifndef ROUTEKAART_THEME_H
#define ROUTEKAART_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "sitefs.h"
#include "source.h"
#include "template.h"
#include "write.h"

/* The page layouts the generator fills, by name: layouts/NAME.html. */
extern const char *const theme_page_layouts[];
extern const size_t theme_page_layout_count;

/* Reads the theme file `path` ("layouts/region.html"): the site's copy when
 * it has one, else the shipped one. False when neither exists (reported)
 * or it cannot be read. */
bool theme_read(Source *out, Arena *arena, Diags *diags, SiteFs *fs, const char *path);

/* The template name of a partial's path ("layouts/partials/costs.html" is
 * "partials/costs"), or NULL when `path` is not a partial. */
const char *theme_partial_name(Arena *arena, const char *path);

/* Parses the page layouts and every partial, the site's or else the
 * shipped ones. Problems are reported; the set holds what could be read. */
Templates *theme_load_layouts(Arena *arena, Diags *diags, SiteFs *fs);

/* Compiled layouts kept from one build to the next: `routekaart serve`
 * keeps one for its session, so a save of a region's YAML does not parse
 * and compile every layout again (a third of the work of rebuilding the
 * example's region). */
typedef struct LayoutCache LayoutCache;

LayoutCache *layout_cache_new(void);
/* Frees the layouts it keeps too. layout_cache_free(NULL) is a no-op. */
void layout_cache_free(LayoutCache *cache);

/* theme_load_layouts through `cache`: the files are read each time, and
 * when they hold the same names, paths and bytes as at the last load, which
 * reported nothing, that load's layouts are returned as they are. Else they
 * are compiled (problems reported) and kept. The layouts belong to the
 * cache and stay valid until its next load or its end. */
Templates *theme_load_layouts_cached(LayoutCache *cache, Arena *arena, Diags *diags, SiteFs *fs);
/* How many of its loads compiled the layouts (the others found them kept). */
size_t layout_cache_compiles(const LayoutCache *cache);

/* The site's own assets (paths under assets/, sorted), each checked as a
 * file that may be read, so `check` reports a refused one too. */
char **theme_site_assets(Arena *arena, Diags *diags, SiteFs *fs, size_t *count);

/* Writes the site's assets (`own`, from theme_site_assets) and the shipped
 * ones they do not replace. The stylesheet and the script are written under
 * a second name made of their bytes too (routekaart.1a2b3c4d.css), which
 * the pages link to: site->css_path and site->js_path. Adds to `*files`.
 * False after a read or write error (reported). */
bool theme_write_assets(Site *site, Arena *arena, Diags *diags, SiteFs *fs, char **own, size_t count, Writer *w,
                        long *files);

/* Whether `path` is a name theme_write_assets gives an asset after its
 * bytes, and `data` are those bytes: such a file never changes under its
 * name, so a browser may keep it (serve says so). */
bool theme_is_fingerprinted(const char *path, const void *data, size_t len);

#endif
