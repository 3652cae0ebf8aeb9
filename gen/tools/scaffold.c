#include "scaffold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "embedded.h"
#include "id.h"
#include "sitefs.h"
#include "source.h"
#include "util.h"
#include "write.h"
#include "yamledit.h"

/* The shipped text `name` with each {{key}} replaced by its value. */
static void fill(Buf *out, const char *name, const char *const *pairs)
{
    const EmbeddedFile *f = embedded_find(name);
    const char *p = f ? (const char *)f->data : "";
    while (*p) {
        const char *open = strstr(p, "{{");
        if (!open) {
            buf_puts(out, p);
            break;
        }
        buf_append(out, p, (size_t)(open - p));
        const char *close = strstr(open, "}}");
        const char *value = NULL;
        for (size_t i = 0; close && pairs[i]; i += 2)
            if (strlen(pairs[i]) == (size_t)(close - open - 2) && !strncmp(pairs[i], open + 2, strlen(pairs[i])))
                value = pairs[i + 1];
        if (!value) {
            buf_append(out, open, 2);
            p = open + 2;
            continue;
        }
        buf_puts(out, value);
        p = close + 2;
    }
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static bool check_id(Diags *diags, const char *id, const char *what)
{
    if (id_is_valid(id))
        return true;
    diag_add(diags, DIAG_ERROR, id, 0, 0, "bad-id", NULL,
             "'%s' is not a valid %s id: use lowercase letters, digits and '-'", id, what);
    return false;
}

static bool create(Diags *diags, Buf *done, const char *path, const Buf *text)
{
    if (!write_new_file(diags, path, text->data, text->len))
        return false;
    buf_printf(done, "created %s\n", path);
    return true;
}

/* The JSON Schemas the yaml-language-server lines point at, unless the
 * site has them already. */
bool scaffold_write_schemas(const char *root, Diags *diags, Buf *done)
{
    bool ok = true;
    for (size_t i = 0; i < embedded_file_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        if (strncmp(f->path, "schema/", 7) != 0)
            continue;
        Buf path = BUF_INIT;
        buf_printf(&path, "%s/%s", root, f->path);
        if (!sitefs_check_unlinked(diags, root, f->path, path.data))
            ok = false;
        else if (!exists(path.data)) {
            ok = write_new_file(diags, path.data, f->data, f->size) && ok;
            if (ok)
                buf_printf(done, "created %s\n", path.data);
        }
        buf_free(&path);
    }
    return ok;
}

/* A region's display name from its id: "utrecht-west" → "Utrecht west". */
char *scaffold_name_from_id(const char *id)
{
    char *name = xstrdup(id);
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = ' ';
    if (name[0] >= 'a' && name[0] <= 'z')
        name[0] = (char)(name[0] - 'a' + 'A');
    return name;
}

static bool write_region(const char *root, const char *id, const char *today, Diags *diags, Buf *done)
{
    char *name = scaffold_name_from_id(id);
    const char *pairs[] = {"id", id, "name", name, "today", today, NULL};
    Buf text = BUF_INIT, path = BUF_INIT;
    fill(&text, "scaffold/region.yaml", pairs);
    buf_printf(&path, "%s/content/regions/%s/region.yaml", root, id);
    const char *rel = path.data + strlen(root) + 1;
    bool ok = sitefs_check_unlinked(diags, root, rel, path.data) && create(diags, done, path.data, &text);
    buf_free(&text);
    buf_free(&path);
    free(name);
    return ok;
}

bool scaffold_site(const char *dir, const char *today, Diags *diags, Buf *done)
{
    Buf content = BUF_INIT;
    buf_printf(&content, "%s/content", dir);
    bool ok = !exists(content.data);
    if (!ok)
        diag_add(diags, DIAG_ERROR, content.data, 0, 0, "exists", NULL,
                 "already exists; a new site needs a folder without content/");
    static const char *const files[] = {"site.yaml", "catalog.yaml"};
    for (size_t i = 0; ok && i < 2; i++) {
        const char *pairs[] = {"today", today, NULL};
        Buf text = BUF_INIT, path = BUF_INIT;
        buf_printf(&path, "%s/%s", content.data, files[i]);
        fill(&text, i ? "scaffold/catalog.yaml" : "scaffold/site.yaml", pairs);
        ok = create(diags, done, path.data, &text);
        buf_free(&text);
        buf_free(&path);
    }
    ok = ok && write_region(dir, "voorbeeld", today, diags, done) && scaffold_write_schemas(dir, diags, done);
    if (ok)
        buf_printf(done, "Next: cd %s && routekaart serve   (then open http://127.0.0.1:1313/)\n", dir);
    buf_free(&content);
    return ok;
}

bool scaffold_region(const char *root, const char *id, const char *today, Diags *diags, Buf *done)
{
    if (!check_id(diags, id, "region"))
        return false;
    Buf content = BUF_INIT;
    buf_printf(&content, "%s/content/site.yaml", root);
    bool ok = exists(content.data);
    if (!ok)
        diag_add(diags, DIAG_ERROR, content.data, 0, 0, "missing-file", NULL,
                 "no site here; run this in the folder that holds content/, or give it with -C DIR");
    ok = ok && write_region(root, id, today, diags, done) && scaffold_write_schemas(root, diags, done);
    if (ok)
        buf_printf(done, "Next: fill in content/regions/%s/region.yaml; check it with: routekaart check\n", id);
    buf_free(&content);
    return ok;
}

/* The entry text, shifted so its '-' lands at `dash_column` (the shipped
 * text has it at column 2). */
static void provision_entry(Buf *out, const char *id, const char *today, int dash_column)
{
    const char *pairs[] = {"id", id, "title", "Nieuwe voorziening", "today", today, NULL};
    Buf text = BUF_INIT;
    fill(&text, "scaffold/provision.yaml", pairs);
    for (const char *line = text.data; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
        int shift = dash_column - 2;
        if (shift < 0 && strncmp(line, "  ", 2) == 0)
            line += -shift, len -= (size_t)-shift;
        for (int i = 0; i < shift; i++)
            buf_putc(out, ' ');
        buf_append(out, line, len);
        line = nl ? nl + 1 : NULL;
    }
    buf_free(&text);
}

static bool has_entry(yaml_document_t *doc, yaml_node_t *list, const char *id)
{
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_document_get_node(doc, *it);
        yaml_node_t *v = source_mapping_value(doc, item, "id");
        if (!v)
            v = source_mapping_value(doc, item, "use");
        if (v && v->type == YAML_SCALAR_NODE && !strcmp((const char *)v->data.scalar.value, id))
            return true;
    }
    return false;
}

/* A block list (`- ` on each line): the entry goes after its last item,
 * at the same indent. */
static void append_to_block_list(Buf *out, const Source *src, const yaml_node_t *list, const char *id,
                                 const char *today)
{
    int dash = (int)list->start_mark.column;
    size_t at = yamledit_block_end(src->text, source_offset(src->text, src->len, list->end_mark), dash);
    buf_append(out, src->text, at);
    provision_entry(out, id, today, dash);
    buf_append(out, src->text + at, src->len - at);
}

static bool is_empty_value(const yaml_node_t *list)
{
    return (list->type == YAML_SEQUENCE_NODE && list->data.sequence.items.start == list->data.sequence.items.top) ||
           (list->type == YAML_SCALAR_NODE && !list->data.scalar.length);
}

/* `provisions:` or `provisions: []`: the entry replaces the value. */
static void replace_empty_value(Buf *out, const Source *src, const yaml_node_t *list, const char *id,
                                const char *today)
{
    size_t from = source_offset(src->text, src->len, list->start_mark);
    size_t to = source_offset(src->text, src->len, list->end_mark);
    while (from > 0 && src->text[from - 1] == ' ')
        from--; /* no trailing space after 'provisions:' */
    buf_append(out, src->text, from);
    buf_puts(out, "\n");
    provision_entry(out, id, today, 2);
    size_t rest = to;
    while (rest < src->len && src->text[rest] != '\n')
        rest++;
    if (rest < src->len)
        rest++;
    buf_append(out, src->text + rest, src->len - rest);
}

static void append_new_list(Buf *out, const Source *src, const char *id, const char *today)
{
    buf_append(out, src->text, src->len);
    buf_puts(out, "\nprovisions:\n");
    provision_entry(out, id, today, 2);
}

/* Writes to `out` the region file `src` with the new provision added to
 * its list. False, reported, when the region has that provision already or
 * its list is written in a way that cannot be added to. */
static bool add_provision(Buf *out, Source *src, Diags *diags, const char *path, const char *region, const char *id,
                          const char *today)
{
    yaml_document_t *doc = &src->yaml;
    yaml_node_t *list = source_mapping_value(doc, yaml_document_get_root_node(doc), "provisions");
    bool sequence = list && list->type == YAML_SEQUENCE_NODE;
    if (sequence && has_entry(doc, list, id)) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "duplicate-id", NULL, "region '%s' already has a provision '%s'",
                 region, id);
        return false;
    }
    if (sequence && list->data.sequence.style == YAML_BLOCK_SEQUENCE_STYLE) {
        append_to_block_list(out, src, list, id, today);
    } else if (list && !is_empty_value(list)) {
        diag_add(diags, DIAG_ERROR, path, (int)list->start_mark.line + 1, (int)list->start_mark.column + 1,
                 "wrong-type", NULL, "'provisions' is not a list written with '- ' on each line; cannot add to it");
        return false;
    } else if (list) {
        replace_empty_value(out, src, list, id, today);
    } else {
        append_new_list(out, src, id, today);
    }
    return true;
}

bool scaffold_provision(const char *root, const char *region, const char *id, const char *today, Diags *diags,
                        Buf *done)
{
    if (!check_id(diags, region, "region") || !check_id(diags, id, "provision"))
        return false;
    Buf path = BUF_INIT;
    buf_printf(&path, "%s/content/regions/%s/region.yaml", root, region);
    Arena *arena = arena_new();
    Source src;
    memset(&src, 0, sizeof src);
    Buf out = BUF_INIT;
    bool ok = sitefs_check_unlinked(diags, root, path.data + strlen(root) + 1, path.data) &&
              yamledit_read(&src, arena, diags, path.data) &&
              add_provision(&out, &src, diags, path.data, region, id, today) &&
              write_replace_file(diags, path.data, out.data, out.len);
    if (ok)
        buf_printf(done, "added provision '%s' to %s\nNext: fill it in; check it with: routekaart check\n", id,
                   path.data);
    source_release(&src);
    arena_free(arena);
    buf_free(&out);
    buf_free(&path);
    return ok;
}
