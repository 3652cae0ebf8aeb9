#include "load.h"

#include <stdlib.h>
#include <string.h>

#include "id.h"
#include "theme.h"
#include "limit.h"
#include "util.h"

static bool read_yaml(Source *out, Arena *arena, Diags *diags, SiteFs *fs, const char *path, SourceBudget *budget)
{
    if (!source_read_site(out, arena, diags, fs, path))
        return false;
    out->budget = budget;
    return source_parse_yaml(out, diags);
}

static bool read_markdown(Source *out, Arena *arena, Diags *diags, SiteFs *fs, const char *path,
                          SourceBudget *budget)
{
    if (!source_read_site(out, arena, diags, fs, path))
        return false;
    out->budget = budget;
    return source_parse_markdown(out, diags);
}

/* True when `path` is there to be read: a file, or something that reading
 * refuses by name (a link to outside, a FIFO), so it is never passed over. */
static bool file_exists(SiteFs *fs, const char *path)
{
    return sitefs_kind(fs, path, NULL) != SITEFS_MISSING;
}

/* The names of the .md files of a folder, sorted. */
static char **list_markdown(Arena *arena, Diags *diags, SiteFs *fs, const char *dir, size_t *count)
{
    size_t n;
    char **names = sitefs_list(fs, arena, diags, dir, SITEFS_LIST_FILES, &n);
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len > 3 && strcmp(names[i] + len - 3, ".md") == 0)
            names[(*count)++] = names[i];
    }
    return names;
}

static Source *read_guidance_dir(Arena *arena, Diags *diags, SiteFs *fs, const char *dir, SourceBudget *budget,
                                 size_t *count)
{
    size_t n;
    char **names = list_markdown(arena, diags, fs, dir, &n);
    Source *pages = n ? arena_alloc(arena, n * sizeof(Source)) : NULL;
    *count = 0;
    for (size_t i = 0; i < n; i++)
        if (read_markdown(&pages[*count], arena, diags, fs, arena_printf(arena, "%s/%s", dir, names[i]), budget))
            (*count)++;
        else
            source_release(&pages[*count]);
    return pages;
}

bool load_tree_shared(Tree *out, Arena *arena, Diags *diags, SiteFs *fs)
{
    memset(out, 0, sizeof *out);
    const char *why;
    SiteFsKind content = sitefs_kind(fs, "content", &why);
    if (content == SITEFS_REFUSED) {
        diag_add(diags, DIAG_ERROR, "content", 0, 0, "refused-file", NULL, "%s", why);
        return false;
    }
    if (content != SITEFS_FOLDER) {
        diag_add(diags, DIAG_ERROR, "content", 0, 0, "missing-content", NULL,
                 "no content/ folder here; run routekaart in the folder that holds content/, or name it: "
                 "routekaart build DIR");
        return false;
    }
    if (!file_exists(fs, "content/site.yaml")) {
        diag_add(diags, DIAG_ERROR, "content/site.yaml", 0, 0, "missing-file", NULL,
                 "site.yaml is missing; every site needs one (at least: title: ...)");
        return false;
    }
    read_yaml(&out->site, arena, diags, fs, "content/site.yaml", &out->budget);

    if (file_exists(fs, "content/catalog.yaml"))
    {
        out->has_catalog = read_yaml(&out->catalog, arena, diags, fs, "content/catalog.yaml", &out->budget);
        out->catalog_broken = !out->has_catalog;
    }

    if (theme_read(&out->strings, arena, diags, fs, "layouts/strings.yaml")) {
        out->strings.budget = &out->budget;
        source_parse_yaml(&out->strings, diags);
    }

    out->guidance = read_guidance_dir(arena, diags, fs, "content/guidance", &out->budget, &out->guidance_count);

    size_t n;
    char **ids = sitefs_list(fs, arena, diags, "content/regions", SITEFS_LIST_FOLDERS, &n);
    if (n > LIMIT_REGIONS) {
        diag_add(diags, DIAG_ERROR, "content/regions", 0, 0, "limit", NULL,
                 "%zu region folders, more than the limit of %d", n, LIMIT_REGIONS);
        n = 0;
    }
    out->regions = n ? arena_alloc(arena, n * sizeof(RegionSources)) : NULL;
    for (size_t i = 0; i < n; i++) {
        const char *dir = arena_printf(arena, "content/regions/%s", ids[i]);
        if (!id_is_valid(ids[i])) {
            diag_add(diags, DIAG_ERROR, dir, 0, 0, "bad-id", NULL,
                     "region folder name '%s' is not a valid id (lowercase letters, digits and '-')", ids[i]);
            continue;
        }
        if (!strcmp(ids[i], "assets") || !strcmp(ids[i], "guidance")) {
            /* The output has folders of these names beside the regions. */
            diag_add(diags, DIAG_ERROR, dir, 0, 0, "reserved-id", NULL,
                     "region id '%s' is reserved (the site uses a folder of that name); rename the folder", ids[i]);
            continue;
        }
        out->regions[out->region_count++].id = ids[i];
    }
    return true;
}

bool load_region(Tree *tree, size_t index, Arena *arena, Diags *diags, SiteFs *fs)
{
    RegionSources *r = &tree->regions[index];
    const char *dir = arena_printf(arena, "content/regions/%s", r->id);
    const char *yaml_path = arena_printf(arena, "%s/region.yaml", dir);
    if (!file_exists(fs, yaml_path))
        diag_add(diags, DIAG_ERROR, yaml_path, 0, 0, "missing-file", NULL, "region folder '%s' has no region.yaml",
                 r->id);
    else
        read_yaml(&r->region, arena, diags, fs, yaml_path, &tree->budget);
    const char *intro_path = arena_printf(arena, "%s/index.md", dir);
    if (file_exists(fs, intro_path))
        r->has_intro = read_markdown(&r->intro, arena, diags, fs, intro_path, &tree->budget);
    r->guidance = read_guidance_dir(arena, diags, fs, arena_printf(arena, "%s/guidance", dir), &tree->budget,
                                    &r->guidance_count);
    return r->region.has_yaml;
}

bool load_tree(Tree *out, Arena *arena, Diags *diags, SiteFs *fs)
{
    if (!load_tree_shared(out, arena, diags, fs))
        return false;
    for (size_t i = 0; i < out->region_count; i++)
        load_region(out, i, arena, diags, fs);
    return true;
}

void load_release_region(Tree *tree, size_t index)
{
    RegionSources *r = &tree->regions[index];
    source_release(&r->region);
    source_release(&r->intro);
    for (size_t j = 0; j < r->guidance_count; j++)
        source_release(&r->guidance[j]);
}

void load_release(Tree *tree)
{
    source_release(&tree->site);
    source_release(&tree->catalog);
    source_release(&tree->strings);
    for (size_t i = 0; i < tree->guidance_count; i++)
        source_release(&tree->guidance[i]);
    for (size_t i = 0; i < tree->region_count; i++)
        load_release_region(tree, i);
}
