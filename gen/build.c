#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "embedded.h"
#include "load.h"
#include "render.h"
#include "resolve.h"
#include "template.h"
#include "validate.h"
#include "write.h"

static bool is_partial(const char *path)
{
    size_t n = strlen(path);
    return strncmp(path, "layouts/partials/", 17) == 0 && n > 22 && strcmp(path + n - 5, ".html") == 0;
}

/* Parses the page layouts and every partial, the user's before the shipped
 * ones of the same name. */
static Templates *load_templates(Arena *arena, Diags *diags, const char *root)
{
    Templates *t = templates_new();
    for (size_t i = 0; i < render_layout_count; i++) {
        Source src;
        const char *path = arena_printf(arena, "layouts/%s.html", render_layout_names[i]);
        if (load_theme_file(&src, arena, diags, root, path))
            templates_add(t, diags, render_layout_names[i], path, src.text, src.len);
    }
    size_t count, cap;
    char **files = load_list_files(arena, root, "layouts/partials", &count);
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
        if (load_theme_file(&src, arena, diags, root, files[i])) {
            const char *name = arena_strndup(arena, files[i] + 8, strlen(files[i]) - 8 - 5);
            templates_add(t, diags, name, files[i], src.text, src.len);
        }
    }
    return t;
}

/* A whole file as bytes (assets may be images), or NULL with errno set. */
static char *read_bytes(Arena *arena, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f)
        return NULL;
    if (fstat(fileno(f), &st) != 0) {
        fclose(f);
        return NULL;
    }
    char *data = arena_alloc(arena, (size_t)st.st_size + 1);
    *len = fread(data, 1, (size_t)st.st_size, f);
    bool failed = ferror(f) || *len != (size_t)st.st_size;
    fclose(f);
    return failed ? NULL : data;
}

/* The user's assets/ plus the shipped ones the user did not replace. */
static bool write_assets(Arena *arena, Diags *diags, const char *root, Writer *w, long *files)
{
    size_t count;
    char **user = load_list_files(arena, root, "assets", &count);
    for (size_t i = 0; i < embedded_file_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        if (strncmp(f->path, "assets/", 7) != 0)
            continue;
        if (count && bsearch(&f->path, user, count, sizeof(char *), load_compare_names))
            continue;
        if (!write_file(w, f->path, f->data, f->size))
            return false;
        (*files)++;
    }
    for (size_t i = 0; i < count; i++) {
        size_t len;
        char *data = read_bytes(arena, arena_printf(arena, "%s/%s", root, user[i]), &len);
        if (!data) {
            diag_add(diags, DIAG_ERROR, user[i], 0, 0, "unreadable", NULL, "cannot read file: %s", strerror(errno));
            return false;
        }
        if (!write_file(w, user[i], data, len))
            return false;
        (*files)++;
    }
    return true;
}

bool build_run(const BuildOptions *options, Diags *diags, BuildStats *stats)
{
    memset(stats, 0, sizeof *stats);
    Arena *arena = arena_new();
    Tree tree;
    Site site;
    bool ok = load_tree(&tree, arena, diags, options->root);
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
    Templates *templates = NULL;
    if (ok && !options->check_only)
        templates = load_templates(arena, diags, options->root);
    ok = ok && diags_count(diags, DIAG_ERROR) == 0;

    if (ok && !options->check_only) {
        const char *output = options->output ? options->output : arena_printf(arena, "%s/public", options->root);
        Writer *w = options->memory ? write_begin_memory(diags, options->memory) : write_begin(diags, output);
        ok = w != NULL;
        ok = ok &&
             render_site(&site, templates, arena, w, diags, options->only_region, &stats->pages, &stats->files) &&
             write_assets(arena, diags, options->root, w, &stats->files);
        if (ok) {
            stats->bytes = write_bytes(w);
            ok = write_commit(w);
        } else {
            write_abort(w);
        }
    }
    stats->model_bytes = arena_used(arena);
    templates_free(templates);
    load_release(&tree);
    arena_free(arena);
    return ok;
}
