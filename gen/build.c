#include "build.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "embedded.h"
#include "limit.h"
#include "load.h"
#include "render.h"
#include "resolve.h"
#include "sitefs.h"
#include "template.h"
#include "validate.h"
#include "util.h"
#include "write.h"

static bool is_partial(const char *path)
{
    size_t n = strlen(path);
    return strncmp(path, "layouts/partials/", 17) == 0 && n > 22 && strcmp(path + n - 5, ".html") == 0;
}

/* Parses the page layouts and every partial, the user's before the shipped
 * ones of the same name. */
static Templates *load_templates(Arena *arena, Diags *diags, SiteFs *fs)
{
    Templates *t = templates_new();
    for (size_t i = 0; i < render_layout_count; i++) {
        Source src;
        const char *path = arena_printf(arena, "layouts/%s.html", render_layout_names[i]);
        if (load_theme_file(&src, arena, diags, fs, path))
            templates_add(t, diags, render_layout_names[i], path, src.text, src.len);
    }
    size_t count, cap;
    char **files = sitefs_list(fs, arena, diags, "layouts/partials", SITEFS_LIST_TREE, &count);
    cap = count;
    for (size_t i = 0; i < embedded_file_count; i++)
        if (is_partial(embedded_files[i].path)) {
            files = arena_grow(arena, files, sizeof(char *), &cap, count + 1);
            files[count++] = (char *)embedded_files[i].path;
        }
    if (count)
        qsort(files, count, sizeof(char *), load_compare_names);
    for (size_t i = 0; i < count; i++) {
        if (!is_partial(files[i]) || (i > 0 && strcmp(files[i], files[i - 1]) == 0))
            continue;
        Source src;
        if (load_theme_file(&src, arena, diags, fs, files[i])) {
            const char *name = arena_strndup(arena, files[i] + 8, strlen(files[i]) - 8 - 5);
            templates_add(t, diags, name, files[i], src.text, src.len);
        }
    }
    return t;
}

/* "assets/routekaart.css" with the hash of its bytes: "assets/routekaart.1a2b3c4d.css". */
static const char *fingerprint_path(Arena *arena, const char *path, const char *data, size_t len)
{
    const char *dot = strrchr(path, '.');
    uint32_t hash = (uint32_t)(hash_bytes(HASH_SEED, data, len) >> 32);
    return arena_printf(arena, "%.*s.%08x%s", (int)(dot - path), path, hash, dot);
}

/* Writes `path`; the stylesheet and the script also under a name made of
 * their bytes, which the pages link to (site->css_path, js_path), so that
 * name changes whenever they do. Named from the very bytes written. */
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

/* The user's assets (`user`, `count` paths listed before the build, so
 * `check` reports a refused one too) plus the shipped ones not replaced. */
static bool write_assets(Site *site, Arena *arena, Diags *diags, SiteFs *fs, char **user, size_t count, Writer *w,
                         long *files)
{
    for (size_t i = 0; i < embedded_file_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        if (strncmp(f->path, "assets/", 7) != 0)
            continue;
        if (count && bsearch(&f->path, user, count, sizeof(char *), load_compare_names))
            continue;
        if (!write_asset(site, w, arena, f->path, (const char *)f->data, f->size, files))
            return false;
    }
    for (size_t i = 0; i < count; i++) {
        size_t len;
        char *data = sitefs_read(fs, diags, user[i], LIMIT_ASSET_FILE_BYTES, &len);
        if (!data)
            return false;
        bool written = write_asset(site, w, arena, user[i], data, len, files);
        free(data);
        if (!written)
            return false;
    }
    return true;
}

bool build_run(const BuildOptions *options, Diags *diags, BuildStats *stats)
{
    memset(stats, 0, sizeof *stats);
    Arena *arena = arena_new();
    SiteFs *fs = sitefs_open(options->root);
    Tree tree;
    Site site;
    bool ok = load_tree(&tree, arena, diags, fs);
    if (ok) {
        validate_tree(&site, arena, diags, &tree);
        /* The model holds copies of everything it needs; libyaml's
         * documents of hundreds of regions need not wait for the render. */
        load_release(&tree);
        if (options->base_url)
            site.base_url = options->base_url[strlen(options->base_url) - 1] == '/'
                                ? options->base_url
                                : arena_printf(arena, "%s/", options->base_url);
        site.today = options->today;
        resolve_site(&site, arena, diags);
        stats->regions = site.region_count;
        for (size_t i = 0; i < site.region_count; i++)
            stats->provisions += site.regions[i].provision_count;
    }
    size_t asset_count = 0;
    char **assets = ok ? sitefs_list(fs, arena, diags, "assets", SITEFS_LIST_TREE, &asset_count) : NULL;
    for (size_t i = 0; i < asset_count; i++)
        sitefs_check(fs, diags, assets[i]);
    Templates *templates = NULL;
    bool fillable = false; /* the content and every layout loaded */
    if (ok) { /* also for `check`: a refused or broken layout is an error there too */
        templates = load_templates(arena, diags, fs);
        fillable = diags_count(diags, DIAG_ERROR) == 0;
        /* A partial that was refused is named already; "no such partial"
         * at each include of it would only repeat that. */
        if (fillable)
            templates_check(templates, arena, diags);
    }
    ok = ok && diags_count(diags, DIAG_ERROR) == 0;

    /* A layout naming a field that does not exist shows only while pages
     * are filled. So `check`, and a build whose layouts have other
     * mistakes, fill every page into memory and throw it away: the editor
     * gets every mistake at once. */
    FileSet *scratch = fillable && (options->check_only || !ok) ? fileset_new() : NULL;
    if (ok || scratch) {
        const char *output = options->output ? options->output : arena_printf(arena, "%s/public", options->root);
        FileSet *memory = scratch ? scratch : options->memory;
        Writer *w = memory ? write_begin_memory(diags, memory) : write_begin(diags, output);
        bool written = w != NULL;
        /* Assets first: the pages link to the names they are written under. */
        written = written && write_assets(&site, arena, diags, fs, assets, asset_count, w, &stats->files) &&
                  render_site(&site, templates, arena, w, diags, options->only_region, &stats->pages, &stats->files);
        ok = ok && written && diags_count(diags, DIAG_ERROR) == 0;
        if (ok) {
            stats->bytes = write_bytes(w);
            ok = write_commit(w);
        } else if (w) {
            write_abort(w);
        }
    }
    fileset_free(scratch);
    stats->model_bytes = arena_used(arena);
    templates_free(templates);
    load_release(&tree);
    sitefs_close(fs);
    arena_free(arena);
    return ok;
}
