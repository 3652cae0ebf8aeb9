#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limit.h"
#include "strmap.h"
#include "util.h"

/* Returns the byte offset of the first invalid UTF-8 sequence, or len. */
static size_t utf8_invalid_offset(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned min;
        unsigned cp;
        if (c < 0x80) {
            i++;
            /* Then eight bytes at a time while all are ASCII, as nearly all
             * of a site's text is. */
            for (uint64_t word; i + sizeof word <= len; i += sizeof word) {
                memcpy(&word, s + i, sizeof word);
                if (word & 0x8080808080808080u)
                    break;
            }
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        /* Overlong forms, surrogates and code points past U+10FFFF. */
        if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
        i += n + 1;
    }
    return len;
}

/* Line and column (1-based, column in characters) of a byte offset. */
static void offset_position(const char *text, size_t offset, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

bool source_init(Source *out, Arena *arena, Diags *diags, const char *path, const char *data, size_t len)
{
    memset(out, 0, sizeof *out);
    out->path = arena_strdup(arena, path);
    out->text = arena_strndup(arena, data, len);
    out->len = len;
    out->yaml_line = 1;
    size_t bad = utf8_invalid_offset((const unsigned char *)data, len);
    if (bad < len) {
        int line, column;
        offset_position(data, bad, &line, &column);
        diag_add(diags, DIAG_ERROR, path, line, column, "invalid-utf8", NULL,
                 "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", (unsigned char)data[bad]);
        return false;
    }
    if (memchr(data, '\0', len)) {
        int line, column;
        offset_position(data, (size_t)((const char *)memchr(data, '\0', len) - data), &line, &column);
        diag_add(diags, DIAG_ERROR, path, line, column, "invalid-utf8", NULL, "NUL byte in text file");
        return false;
    }
    return true;
}

bool source_read_file(Source *out, Arena *arena, Diags *diags, const char *path, const char *fs_path)
{
    memset(out, 0, sizeof *out);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then
     * refuses everything that is not a regular file. */
    int fd = open(fs_path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "unreadable", NULL, "cannot read file: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "refused-file", NULL,
                 "not a regular file (a folder, FIFO, socket or device); only regular files are read");
        return false;
    }
    if ((uintmax_t)st.st_size > LIMIT_TEXT_FILE_BYTES) {
        close(fd);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "limit", NULL,
                 "file is larger than the limit of %d MB; split it or make it smaller",
                 LIMIT_TEXT_FILE_BYTES / (1024 * 1024));
        return false;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "unreadable", NULL, "cannot read file: %s", strerror(errno));
        return false;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            data = xrealloc(data, cap);
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    bool failed = ferror(f);
    int err = errno;
    fclose(f);
    if (failed) {
        free(data);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "unreadable", NULL, "cannot read file: %s", strerror(err));
        return false;
    }
    bool ok = source_init(out, arena, diags, path, data, len);
    free(data);
    return ok;
}

size_t source_offset(const char *text, size_t len, yaml_mark_t mark)
{
    size_t at = 0;
    for (size_t line = 0; line < mark.line && at < len; at++)
        if (text[at] == '\n')
            line++;
    for (size_t column = 0; column < mark.column && at < len && text[at] != '\n'; column++)
        do
            at++;
        while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80);
    return at;
}

/* libyaml's messages name parser states; an editor needs to know what to
 * change. The common mistakes get a plain explanation, at the place where
 * the fix goes; libyaml's own words follow for the rest. */
static void report_yaml_error(const Source *src, Diags *diags, const yaml_parser_t *parser, const char *text,
                              size_t len, int first_line)
{
    yaml_mark_t m = parser->problem_mark;
    const char *problem = parser->problem ? parser->problem : "invalid YAML";
    const char *context = parser->context ? parser->context : "";
    const char *hint = NULL;
    size_t offset = source_offset(text, len, m);
    char at = offset < len ? text[offset] : '\0';
    if ((at == '\t' && strstr(problem, "cannot start any token")) || strstr(problem, "tab character")) {
        hint = "a tab is used for indentation; indent with spaces only";
    } else if (strstr(problem, "end of stream") && strstr(context, "quoted scalar")) {
        m = parser->context_mark;
        hint = "this quoted text is never closed; add the closing quote";
    } else if (strstr(problem, "mapping values are not allowed")) {
        hint = "unexpected ':'; check this line's indentation, or put text that contains ': ' in quotes";
    } else if (strstr(problem, "did not find expected key") || strstr(problem, "did not find expected '-'")) {
        hint = "this line is not indented like the lines above it";
    }
    int line = (int)m.line + first_line, column = (int)m.column + 1;
    if (hint)
        diag_add(diags, DIAG_ERROR, src->path, line, column, "yaml-syntax", NULL, "YAML syntax: %s", hint);
    else if (*context)
        diag_add(diags, DIAG_ERROR, src->path, line, column, "yaml-syntax", NULL, "YAML syntax: %s %s", problem,
                 context);
    else
        diag_add(diags, DIAG_ERROR, src->path, line, column, "yaml-syntax", NULL, "YAML syntax: %s", problem);
}

/* ---- a YAML document within limits -----------------------------------------
 *
 * libyaml's yaml_parser_load builds the document without bounds: a value
 * nested 100,000 deep makes its scanner quadratic (it revisits every open
 * flow level for each token), and aliases are shared nodes that every walk
 * over the document visits again, so a few lines of `&a [*b, *b, ...]`
 * expand to billions of values. This loader builds the same document from
 * libyaml's events, and stops at the first limit (limit.h), before the work
 * grows.
 *
 * It fills the document's nodes itself, with tags, values and each
 * collection's items in an arena of the source's own, rather than through
 * libyaml's document API: that API makes a malloc for every node's tag and
 * every collection's item stack, and yaml_document_delete frees them one by
 * one, which cost some 6% of a build's instructions (bench/profile). Every
 * reader still sees a yaml_document_t, read through yaml_document_get_node.
 * The node array and the arena are released together by source_release,
 * as soon as a region is validated (the model keeps copies). */

/* Values (nodes) and bytes of scalars, with aliases expanded. */
typedef struct {
    uint64_t values, bytes;
} Expanded;

typedef struct {
    int node;           /* the collection's node id */
    int key;            /* a mapping's key waiting for its value, or 0 */
    size_t items;       /* items (or keys) so far */
    size_t first_child; /* where its items start on Loader.children */
    Expanded expanded;  /* below it, aliases expanded, so far */
} OpenCollection;

typedef struct {
    Source *src;
    Diags *diags;
    int first_line;
    size_t text_len;
    yaml_document_t *doc;
    OpenCollection stack[LIMIT_YAML_DEPTH];
    int depth;
    /* The node ids of the open collections' items (a mapping's as key,
     * value), innermost last: a collection's items go to the arena, in one
     * piece, when it closes. */
    int *children;
    size_t children_len, children_cap;
    Expanded *expanded; /* by node id - 1: a closed node, expanded */
    size_t expanded_cap;
    Expanded total;  /* the whole document, aliases expanded */
    Arena *arena;    /* anchor names and their slots, for this file only */
    StrMap *anchors; /* anchor name -> int slot holding the node id */
    bool failed;
} Loader;

static void loader_report(Loader *l, yaml_mark_t mark, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void loader_report(Loader *l, yaml_mark_t mark, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *message = arena_vprintf(l->arena, fmt, ap);
    va_end(ap);
    diag_add(l->diags, DIAG_ERROR, l->src->path, (int)mark.line + l->first_line, (int)mark.column + 1, code,
             NULL, "%s", message);
    l->failed = true;
}

static void set_expanded(Loader *l, int node, Expanded size)
{
    size_t at = (size_t)node - 1;
    if (at >= l->expanded_cap) {
        size_t cap = l->expanded_cap ? l->expanded_cap * 2 : 256;
        while (cap <= at)
            cap *= 2;
        l->expanded = xrealloc(l->expanded, cap * sizeof *l->expanded);
        l->expanded_cap = cap;
    }
    l->expanded[at] = size;
}

/* Adds `size` (a new node, or an alias's target expanded) to the document,
 * to every open collection and to the site's budget; false past a limit.
 * Bytes count as well as values: an alias to a long text repeats the text
 * in every page and copy made of it. */
static bool count(Loader *l, Expanded size, yaml_mark_t mark)
{
    l->total.values += size.values;
    l->total.bytes += size.bytes;
    for (int i = 0; i < l->depth; i++) {
        l->stack[i].expanded.values += size.values;
        l->stack[i].expanded.bytes += size.bytes;
    }
    SourceBudget *site = l->src->budget;
    if (site) {
        site->values += size.values;
        site->bytes += size.bytes;
    }
    if (l->total.values > LIMIT_YAML_EXPANDED_NODES || l->total.bytes > LIMIT_YAML_EXPANDED_BYTES) {
        loader_report(l, mark, "limit",
                      "this file holds more than %s with its aliases (*name) expanded (the limit); "
                      "repeat less through aliases",
                      l->total.values > LIMIT_YAML_EXPANDED_NODES
                          ? arena_printf(l->arena, "%d values", LIMIT_YAML_EXPANDED_NODES)
                          : arena_printf(l->arena, "%d MB of text", LIMIT_YAML_EXPANDED_BYTES / (1024 * 1024)));
        return false;
    }
    if (site && (site->values > LIMIT_SITE_YAML_VALUES || site->bytes > LIMIT_SITE_YAML_BYTES)) {
        loader_report(l, mark, "limit", "with this file the site's YAML holds more than %s (the limit)",
                      site->values > LIMIT_SITE_YAML_VALUES
                          ? arena_printf(l->arena, "%d values", LIMIT_SITE_YAML_VALUES)
                          : arena_printf(l->arena, "%d MB of text", LIMIT_SITE_YAML_BYTES / (1024 * 1024)));
        return false;
    }
    return true;
}

/* Makes `node` the next item of the open collection, if any. */
static bool attach(Loader *l, int node, yaml_mark_t mark)
{
    if (l->depth == 0)
        return true;
    OpenCollection *parent = &l->stack[l->depth - 1];
    bool mapping = yaml_document_get_node(l->doc, parent->node)->type == YAML_MAPPING_NODE;
    if (mapping && !parent->key) {
        parent->key = node;
        return true;
    }
    if (++parent->items > LIMIT_YAML_ITEMS) {
        loader_report(l, mark, "limit", "more than %d %s in one %s (the limit)", LIMIT_YAML_ITEMS,
                      mapping ? "keys" : "items", mapping ? "mapping" : "list");
        return false;
    }
    if (l->children_len + 2 > l->children_cap) {
        l->children_cap = l->children_cap ? l->children_cap * 2 : 256;
        l->children = xrealloc(l->children, l->children_cap * sizeof *l->children);
    }
    if (mapping)
        l->children[l->children_len++] = parent->key;
    l->children[l->children_len++] = node;
    parent->key = 0;
    return true;
}

/* A new node of `type` with the event's tag and marks: its id, or 0 after
 * reporting a tag that is not UTF-8. */
static int add_node(Loader *l, yaml_node_type_t type, const yaml_char_t *tag, const char *default_tag,
                    const yaml_event_t *e)
{
    /* "!" and no tag both mean "the default for this kind of node". */
    if (!tag || strcmp((const char *)tag, "!") == 0) {
        tag = (const yaml_char_t *)default_tag;
    } else {
        /* The text was checked as UTF-8, but a tag's %-escapes may decode
         * to bytes that are not (libyaml's document API refused those). */
        size_t len = strlen((const char *)tag);
        if (utf8_invalid_offset(tag, len) != len) {
            loader_report(l, e->start_mark, "yaml-syntax", "YAML syntax: a tag (!...) that is not valid UTF-8");
            return 0;
        }
        tag = (const yaml_char_t *)arena_strndup(l->src->yaml_arena, (const char *)tag, len);
    }
    yaml_document_t *doc = l->doc;
    if (doc->nodes.top == doc->nodes.end) {
        /* A node for about every 32 bytes of text, to begin with: a
         * region's file then rarely grows its array, which copies it. */
        size_t len = (size_t)(doc->nodes.top - doc->nodes.start);
        size_t cap = len ? len * 2 : l->text_len / 32 + 16;
        doc->nodes.start = xrealloc(doc->nodes.start, cap * sizeof *doc->nodes.start);
        doc->nodes.top = doc->nodes.start + len;
        doc->nodes.end = doc->nodes.start + cap;
    }
    yaml_node_t *n = doc->nodes.top++;
    *n = (yaml_node_t){.type = type, .tag = (yaml_char_t *)tag, .start_mark = e->start_mark, .end_mark = e->end_mark};
    return (int)(doc->nodes.top - doc->nodes.start);
}

/* A node was added (`node`, 0 when it was refused): anchor, count and
 * place. */
static bool added(Loader *l, int node, const yaml_event_t *e, const yaml_char_t *anchor, uint64_t bytes)
{
    if (!node)
        return false;
    if (anchor) {
        /* An anchor may be defined again; an alias names the latest. */
        int *slot = strmap_get(l->anchors, (const char *)anchor);
        if (!slot) {
            slot = arena_alloc(l->arena, sizeof *slot);
            strmap_put(l->anchors, arena_strdup(l->arena, (const char *)anchor), slot);
        }
        *slot = node;
    }
    Expanded size = {1, bytes};
    set_expanded(l, node, size);
    return count(l, size, e->start_mark) && attach(l, node, e->start_mark);
}

static bool open_collection(Loader *l, int node, const yaml_event_t *e, const yaml_char_t *anchor)
{
    if (l->depth == LIMIT_YAML_DEPTH) {
        loader_report(l, e->start_mark, "limit", "values nested more than %d levels deep (the limit)",
                      LIMIT_YAML_DEPTH);
        return false;
    }
    if (!added(l, node, e, anchor, 0))
        return false;
    l->stack[l->depth++] = (OpenCollection){.node = node, .first_child = l->children_len, .expanded = {1, 0}};
    return true;
}

static void close_collection(Loader *l, const yaml_event_t *e)
{
    OpenCollection *c = &l->stack[--l->depth];
    yaml_node_t *n = yaml_document_get_node(l->doc, c->node);
    n->end_mark = e->end_mark;
    size_t count = l->children_len - c->first_child;
    /* An empty collection ([], {}) has no items: NULL, never NULL + 0,
     * which C leaves undefined (clang's UBSan stops on it; found by
     * fuzz/fuzz_tree.c). */
    const int *ids = count ? l->children + c->first_child : NULL;
    if (n->type == YAML_MAPPING_NODE) {
        size_t pair_count = count / 2;
        yaml_node_pair_t *pairs = pair_count ? arena_alloc(l->src->yaml_arena, pair_count * sizeof *pairs) : NULL;
        for (size_t i = 0; i < pair_count; i++)
            pairs[i] = (yaml_node_pair_t){.key = ids[2 * i], .value = ids[2 * i + 1]};
        n->data.mapping.pairs.start = pairs;
        n->data.mapping.pairs.top = n->data.mapping.pairs.end = pair_count ? pairs + pair_count : NULL;
    } else {
        yaml_node_item_t *items = count ? arena_alloc(l->src->yaml_arena, count * sizeof *items) : NULL;
        if (count)
            memcpy(items, ids, count * sizeof *items);
        n->data.sequence.items.start = items;
        n->data.sequence.items.top = n->data.sequence.items.end = count ? items + count : NULL;
    }
    l->children_len = c->first_child;
    set_expanded(l, c->node, c->expanded);
}

static bool alias(Loader *l, const yaml_event_t *e)
{
    const char *name = (const char *)e->data.alias.anchor;
    const int *slot = strmap_get(l->anchors, name);
    int node = slot ? *slot : 0;
    if (!node) {
        loader_report(l, e->start_mark, "yaml-syntax", "YAML syntax: alias '*%s' names no anchor ('&%s') before it",
                      name, name);
        return false;
    }
    for (int i = 0; i < l->depth; i++)
        if (l->stack[i].node == node) {
            loader_report(l, e->start_mark, "yaml-syntax",
                          "YAML syntax: alias '*%s' is inside the value it names, which would never end", name);
            return false;
        }
    return count(l, l->expanded[node - 1], e->start_mark) && attach(l, node, e->start_mark);
}

/* A scalar node with the event's value, copied to the arena. It is not
 * checked as UTF-8 again: libyaml's scanner has decoded it. */
static int add_scalar(Loader *l, const yaml_event_t *e)
{
    int node = add_node(l, YAML_SCALAR_NODE, e->data.scalar.tag, YAML_DEFAULT_SCALAR_TAG, e);
    if (node) {
        yaml_node_t *n = yaml_document_get_node(l->doc, node);
        n->data.scalar.value =
            (yaml_char_t *)arena_strndup(l->src->yaml_arena, (const char *)e->data.scalar.value, e->data.scalar.length);
        n->data.scalar.length = e->data.scalar.length;
        n->data.scalar.style = e->data.scalar.style;
    }
    return node;
}

static int add_collection(Loader *l, yaml_node_type_t type, const yaml_char_t *tag, int style,
                          const yaml_event_t *e)
{
    int node = add_node(l, type, tag, type == YAML_MAPPING_NODE ? YAML_DEFAULT_MAPPING_TAG : YAML_DEFAULT_SEQUENCE_TAG,
                        e);
    if (node && type == YAML_MAPPING_NODE)
        yaml_document_get_node(l->doc, node)->data.mapping.style = (yaml_mapping_style_t)style;
    else if (node)
        yaml_document_get_node(l->doc, node)->data.sequence.style = (yaml_sequence_style_t)style;
    return node;
}

/* One event into the document; false to stop (a limit, reported). */
static bool load_event(Loader *l, yaml_event_t *e)
{
    switch (e->type) {
    case YAML_SCALAR_EVENT: {
        size_t length = e->data.scalar.length;
        if (length > LIMIT_YAML_SCALAR_BYTES) {
            loader_report(l, e->start_mark, "limit", "a value of more than %d bytes (the limit is %d MB)",
                          LIMIT_YAML_SCALAR_BYTES, LIMIT_YAML_SCALAR_BYTES / (1024 * 1024));
            return false;
        }
        return added(l, add_scalar(l, e), e, e->data.scalar.anchor, length);
    }
    case YAML_SEQUENCE_START_EVENT:
        return open_collection(l,
                               add_collection(l, YAML_SEQUENCE_NODE, e->data.sequence_start.tag,
                                              e->data.sequence_start.style, e),
                               e, e->data.sequence_start.anchor);
    case YAML_MAPPING_START_EVENT:
        return open_collection(l,
                               add_collection(l, YAML_MAPPING_NODE, e->data.mapping_start.tag,
                                              e->data.mapping_start.style, e),
                               e, e->data.mapping_start.anchor);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        close_collection(l, e);
        return true;
    case YAML_ALIAS_EVENT:
        return alias(l, e);
    default:
        return true;
    }
}

/* Loads the first document of the stream, as yaml_parser_load does (an
 * empty stream gives a document without a root). False after reporting a
 * syntax error or a limit; `doc` is then empty. */
static bool load_document(Loader *l, yaml_parser_t *parser, const char *text, size_t len)
{
    *l->doc = (yaml_document_t){.start_implicit = 1, .end_implicit = 1};
    bool in_document = false, done = false;
    while (!done && !l->failed) {
        yaml_event_t e;
        if (!yaml_parser_parse(parser, &e)) {
            report_yaml_error(l->src, l->diags, parser, text, len, l->first_line);
            l->failed = true;
            break;
        }
        if (e.type == YAML_DOCUMENT_START_EVENT)
            in_document = true;
        else if (e.type == YAML_DOCUMENT_END_EVENT || e.type == YAML_STREAM_END_EVENT)
            done = true;
        else if (in_document)
            load_event(l, &e);
        yaml_event_delete(&e);
    }
    if (l->failed) {
        free(l->doc->nodes.start);
        memset(l->doc, 0, sizeof *l->doc);
        arena_free(l->src->yaml_arena);
        l->src->yaml_arena = NULL;
    }
    return !l->failed;
}

static bool parse_yaml_text(Source *src, Diags *diags, const char *text, size_t len, int first_line)
{
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    src->yaml_line = first_line;
    src->yaml_arena = arena_new();
    Arena *arena = arena_new();
    Loader l = {.src = src, .diags = diags, .first_line = first_line, .text_len = len, .doc = &src->yaml,
                .arena = arena, .anchors = strmap_new(arena)};
    bool ok = load_document(&l, &parser, text, len);
    yaml_parser_delete(&parser);
    if (ok && !yaml_document_get_root_node(&src->yaml)) {
        /* An empty file: treat as an empty mapping so "missing key" errors,
         * not a type error, tell the editor what to write. */
        yaml_event_t empty = {.type = YAML_MAPPING_START_EVENT};
        add_collection(&l, YAML_MAPPING_NODE, NULL, YAML_BLOCK_MAPPING_STYLE, &empty);
    }
    arena_free(arena);
    free(l.expanded);
    free(l.children);
    if (!ok)
        return false;
    src->has_yaml = true;
    return true;
}

bool source_parse_yaml(Source *src, Diags *diags)
{
    return parse_yaml_text(src, diags, src->text, src->len, 1);
}

/* Length of the line starting at `p` if it is exactly `---` (with optional
 * trailing spaces and CR), else 0. Includes the newline. */
static size_t fence_length(const char *p, const char *end)
{
    if (end - p < 3 || strncmp(p, "---", 3) != 0)
        return 0;
    const char *q = p + 3;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
        q++;
    if (q == end)
        return (size_t)(q - p);
    if (*q != '\n')
        return 0;
    return (size_t)(q + 1 - p);
}

bool source_parse_markdown(Source *src, Diags *diags)
{
    const char *text = src->text, *end = src->text + src->len;
    /* A byte order mark before the fence is common from Windows editors. */
    if (src->len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    size_t open = fence_length(text, end);
    if (!open) {
        src->body = text;
        src->body_len = (size_t)(end - text);
        return true;
    }
    const char *yaml_start = text + open;
    for (const char *p = yaml_start; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t close = fence_length(p, end);
        if (close) {
            src->body = p + close;
            src->body_len = (size_t)(end - src->body);
            return parse_yaml_text(src, diags, yaml_start, (size_t)(p - yaml_start), 2);
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    diag_add(diags, DIAG_ERROR, src->path, 1, 1, "front-matter", NULL,
             "front matter opened with '---' is never closed; add a line '---' after it");
    return false;
}

void source_release(Source *src)
{
    if (src->has_yaml)
        free(src->yaml.nodes.start);
    arena_free(src->yaml_arena);
    memset(&src->yaml, 0, sizeof src->yaml);
    src->yaml_arena = NULL;
    src->has_yaml = false;
}

Mark source_mark(const Source *src, const yaml_node_t *node)
{
    Mark m = {src->path, (int)node->start_mark.line + src->yaml_line, (int)node->start_mark.column + 1};
    return m;
}

static yaml_node_pair_t *mapping_pair(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key))
            return p;
    }
    return NULL;
}

yaml_node_t *source_mapping_key(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    yaml_node_pair_t *p = mapping_pair(doc, map, key);
    return p ? yaml_document_get_node(doc, p->key) : NULL;
}

yaml_node_t *source_mapping_value(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    yaml_node_pair_t *p = mapping_pair(doc, map, key);
    return p ? yaml_document_get_node(doc, p->value) : NULL;
}

bool source_read_site(Source *out, Arena *arena, Diags *diags, SiteFs *fs, const char *path)
{
    size_t len;
    char *data = sitefs_read(fs, diags, path, LIMIT_TEXT_FILE_BYTES, &len);
    if (!data) {
        memset(out, 0, sizeof *out);
        return false;
    }
    bool ok = source_init(out, arena, diags, path, data, len);
    free(data);
    return ok;
}
