#include "fuzztree.h"

#include <stdlib.h>
#include <string.h>

#include "id.h"
#include "arena.h"
#include "diag.h"
#include "embedded.h"
#include "fileset.h"
#include "load.h"
#include "render.h"
#include "resolve.h"
#include "source.h"
#include "template.h"
#include "theme.h"
#include "validate.h"
#include "write.h"

typedef struct {
    const char *path;
    const char *data;
    size_t len;
    size_t order; /* when it was added: the last of equal paths wins */
} File;

struct FuzzTree {
    Arena *arena;
    File *files;
    size_t count, cap;
};

FuzzTree *fuzztree_new(void)
{
    FuzzTree *tree = calloc(1, sizeof *tree);
    if (!tree)
        abort();
    tree->arena = arena_new();
    return tree;
}

void fuzztree_free(FuzzTree *tree)
{
    if (!tree)
        return;
    arena_free(tree->arena);
    free(tree);
}

void fuzztree_add(FuzzTree *tree, const char *path, const char *data, size_t len)
{
    tree->files = arena_grow(tree->arena, tree->files, sizeof(File), &tree->cap, tree->count + 1);
    tree->files[tree->count] = (File){arena_strdup(tree->arena, path), arena_strndup(tree->arena, data, len), len,
                                      tree->count};
    tree->count++;
}

static int compare_files(const void *a, const void *b)
{
    const File *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

/* The file at `path`, or NULL. Trees are a handful of files: a linear
 * search is plenty. */
static const File *find_file(const FuzzTree *tree, const char *path)
{
    for (size_t i = 0; i < tree->count; i++)
        if (strcmp(path, tree->files[i].path) == 0)
            return &tree->files[i];
    return NULL;
}

/* A name load's folder listing would return: not hidden, no '/'. */
static bool plain_name(const char *s, size_t len)
{
    return len > 0 && s[0] != '.' && !memchr(s, '/', len);
}

/* `path` is `dir` + "/" + NAME.md with a plain NAME (load's filter:
 * longer than the suffix). */
static bool is_markdown_in(const char *path, const char *dir)
{
    size_t d = strlen(dir), n = strlen(path);
    if (strncmp(path, dir, d) != 0 || path[d] != '/')
        return false;
    const char *name = path + d + 1;
    size_t len = n - d - 1;
    return plain_name(name, len) && len > 3 && strcmp(name + len - 3, ".md") == 0;
}

static bool read_source(Source *out, Arena *arena, Diags *diags, const File *f, bool markdown)
{
    if (!source_init(out, arena, diags, f->path, f->data, f->len))
        return false;
    return markdown ? source_parse_markdown(out, diags) : source_parse_yaml(out, diags);
}

/* The guidance pages directly in `dir`, as load's read_guidance_dir. */
static Source *read_guidance(FuzzTree *tree, Diags *diags, const char *dir, size_t *count)
{
    Source *pages = NULL;
    size_t cap = 0;
    *count = 0;
    for (size_t i = 0; i < tree->count; i++) {
        if (!is_markdown_in(tree->files[i].path, dir))
            continue;
        pages = arena_grow(tree->arena, pages, sizeof(Source), &cap, *count + 1);
        if (read_source(&pages[*count], tree->arena, diags, &tree->files[i], true))
            (*count)++;
        else
            source_release(&pages[*count]);
    }
    return pages;
}

/* The region folders: every plain name that has a file below
 * content/regions/NAME/, in name order (the files are sorted). */
static void read_regions(FuzzTree *tree, Diags *diags, Tree *out)
{
    static const char prefix[] = "content/regions/";
    const size_t plen = sizeof prefix - 1;
    size_t cap = 0;
    const char *last = NULL;
    size_t last_len = 0;
    for (size_t i = 0; i < tree->count; i++) {
        const char *p = tree->files[i].path;
        const char *slash = strncmp(p, prefix, plen) == 0 ? strchr(p + plen, '/') : NULL;
        if (!slash || !plain_name(p + plen, (size_t)(slash - p - plen)))
            continue;
        size_t len = (size_t)(slash - p - plen);
        if (last && len == last_len && memcmp(last, p + plen, len) == 0)
            continue;
        last = p + plen;
        last_len = len;
        char *id = arena_strndup(tree->arena, p + plen, len);
        const char *dir = arena_printf(tree->arena, "content/regions/%s", id);
        if (!id_is_valid(id)) {
            diag_add(diags, DIAG_ERROR, dir, 0, 0, "bad-id", NULL, "region folder name '%s' is not a valid id", id);
            continue;
        }
        if (!strcmp(id, "assets") || !strcmp(id, "guidance")) {
            diag_add(diags, DIAG_ERROR, dir, 0, 0, "reserved-id", NULL, "region id '%s' is reserved", id);
            continue;
        }
        out->regions = arena_grow(tree->arena, out->regions, sizeof(RegionSources), &cap, out->region_count + 1);
        RegionSources *r = &out->regions[out->region_count++];
        memset(r, 0, sizeof *r);
        r->id = id;
        const File *f = find_file(tree, arena_printf(tree->arena, "%s/region.yaml", dir));
        if (!f)
            diag_add(diags, DIAG_ERROR, dir, 0, 0, "missing-file", NULL, "region folder '%s' has no region.yaml", id);
        else
            read_source(&r->region, tree->arena, diags, f, false);
        f = find_file(tree, arena_printf(tree->arena, "%s/index.md", dir));
        if (f)
            r->has_intro = read_source(&r->intro, tree->arena, diags, f, true);
        r->guidance = read_guidance(tree, diags, arena_printf(tree->arena, "%s/guidance", dir), &r->guidance_count);
    }
}

/* load_tree over the files in memory; false without a site.yaml. */
static bool load_files(FuzzTree *tree, Diags *diags, Tree *out)
{
    memset(out, 0, sizeof *out);
    if (tree->count)
        qsort(tree->files, tree->count, sizeof(File), compare_files);
    /* Keep the last of equal paths, as a folder holds one file a name. */
    size_t kept = 0;
    for (size_t i = 0; i < tree->count; i++) {
        if (kept && strcmp(tree->files[kept - 1].path, tree->files[i].path) == 0)
            kept--;
        tree->files[kept++] = tree->files[i];
    }
    tree->count = kept;
    const File *site = find_file(tree, "content/site.yaml");
    if (!site)
        return false;
    read_source(&out->site, tree->arena, diags, site, false);
    const File *catalog = find_file(tree, "content/catalog.yaml");
    if (catalog)
        out->has_catalog = read_source(&out->catalog, tree->arena, diags, catalog, false);
    const File *strings = find_file(tree, "layouts/strings.yaml");
    const EmbeddedFile *shipped = embedded_find("layouts/strings.yaml");
    File fallback = {"layouts/strings.yaml", shipped ? (const char *)shipped->data : "", shipped ? shipped->size : 0, 0};
    read_source(&out->strings, tree->arena, diags, strings ? strings : &fallback, false);
    out->guidance = read_guidance(tree, diags, "content/guidance", &out->guidance_count);
    read_regions(tree, diags, out);
    return true;
}

static Templates *shipped;

static void shipped_free(void)
{
    templates_free(shipped);
}

Templates *fuzztree_shipped_templates(void)
{
    if (shipped)
        return shipped;
    shipped = templates_new();
    atexit(shipped_free);
    Diags *diags = diags_new();
    Arena *names = arena_new();
    for (size_t i = 0; i < theme_page_layout_count; i++) {
        const EmbeddedFile *f = embedded_find(arena_printf(names, "layouts/%s.html", theme_page_layouts[i]));
        if (!f)
            abort(); /* the build embeds every layout render needs */
        templates_add(shipped, diags, theme_page_layouts[i], f->path, (const char *)f->data, f->size);
    }
    for (size_t i = 0; i < embedded_file_count; i++) {
        const char *name = theme_partial_name(names, embedded_files[i].path);
        if (name)
            templates_add(shipped, diags, name, embedded_files[i].path, (const char *)embedded_files[i].data,
                          embedded_files[i].size);
    }
    if (diags_len(diags))
        abort(); /* the shipped layouts parse; anything else is a broken build */
    arena_free(names);
    diags_free(diags);
    return shipped;
}

size_t fuzztree_run(FuzzTree *tree, bool render)
{
    Diags *diags = diags_new();
    Tree sources;
    Site site;
    if (!load_files(tree, diags, &sources)) {
        diags_free(diags);
        return 0;
    }
    validate_tree(&site, tree->arena, diags, &sources);
    load_release(&sources);
    /* A fixed "today", so the staleness check runs and results repeat. */
    site.today = "2026-01-01";
    resolve_site(&site, tree->arena, diags);
    if (render && diags_count(diags, DIAG_ERROR) == 0) {
        FileSet *files = fileset_new();
        Writer *w = write_begin_memory(diags, files);
        long pages = 0, written = 0;
        if (w && render_site(&site, fuzztree_shipped_templates(), tree->arena, w, diags, NULL, 1, &pages, &written))
            write_commit(w);
        else
            write_abort(w);
        fileset_free(files);
    }
    /* The diagnostics are formatted as the CLI would print them: that
     * code reads every path, message and suggestion. */
    Buf out = BUF_INIT;
    diags_sort(diags);
    diags_format_gcc(diags, &out);
    diags_format_json(diags, &out);
    buf_free(&out);
    size_t errors = diags_count(diags, DIAG_ERROR);
    diags_free(diags);
    return errors;
}
