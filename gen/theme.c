#include "theme.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "limit.h"
#include "util.h"

static const char partials_folder[] = "layouts/partials/";
static const char layouts_folder[] = "layouts/";
static const char layout_suffix[] = ".html";
static const char assets_folder[] = "assets/";

#define LITERAL_LEN(s) (sizeof(s) - 1)

const char *const theme_page_layouts[] = {"home", "region", "provision", "guidance", "compare"};
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

Templates *theme_load_layouts(Arena *arena, Diags *diags, SiteFs *fs)
{
    Templates *t = templates_new();
    for (size_t i = 0; i < theme_page_layout_count; i++) {
        Source src;
        const char *path = arena_printf(arena, "%s%s%s", layouts_folder, theme_page_layouts[i], layout_suffix);
        if (theme_read(&src, arena, diags, fs, path))
            templates_add(t, diags, theme_page_layouts[i], path, src.text, src.len);
    }
    /* The site's partials and the shipped ones, once each by path. */
    size_t count, cap;
    char **files = sitefs_list(fs, arena, diags, "layouts/partials", SITEFS_LIST_TREE, &count);
    cap = count;
    for (size_t i = 0; i < embedded_file_count; i++)
        if (theme_partial_name(arena, embedded_files[i].path)) {
            files = arena_grow(arena, files, sizeof(char *), &cap, count + 1);
            files[count++] = (char *)embedded_files[i].path;
        }
    if (count)
        qsort(files, count, sizeof(char *), compare_strings);
    for (size_t i = 0; i < count; i++) {
        const char *name = theme_partial_name(arena, files[i]);
        if (!name || (i > 0 && strcmp(files[i], files[i - 1]) == 0))
            continue;
        Source src;
        if (theme_read(&src, arena, diags, fs, files[i]))
            templates_add(t, diags, name, files[i], src.text, src.len);
    }
    return t;
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
