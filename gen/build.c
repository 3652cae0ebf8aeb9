#include "build.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "limit.h"
#include "load.h"
#include "render.h"
#include "resolve.h"
#include "sitefs.h"
#include "stamp.h"
#include "template.h"
#include "theme.h"
#include "validate.h"
#include "util.h"
#include "write.h"

/* The fingerprint of this build, when it is one of a folder (see stamp.h):
 * `check` and the preview's builds into memory leave no output to keep. */
static bool build_stamp(Stamp *out, const BuildOptions *options, Arena *arena)
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

/* The manifest goes into the new output last, so it is swapped in with the
 * files it lists. False only when it could not be written (reported). */
static bool build_manifest(Writer *w, const Stamp *stamp, const Diags *diags, const BuildStats *stats)
{
    StampSummary summary = {stats->regions, stats->provisions, stats->pages, stats->files, stats->bytes};
    Buf text = BUF_INIT;
    /* A folder that cannot be walked gets no manifest: the next build is a
     * full one. */
    bool ok = !stamp_manifest(&text, stamp, write_folder(w), diags, &summary) ||
              write_file(w, STAMP_MANIFEST, text.data, text.len);
    buf_free(&text);
    return ok;
}

bool build_run(const BuildOptions *options, Diags *diags, BuildStats *stats)
{
    memset(stats, 0, sizeof *stats);
    Arena *arena = arena_new();
    const char *output = options->output ? options->output : arena_printf(arena, "%s/public", options->root);
    Stamp stamp;
    StampSummary last;
    bool stamped = build_stamp(&stamp, options, arena);
    if (stamped && stamp_check(&stamp, output, diags, &last)) {
        *stats = (BuildStats){.regions = last.regions, .provisions = last.provisions, .pages = last.pages,
                              .files = last.files, .unchanged = last.files, .bytes = last.bytes, .fresh = true};
        write_tidy(output);
        arena_free(arena);
        return true;
    }
    SiteFs *fs = sitefs_open(options->root);
    Tree tree;
    Site site;
    bool ok = load_tree_shared(&tree, arena, diags, fs);
    if (ok) {
        validate_tree_shared(&site, arena, diags, &tree);
        /* The model holds copies of everything it needs: a region's YAML
         * documents are released as soon as it is validated, so libyaml's
         * documents of hundreds of regions are never in memory at once. */
        for (size_t i = 0; i < tree.region_count; i++) {
            load_region(&tree, i, arena, diags, fs);
            bool more = validate_tree_region(&site, arena, diags, &tree, i);
            load_release_region(&tree, i);
            if (!more)
                break;
        }
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
    char **assets = ok ? theme_site_assets(arena, diags, fs, &asset_count) : NULL;
    Templates *templates = NULL;
    Templates *own_templates = NULL; /* freed here; a cache's stay with it */
    bool fillable = false; /* the content and every layout loaded */
    if (ok) { /* also for `check`: a refused or broken layout is an error there too */
        templates = options->layout_cache ? theme_load_layouts_cached(options->layout_cache, arena, diags, fs)
                                          : (own_templates = theme_load_layouts(arena, diags, fs));
        templates_use_qr_cache(templates, options->qr_cache);
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
        FileSet *memory = scratch ? scratch : options->memory;
        Writer *w = memory ? write_begin_memory(diags, memory) : write_begin(diags, output);
        bool written = w != NULL;
        /* Assets first: the pages link to the names they are written under. */
        written = written && theme_write_assets(&site, arena, diags, fs, assets, asset_count, w, &stats->files) &&
                  render_site(&site, templates, arena, w, diags, options->only_region, options->jobs, &stats->pages,
                              &stats->files);
        ok = ok && written && diags_count(diags, DIAG_ERROR) == 0;
        if (ok) {
            stats->bytes = write_bytes(w);
            stats->unchanged = write_unchanged(w);
            if (stamped && !build_manifest(w, &stamp, diags, stats)) {
                write_abort(w);
                ok = false;
            } else {
                ok = write_commit(w);
            }
        } else if (w) {
            write_abort(w);
        }
    }
    fileset_free(scratch);
    stats->model_bytes = arena_used(arena);
    templates_free(own_templates);
    load_release(&tree);
    sitefs_close(fs);
    arena_free(arena);
    return ok;
}
