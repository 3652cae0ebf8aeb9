#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "embedded.h"
#include "util.h"

bool load_is_slug(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

int load_compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_files(Arena *arena, const char *root, const char *dir, char ***files, size_t *count,
                          size_t *cap)
{
    DIR *d = opendir(arena_printf(arena, "%s/%s", root, dir));
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *rel = arena_printf(arena, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(arena_printf(arena, "%s/%s", root, rel), &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            collect_files(arena, root, rel, files, count, cap);
        } else {
            *files = arena_grow(arena, *files, sizeof(char *), cap, *count + 1);
            (*files)[(*count)++] = rel;
        }
    }
    closedir(d);
}

char **load_list_files(Arena *arena, const char *root, const char *dir, size_t *count)
{
    char **files = NULL;
    size_t cap = 0;
    *count = 0;
    collect_files(arena, root, dir, &files, count, &cap);
    if (*count)
        qsort(files, *count, sizeof(char *), load_compare_names);
    return files;
}

/* The entries of a folder (no hidden ones), sorted; NULL when the folder
 * does not exist. `dirs_only`/`suffix` filter them. */
static char **list_dir(Arena *arena, const char *fs_path, bool dirs_only, const char *suffix, size_t *count)
{
    *count = 0;
    DIR *d = opendir(fs_path);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *full = arena_printf(arena, "%s/%s", fs_path, e->d_name);
        struct stat st;
        if (stat(full, &st) != 0)
            continue;
        if (dirs_only != S_ISDIR(st.st_mode))
            continue;
        if (suffix) {
            size_t n = strlen(e->d_name), m = strlen(suffix);
            if (n <= m || strcmp(e->d_name + n - m, suffix) != 0)
                continue;
        }
        names = arena_grow(arena, names, sizeof(char *), &cap, *count + 1);
        names[(*count)++] = arena_strdup(arena, e->d_name);
    }
    closedir(d);
    if (*count)
        qsort(names, *count, sizeof(char *), load_compare_names);
    return names;
}

/* lstat: a broken symlink exists, and reading it reports why it fails. */
static bool file_exists(const char *fs_path)
{
    struct stat st;
    return lstat(fs_path, &st) == 0;
}

static bool read_yaml(Source *out, Arena *arena, Diags *diags, const char *root, const char *path)
{
    char *fs = arena_printf(arena, "%s/%s", root, path);
    return source_read_file(out, arena, diags, path, fs) && source_parse_yaml(out, diags);
}

static bool read_markdown(Source *out, Arena *arena, Diags *diags, const char *root, const char *path)
{
    char *fs = arena_printf(arena, "%s/%s", root, path);
    return source_read_file(out, arena, diags, path, fs) && source_parse_markdown(out, diags);
}

static Source *read_guidance_dir(Arena *arena, Diags *diags, const char *root, const char *dir, size_t *count)
{
    size_t n;
    char **names = list_dir(arena, arena_printf(arena, "%s/%s", root, dir), false, ".md", &n);
    Source *pages = n ? arena_alloc(arena, n * sizeof(Source)) : NULL;
    *count = 0;
    for (size_t i = 0; i < n; i++)
        if (read_markdown(&pages[*count], arena, diags, root, arena_printf(arena, "%s/%s", dir, names[i])))
            (*count)++;
        else
            source_release(&pages[*count]);
    return pages;
}

bool load_theme_file(Source *out, Arena *arena, Diags *diags, const char *root, const char *name)
{
    char *fs = arena_printf(arena, "%s/%s", root, name);
    if (file_exists(fs))
        return source_read_file(out, arena, diags, name, fs);
    const EmbeddedFile *f = embedded_find(name);
    if (!f) {
        diag_add(diags, DIAG_ERROR, name, 0, 0, "missing-file", NULL, "layout file is missing");
        memset(out, 0, sizeof *out);
        return false;
    }
    return source_init(out, arena, diags, name, (const char *)f->data, f->size);
}

bool load_tree(Tree *out, Arena *arena, Diags *diags, const char *root)
{
    memset(out, 0, sizeof *out);
    char *content = arena_printf(arena, "%s/content", root);
    struct stat st;
    if (stat(content, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_add(diags, DIAG_ERROR, "content", 0, 0, "missing-content", NULL,
                 "no content/ folder here; run routekaart in the folder that holds content/, or name it: "
                 "routekaart build DIR");
        return false;
    }
    if (!file_exists(arena_printf(arena, "%s/content/site.yaml", root))) {
        diag_add(diags, DIAG_ERROR, "content/site.yaml", 0, 0, "missing-file", NULL,
                 "site.yaml is missing; every site needs one (at least: title: ...)");
        return false;
    }
    read_yaml(&out->site, arena, diags, root, "content/site.yaml");

    if (file_exists(arena_printf(arena, "%s/content/catalog.yaml", root)))
        out->has_catalog = read_yaml(&out->catalog, arena, diags, root, "content/catalog.yaml");

    if (load_theme_file(&out->strings, arena, diags, root, "layouts/strings.yaml"))
        source_parse_yaml(&out->strings, diags);

    out->guidance = read_guidance_dir(arena, diags, root, "content/guidance", &out->guidance_count);

    size_t n;
    char **ids = list_dir(arena, arena_printf(arena, "%s/content/regions", root), true, NULL, &n);
    out->regions = n ? arena_alloc(arena, n * sizeof(RegionSources)) : NULL;
    for (size_t i = 0; i < n; i++) {
        const char *dir = arena_printf(arena, "content/regions/%s", ids[i]);
        if (!load_is_slug(ids[i])) {
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
        RegionSources *r = &out->regions[out->region_count++];
        r->id = ids[i];
        const char *yaml_path = arena_printf(arena, "%s/region.yaml", dir);
        if (!file_exists(arena_printf(arena, "%s/%s", root, yaml_path)))
            diag_add(diags, DIAG_ERROR, yaml_path, 0, 0, "missing-file", NULL,
                     "region folder '%s' has no region.yaml", ids[i]);
        else
            read_yaml(&r->region, arena, diags, root, yaml_path);
        const char *intro_path = arena_printf(arena, "%s/index.md", dir);
        if (file_exists(arena_printf(arena, "%s/%s", root, intro_path)))
            r->has_intro = read_markdown(&r->intro, arena, diags, root, intro_path);
        r->guidance =
            read_guidance_dir(arena, diags, root, arena_printf(arena, "%s/guidance", dir), &r->guidance_count);
    }
    return true;
}

void load_release(Tree *tree)
{
    source_release(&tree->site);
    source_release(&tree->catalog);
    source_release(&tree->strings);
    for (size_t i = 0; i < tree->guidance_count; i++)
        source_release(&tree->guidance[i]);
    for (size_t i = 0; i < tree->region_count; i++) {
        RegionSources *r = &tree->regions[i];
        source_release(&r->region);
        source_release(&r->intro);
        for (size_t j = 0; j < r->guidance_count; j++)
            source_release(&r->guidance[j]);
    }
}
