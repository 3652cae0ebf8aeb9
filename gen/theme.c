#include "theme.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "embedded.h"
#include "limit.h"
#include "util.h"

static const char partials_folder[] = "layouts/partials/";
static const char layouts_folder[] = "layouts/";
static const char layout_suffix[] = ".html";
static const char assets_folder[] = "assets/";

#define LITERAL_LEN(s) (sizeof(s) - 1)

const char *const theme_page_layouts[] = {"home", "region", "provision", "guidance", "compare", "offline", "embed"};
const size_t theme_page_layout_count = sizeof theme_page_layouts / sizeof *theme_page_layouts;

bool theme_read(Source *out, Arena *arena, Diags *diags, SiteFs *fs, const char *path)
{
    if (sitefs_kind(fs, path, NULL) != SITEFS_MISSING)
        return source_read_site(out, arena, diags, fs, path);
    const EmbeddedFile *f = embedded_find(path);
    if (!f) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "missing-file", NULL, "layout file is missing");
        memset(out, 0, sizeof *out);
        return false;
    }
    return source_init(out, arena, diags, path, (const char *)f->data, f->size);
}

const char *theme_partial_name(Arena *arena, const char *path)
{
    size_t n = strlen(path), prefix = LITERAL_LEN(partials_folder), suffix = LITERAL_LEN(layout_suffix);
    if (n <= prefix + suffix || strncmp(path, partials_folder, prefix) != 0 ||
        strcmp(path + n - suffix, layout_suffix) != 0)
        return NULL;
    /* The name keeps "partials/": layouts/ and the suffix go. */
    size_t start = LITERAL_LEN(layouts_folder);
    return arena_strndup(arena, path + start, n - start - suffix);
}

/* One layout file as read: its template name, its path and its text. */
typedef struct {
    const char *name, *path;
    Source src;
} LayoutFile;

/* Reads the page layouts and every partial, the site's or else the
 * shipped ones, each partial once by path; what cannot be read is
 * reported and left out. */
static LayoutFile *read_layout_files(Arena *arena, Diags *diags, SiteFs *fs, size_t *count)
{
    size_t n = 0, cap = theme_page_layout_count;
    LayoutFile *out = arena_alloc(arena, cap * sizeof *out);
    for (size_t i = 0; i < theme_page_layout_count; i++) {
        const char *path = arena_printf(arena, "%s%s%s", layouts_folder, theme_page_layouts[i], layout_suffix);
        if (theme_read(&out[n].src, arena, diags, fs, path)) {
            out[n].name = theme_page_layouts[i];
            out[n++].path = path;
        }
    }
    /* The site's partials and the shipped ones, once each by path. */
    size_t file_count, file_cap;
    char **files = sitefs_list(fs, arena, diags, "layouts/partials", SITEFS_LIST_TREE, &file_count);
    file_cap = file_count;
    for (size_t i = 0; i < embedded_file_count; i++)
        if (theme_partial_name(arena, embedded_files[i].path)) {
            files = arena_grow(arena, files, sizeof(char *), &file_cap, file_count + 1);
            files[file_count++] = (char *)embedded_files[i].path;
        }
    if (file_count)
        qsort(files, file_count, sizeof(char *), compare_strings);
    for (size_t i = 0; i < file_count; i++) {
        const char *name = theme_partial_name(arena, files[i]);
        if (!name || (i > 0 && strcmp(files[i], files[i - 1]) == 0))
            continue;
        out = arena_grow(arena, out, sizeof *out, &cap, n + 1);
        if (theme_read(&out[n].src, arena, diags, fs, files[i])) {
            out[n].name = name;
            out[n++].path = files[i];
        }
    }
    *count = n;
    return out;
}

static Templates *compile_layout_files(Diags *diags, const LayoutFile *files, size_t count)
{
    Templates *t = templates_new();
    for (size_t i = 0; i < count; i++)
        templates_add(t, diags, files[i].name, files[i].path, files[i].src.text, files[i].src.len);
    return t;
}

Templates *theme_load_layouts(Arena *arena, Diags *diags, SiteFs *fs)
{
    size_t count;
    LayoutFile *files = read_layout_files(arena, diags, fs, &count);
    return compile_layout_files(diags, files, count);
}

struct LayoutCache {
    Templates *templates; /* the last load's; owned */
    Buf files;            /* what it was compiled from: each name, path and text */
    bool reusable;        /* that load reported nothing */
    size_t compiles;
};

LayoutCache *layout_cache_new(void)
{
    return xcalloc(1, sizeof(LayoutCache));
}

void layout_cache_free(LayoutCache *cache)
{
    if (!cache)
        return;
    templates_free(cache->templates);
    buf_free(&cache->files);
    free(cache);
}

size_t layout_cache_compiles(const LayoutCache *cache)
{
    return cache->compiles;
}

/* The files as one string to compare: each name, path and length, then
 * the text, so no two different sets of files give the same one. */
static void layout_files_key(Buf *out, const LayoutFile *files, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        buf_printf(out, "%s\n%s\n%zu\n", files[i].name, files[i].path, files[i].src.len);
        buf_append(out, files[i].src.text, files[i].src.len);
    }
}

Templates *theme_load_layouts_cached(LayoutCache *cache, Arena *arena, Diags *diags, SiteFs *fs)
{
    size_t before = diags_len(diags);
    size_t count;
    LayoutFile *files = read_layout_files(arena, diags, fs, &count);
    Buf key = BUF_INIT;
    layout_files_key(&key, files, count);
    bool read_clean = diags_len(diags) == before;
    if (read_clean && cache->reusable && key.len == cache->files.len &&
        memcmp(key.data, cache->files.data, key.len) == 0) {
        buf_free(&key);
        return cache->templates;
    }
    templates_free(cache->templates);
    buf_free(&cache->files);
    cache->templates = compile_layout_files(diags, files, count);
    cache->compiles++;
    cache->files = key;
    /* A load that reported a problem is done again next time, so the
     * editor sees the problem after every save until it is mended. */
    cache->reusable = diags_len(diags) == before;
    return cache->templates;
}

char **theme_site_assets(Arena *arena, Diags *diags, SiteFs *fs, size_t *count)
{
    char **assets = sitefs_list(fs, arena, diags, "assets", SITEFS_LIST_TREE, count);
    for (size_t i = 0; i < *count; i++)
        sitefs_check(fs, diags, assets[i]);
    return assets;
}

static uint32_t fingerprint(const void *data, size_t len)
{
    return (uint32_t)(hash_bytes(HASH_SEED, data, len) >> 32);
}

/* "assets/routekaart.css" with the hash of its bytes: "assets/routekaart.1a2b3c4d.css". */
static const char *fingerprint_path(Arena *arena, const char *path, const char *data, size_t len)
{
    const char *dot = strrchr(path, '.');
    return arena_printf(arena, "%.*s.%08x%s", (int)(dot - path), path, fingerprint(data, len), dot);
}

bool theme_is_fingerprinted(const char *path, const void *data, size_t len)
{
    /* assets/NAME.1a2b3c4d.EXT: at least one letter of name, a dot and 8 digits. */
    const char *dot = strrchr(path, '.');
    size_t folder = LITERAL_LEN(assets_folder);
    if (strncmp(path, assets_folder, folder) != 0 || !dot || (size_t)(dot - path) < folder + 1 + 1 + 8 ||
        dot[-9] != '.')
        return false;
    char hex[9];
    snprintf(hex, sizeof hex, "%08x", fingerprint(data, len));
    return memcmp(dot - 8, hex, 8) == 0;
}

/* Writes `path`; the stylesheet and the script also under the name of
 * their bytes, named from the very bytes written. */
static bool write_asset(Site *site, Writer *w, Arena *arena, const char *path, const char *data, size_t len,
                        long *files)
{
    if (!write_file(w, path, data, len))
        return false;
    (*files)++;
    const char **named = !strcmp(path, "assets/routekaart.css") ? &site->css_path
                         : !strcmp(path, "assets/routekaart.js") ? &site->js_path
                                                                  : NULL;
    if (!named)
        return true;
    *named = fingerprint_path(arena, path, data, len);
    if (!write_file(w, *named, data, len))
        return false;
    (*files)++;
    return true;
}

bool theme_write_assets(Site *site, Arena *arena, Diags *diags, SiteFs *fs, char **own, size_t count, Writer *w,
                        long *files)
{
    for (size_t i = 0; i < embedded_file_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        if (strncmp(f->path, assets_folder, LITERAL_LEN(assets_folder)) != 0)
            continue;
        if (count && bsearch(&f->path, own, count, sizeof(char *), compare_strings))
            continue;
        if (!write_asset(site, w, arena, f->path, (const char *)f->data, f->size, files))
            return false;
    }
    for (size_t i = 0; i < count; i++) {
        size_t len;
        char *data = sitefs_read(fs, diags, own[i], LIMIT_ASSET_FILE_BYTES, &len);
        if (!data)
            return false;
        bool written = write_asset(site, w, arena, own[i], data, len, files);
        free(data);
        if (!written)
            return false;
    }
    return true;
}
