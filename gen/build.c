#include "build.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "limit.h"
#include "load.h"
#include "offline.h"
#include "render.h"
#include "resolve.h"
#include "sitefs.h"
#include "stamp.h"
#include "template.h"
#include "theme.h"
#include "validate.h"
#include "util.h"
#include "write.h"

/* What the steps of one build share. */
typedef struct {
    const BuildOptions *options;
    Diags *diags;
    BuildStats *stats;
    Arena *arena;
    const char *output;
    const Stamp *stamp; /* NULL: no fingerprint, so no manifest */
    SiteFs *fs;
    Tree tree;
    Site site;
    char **assets;
    size_t asset_count;
    Templates *templates;
    Templates *own_templates; /* freed here; a cache's stay with it */
    bool fillable;            /* the content and every layout loaded */
} Build;

/* The fingerprint of this build, when it is one of a folder (see stamp.h):
 * `check` and the preview's builds into memory leave no output to keep. */
static bool fingerprint(Stamp *out, const BuildOptions *options, Arena *arena)
{
    if (options->check_only || options->memory)
        return false;
    const char *given[] = {
        options->base_url ? arena_printf(arena, "base-url=%s", options->base_url) : "base-url",
        options->today ? arena_printf(arena, "today=%s", options->today) : "today",
        options->only_region ? arena_printf(arena, "only-region=%s", options->only_region) : "only-region",
    };
    return stamp_compute(out, options->root, given, sizeof given / sizeof *given);
}

/* True when the manifest beside the output says the output is this
 * build's already: then its counts and warnings stand for this build,
 * which loads and writes nothing. */
static bool output_is_current(const Stamp *stamp, const char *output, Diags *diags, BuildStats *stats)
{
    Buf manifest = BUF_INIT;
    write_manifest_path(&manifest, output);
    StampSummary last;
    bool current = stamp_check(stamp, output, manifest.data, diags, &last);
    buf_free(&manifest);
    if (!current)
        return false;
    *stats = (BuildStats){.regions = last.regions, .provisions = last.provisions, .pages = last.pages,
                          .files = last.files, .unchanged = last.files, .bytes = last.bytes, .fresh = true};
    write_tidy(output);
    return true;
}

/* Loads and validates the content, one region at a time. False when the
 * site's shared files could not be loaded at all. */
static bool load_content(Build *b)
{
    if (!load_tree_shared(&b->tree, b->arena, b->diags, b->fs))
        return false;
    validate_tree_shared(&b->site, b->arena, b->diags, &b->tree);
    /* The model holds copies of everything it needs: a region's YAML
     * documents are released as soon as it is validated, so libyaml's
     * documents of hundreds of regions are never in memory at once. */
    for (size_t i = 0; i < b->tree.region_count; i++) {
        load_region(&b->tree, i, b->arena, b->diags, b->fs);
        bool more = validate_tree_region(&b->site, b->arena, b->diags, &b->tree, i);
        load_release_region(&b->tree, i);
        if (!more)
            break;
    }
    load_release(&b->tree);
    return true;
}

/* The options that override the content, then the references between
 * regions, provisions and routes resolved. */
static void resolve_content(Build *b)
{
    const char *base_url = b->options->base_url;
    if (base_url)
        b->site.base_url =
            base_url[strlen(base_url) - 1] == '/' ? base_url : arena_printf(b->arena, "%s/", base_url);
    b->site.today = b->options->today;
    resolve_site(&b->site, b->arena, b->diags);
    b->stats->regions = b->site.region_count;
    for (size_t i = 0; i < b->site.region_count; i++)
        b->stats->provisions += b->site.regions[i].provision_count;
}

/* The site's assets and layouts, also for `check`: a refused or broken
 * layout is an error there too. */
static void load_theme(Build *b)
{
    b->assets = theme_site_assets(b->arena, b->diags, b->fs, &b->asset_count);
    b->templates = b->options->layout_cache
                       ? theme_load_layouts_cached(b->options->layout_cache, b->arena, b->diags, b->fs)
                       : (b->own_templates = theme_load_layouts(b->arena, b->diags, b->fs));
    templates_use_qr_cache(b->templates, b->options->qr_cache);
    b->fillable = diags_count(b->diags, DIAG_ERROR) == 0;
    /* A partial that was refused is named already; "no such partial" at
     * each include of it would only repeat that. */
    if (b->fillable)
        templates_check(b->templates, b->arena, b->diags);
}

/* Every file of the site, assets first: the pages link to the names they
 * are written under; the service worker last: its key is a digest of the
 * rest. */
static bool write_site(Build *b, Writer *w)
{
    return theme_write_assets(&b->site, b->arena, b->diags, b->fs, b->assets, b->asset_count, w, &b->stats->files) &&
           render_site(&b->site, b->templates, b->arena, w, b->diags, b->options->only_region, b->options->jobs,
                       &b->stats->pages, &b->stats->files) &&
           offline_write_worker(b->arena, b->diags, b->fs, w, &b->stats->files);
}

/* The manifest of the new output, for the next build. False only when it
 * could not be written (reported). */
static bool write_build_manifest(const Build *b, Writer *w)
{
    const BuildStats *s = b->stats;
    StampSummary summary = {s->regions, s->provisions, s->pages, s->files, s->bytes};
    Buf text = BUF_INIT;
    /* A folder that cannot be walked gets no manifest: the next build is a
     * full one. */
    bool ok = !stamp_manifest(&text, b->stamp, write_folder(w), b->diags, &summary) ||
              write_manifest(w, text.data, text.len);
    buf_free(&text);
    return ok;
}

/* The new output and its manifest in place of the old ones. */
static bool commit_output(Build *b, Writer *w)
{
    b->stats->bytes = write_bytes(w);
    b->stats->unchanged = write_unchanged(w);
    if (b->stamp && !write_build_manifest(b, w)) {
        write_abort(w);
        return false;
    }
    return write_commit(w);
}

/* Renders and writes the site when `ok`; the output is replaced only when
 * no error was found. A layout naming a field that does not exist shows
 * only while pages are filled. So `check`, and a build whose layouts have
 * other mistakes, fill every page into memory and throw it away: the
 * editor gets every mistake at once. */
static bool render_and_write(Build *b, bool ok)
{
    FileSet *scratch = b->fillable && (b->options->check_only || !ok) ? fileset_new() : NULL;
    if (!ok && !scratch)
        return false;
    FileSet *memory = scratch ? scratch : b->options->memory;
    Writer *w = memory ? write_begin_memory(b->diags, memory) : write_begin(b->diags, b->output);
    bool written = w && write_site(b, w);
    ok = ok && written && diags_count(b->diags, DIAG_ERROR) == 0;
    if (ok)
        ok = commit_output(b, w);
    else
        write_abort(w);
    fileset_free(scratch);
    return ok;
}

/* The pipeline: load → validate → resolve → render → write. */
static bool build_site(Build *b)
{
    b->fs = sitefs_open(b->options->root);
    bool loaded = load_content(b);
    if (loaded) {
        resolve_content(b);
        load_theme(b);
    }
    bool ok = render_and_write(b, loaded && diags_count(b->diags, DIAG_ERROR) == 0);
    b->stats->model_bytes = arena_used(b->arena);
    templates_free(b->own_templates);
    load_release(&b->tree);
    sitefs_close(b->fs);
    return ok;
}

bool build_run(const BuildOptions *options, Diags *diags, BuildStats *stats)
{
    memset(stats, 0, sizeof *stats);
    Arena *arena = arena_new();
    const char *output = options->output ? options->output : arena_printf(arena, "%s/public", options->root);
    Stamp stamp;
    bool stamped = fingerprint(&stamp, options, arena);
    bool ok = true;
    if (!stamped || !output_is_current(&stamp, output, diags, stats)) {
        Build b = {.options = options, .diags = diags, .stats = stats, .arena = arena, .output = output,
                   .stamp = stamped ? &stamp : NULL};
        ok = build_site(&b);
    }
    arena_free(arena);
    return ok;
}
