#include "template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "html.h"
#include "markdown.h"
#include "qr.h"
#include "util.h"

typedef struct Element Element;

/* One piece of a compiled layout (see compile_layout): fixed HTML, or an
 * element filled per page. */
typedef struct {
    const char *html; /* NULL for an element */
    size_t len;
    const Element *element;
} Part;

typedef struct {
    Part *parts;
    size_t count, cap;
} Parts;

typedef struct {
    char *name;
    char *path;   /* for messages: layouts/x.html */
    char *source; /* the file's text, to find an attribute's column */
    htmlDocPtr doc;
    Parts parts;  /* compiled for filling */
    /* What libxml2 writes round a page's nodes: the doctype, a newline. */
    const char *prefix, *suffix;
    size_t prefix_len, suffix_len;
} Layout;

struct Templates {
    Layout *layouts;
    size_t count, cap;
    Arena *arena; /* the compiled layouts */
    QrCache *qr;  /* not owned; NULL: none */
};

/* The names bound by rk-each, innermost last. Loops in layouts nest a few
 * levels deep; the limit only guards against a runaway layout. */
enum { MAX_BINDINGS = 64 };

/* Partials nest a level or two; the limit only guards against a runaway
 * chain of distinct partials. */
enum { MAX_INCLUDES = 16 };

typedef struct {
    const Templates *templates;
    const Value *root;
    Arena *arena;
    Diags *diags;          /* NULL: render without reporting */
    Buf *out;
    xmlDocPtr scratch;     /* see scratch_doc */
    const char *names[MAX_BINDINGS];
    const Value *values[MAX_BINDINGS];
    int depth;
    /* The partials being included, outermost first (see include_partial). */
    const char *including[MAX_INCLUDES];
    int include_depth;
} Scope;

Templates *templates_new(void)
{
    Templates *templates = xcalloc(1, sizeof(Templates));
    templates->arena = arena_new();
    return templates;
}

void templates_use_qr_cache(Templates *templates, QrCache *cache)
{
    templates->qr = cache;
}

void templates_free(Templates *templates)
{
    if (!templates)
        return;
    for (size_t i = 0; i < templates->count; i++) {
        free(templates->layouts[i].name);
        free(templates->layouts[i].path);
        free(templates->layouts[i].source);
        xmlFreeDoc(templates->layouts[i].doc);
    }
    free(templates->layouts);
    arena_free(templates->arena);
    free(templates);
}

static const Layout *find_layout(const Templates *templates, const char *name)
{
    for (size_t i = 0; i < templates->count; i++)
        if (strcmp(templates->layouts[i].name, name) == 0)
            return &templates->layouts[i];
    return NULL;
}

static void compile_layout(Templates *templates, size_t index);

bool templates_add(Templates *templates, Diags *diags, const char *name, const char *path, const char *html,
                   size_t len)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "layout", NULL, "layout cannot be parsed as HTML");
        return false;
    }
    if (templates->count == templates->cap) {
        templates->cap = templates->cap ? templates->cap * 2 : 8;
        templates->layouts = xrealloc(templates->layouts, templates->cap * sizeof(Layout));
    }
    char *source = xmalloc(len + 1);
    memcpy(source, html, len);
    source[len] = '\0';
    templates->layouts[templates->count++] = (Layout){xstrdup(name), xstrdup(path), source, doc, {0}, NULL, NULL, 0, 0};
    compile_layout(templates, templates->count - 1);
    return true;
}

/* Where an attribute is written: the line libxml2 kept for its element,
 * and the column where the attribute's name starts. A start tag may span
 * lines and a line may hold several tags, so the search runs over a few
 * lines from the element's and prefers the attribute with this value; HTML
 * names ignore case. Column 1 when the text cannot be found. */
static void attribute_position(const Layout *layout, xmlNodePtr node, const char *attribute, const char *value,
                               int *line, int *column)
{
    long start = node ? xmlGetLineNo(node) : 0;
    *line = start > 0 ? (int)start : 0;
    *column = 1;
    if (*line == 0)
        return;
    const char *p = layout->source;
    for (long l = 1; l < start && p; l++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    size_t n = strlen(attribute), v = value ? strlen(value) : 0;
    const char *first = NULL, *best = NULL;
    for (int lines = 0; p && *p && lines < 40 && !best; p++) {
        if (*p == '\n')
            lines++;
        if ((p == layout->source || !isalnum((unsigned char)p[-1])) && strncasecmp(p, attribute, n) == 0 &&
            !(isalnum((unsigned char)p[n]) || p[n] == '-')) {
            const char *q = p + n;
            while (*q == ' ' || *q == '=' || *q == '"' || *q == '\'')
                q++;
            if (!first)
                first = p;
            if (v == 0 || strncmp(q, value, v) == 0)
                best = p;
        }
    }
    const char *at = best ? best : first;
    if (!at)
        return;
    int l = 1, col = 1;
    for (const char *b = layout->source; b < at; b++) {
        if (*b == '\n') {
            l++;
            col = 1;
        } else if (((unsigned char)*b & 0xC0) != 0x80) {
            col++;
        }
    }
    *line = l;
    *column = col;
}

/* Adds a layout problem once: a layout is filled for every page, and its
 * mistake is one mistake. */
static void report_once(Diags *diags, const char *path, int line, int column, const char *code,
                        const char *suggestion, const char *message)
{
    for (size_t i = 0; i < diags_len(diags); i++) {
        const Diag *d = diags_at(diags, i);
        if (d->line == line && d->column == column && strcmp(d->path, path) == 0 && strcmp(d->message, message) == 0)
            return;
    }
    diag_add(diags, DIAG_ERROR, path, line, column, code, suggestion, "%s", message);
}

static bool is_identifier(const char *s, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

/* A path: names joined by dots (`provision.provider.name`). */
static bool is_path(const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++)
        if (i == n || s[i] == '.') {
            if (!is_identifier(s + start, i - start))
                return false;
            start = i + 1;
        }
    return true;
}

static const char *trimmed(Arena *arena, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    return arena_strndup(arena, s, n);
}

/* A path of a layout (`p.provider.name`) taken apart once, when the layout
 * is compiled: every page looks its parts up, and their hashes are worked
 * out here. `text` is the path as written, for messages; `start` is where it
 * begins after leading spaces (messages quote it from there); each part's
 * name points into it. */
typedef struct {
    const char *text, *start;
    ValueKey *parts;
    size_t count;
} Path;

static const Path *path_compile(Arena *arena, const char *text)
{
    Path *path = arena_alloc(arena, sizeof *path);
    path->text = text;
    path->start = text;
    while (*path->start == ' ')
        path->start++;
    size_t cap = 0;
    for (const char *rest = path->start; *rest;) {
        size_t n = strcspn(rest, ".");
        path->parts = arena_grow(arena, path->parts, sizeof *path->parts, &cap, path->count + 1);
        path->parts[path->count++] = value_key(rest, n);
        rest += n + (rest[n] == '.');
    }
    return path;
}

/* An rk-if or rk-unless expression taken apart: `path`, or `path == word`
 * or `path != word` (`word` NULL for the first). The path loses the spaces
 * around it, the word those before it. Rendering and templates_check read
 * the expression the same way. */
typedef struct {
    const char *path, *word;
    bool negate;
    const Path *compiled; /* `path`, for rendering */
} Condition;

static Condition condition_parse(Arena *arena, const char *expr)
{
    const char *op = strstr(expr, "==");
    bool negate = false;
    if (!op) {
        op = strstr(expr, "!=");
        negate = op != NULL;
    }
    if (!op)
        return (Condition){trimmed(arena, expr), NULL, false, NULL};
    const char *word = op + 2;
    while (*word == ' ')
        word++;
    return (Condition){trimmed(arena, arena_strndup(arena, expr, (size_t)(op - expr))), word, negate, NULL};
}

typedef enum {
    ATTRIBUTE_FIXED, /* written in the layout: name="value" */
    ATTRIBUTE_SET,   /* rk-attr-NAME: set NAME, or remove it */
    ATTRIBUTE_CLASS, /* rk-class: add to class */
} AttributeKind;

typedef struct {
    AttributeKind kind;
    const char *name;     /* the attribute in the output (FIXED, SET) */
    const char *template; /* the rk-* attribute, for messages (SET, CLASS) */
    const char *value;    /* FIXED: its text */
    const Path *path;     /* SET, CLASS */
    const char *html;     /* FIXED: ` name="value"` as libxml2 writes it */
    size_t len;
} Attribute;

struct Element {
    xmlNodePtr node; /* in its layout, for messages */
    size_t layout;
    const char *name;
    /* rk-each="x in path": each_path NULL when the expression has no " in ". */
    bool each;
    const char *each_name, *index_name, *count_name;
    const Path *each_path;
    bool has_if, has_unless;
    Condition if_condition, unless_condition;
    const char *include; /* "partials/NAME" */
    const Path *qr, *text, *md;
    const Path *json; /* rk-json: the content of a JSON data block */
    int md_shift;
    Attribute *attributes;
    size_t attribute_count;
    /* The start tag when no attribute is filled in: "<a class=\"x\">". */
    const char *start_tag;
    size_t start_len;
    bool is_void;     /* <br>, <img>: no content, no end tag */
    bool keeps_empty; /* <li> with nothing in it is written without </li> */
    Parts children;
};

/* A part of `path` that object `owner` does not have: a mistake in the
 * layout, reported once at the attribute, with the nearest key. */
static void report_unknown_field(const Scope *scope, const Element *e, const char *attribute, const Path *path,
                                 const Value *owner, const ValueKey *part)
{
    const Layout *layout = &scope->templates->layouts[e->layout];
    const char *name = arena_strndup(scope->arena, part->name, part->len);
    size_t keys = value_length(owner);
    const char **names = arena_alloc(scope->arena, (keys ? keys : 1) * sizeof *names);
    for (size_t k = 0; k < keys; k++)
        names[k] = value_key_at(owner, k);
    int line, column;
    attribute_position(layout, e->node, attribute, path->start, &line, &column);
    const char *whole = arena_strndup(scope->arena, path->start, strcspn(path->start, " "));
    const char *before = part->name > path->start
                             ? arena_strndup(scope->arena, path->start, (size_t)(part->name - path->start - 1))
                             : NULL;
    report_once(scope->diags, layout->path, line, column, "layout-unknown-field", closest_spelling(name, names, keys),
                before ? arena_printf(scope->arena, "%s=\"%s\": '%s' has no field '%s'", attribute, whole, before, name)
                       : arena_printf(scope->arena, "%s=\"%s\": this page has no value '%s'", attribute, whole,
                                      name));
}

/* The value `path` names: its first part is a name bound by rk-each
 * (innermost first) or a key of the context. A part that an object does
 * not have is a mistake in the layout (a typo such as `l.lable`), reported
 * at `node`'s `attribute`; a part of a null or missing value is simply
 * absent (an optional field). */
static const Value *lookup_at(const Scope *scope, const Element *e, const char *attribute, const Path *path)
{
    const ValueKey empty = {"", 0, 0};
    const ValueKey *head = path->count ? &path->parts[0] : &empty;
    const Value *cur = scope->root;
    size_t first = 0;
    for (int i = scope->depth - 1; i >= 0; i--)
        if (strncmp(scope->names[i], head->name, head->len) == 0 && scope->names[i][head->len] == '\0') {
            cur = scope->values[i];
            first = 1;
            break;
        }
    for (size_t k = first; cur && k < path->count; k++) {
        const ValueKey *part = &path->parts[k];
        const Value *next = value_get_key(cur, part);
        /* A malformed expression is reported by templates_check. */
        if (!next && value_type(cur) == VALUE_OBJECT && scope->diags && is_identifier(part->name, part->len))
            report_unknown_field(scope, e, attribute, path, cur, part);
        cur = next;
    }
    return cur;
}

/* Evaluates an rk-if or rk-unless condition of `e`. */
static bool condition(const Scope *scope, const Element *e, const char *attribute, const Condition *c)
{
    if (!c->word)
        return value_truthy(lookup_at(scope, e, attribute, c->compiled));
    const char *text = value_text(scope->arena, lookup_at(scope, e, attribute, c->compiled));
    bool equal = text && strcmp(text, c->word) == 0;
    return c->negate ? !equal : equal;
}

/* Text from content may open a bidi embedding, override or isolate (U+202A
 * to U+202E, U+2066 to U+2068) and never close it; on the page that
 * reorders whatever follows the element, and CSS isolation cannot stop an
 * unmatched isolate. Closes what is left open, innermost first, as the
 * Unicode bidi algorithm pairs them (UAX #9: PDF closes an embedding inside
 * the innermost isolate, PDI closes the isolate and all inside it). */
static const char *bidi_balanced(Arena *arena, const char *text)
{
    /* Every bidi control is encoded from a 0xE2 byte: one fast scan rules
     * out nearly every text. */
    if (!text || !strchr(text, '\xE2'))
        return text;
    enum { MAX_OPEN = 125 }; /* UAX #9's max_depth */
    char open[MAX_OPEN];     /* 'e' embedding/override, 'i' isolate */
    int depth = 0, overflow = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (p[0] != 0xE2 || (p[1] != 0x80 && p[1] != 0x81) || !p[2])
            continue;
        unsigned code = (p[1] == 0x80 ? 0x2000u : 0x2040u) + (p[2] & 0x3Fu);
        if ((code >= 0x202A && code <= 0x202B) || (code >= 0x202D && code <= 0x202E) ||
            (code >= 0x2066 && code <= 0x2068)) {
            if (depth < MAX_OPEN)
                open[depth++] = code >= 0x2066 ? 'i' : 'e';
            else
                overflow++;
        } else if (code == 0x202C) {
            if (overflow)
                overflow--;
            else if (depth && open[depth - 1] == 'e')
                depth--;
        } else if (code == 0x2069) {
            int isolate = depth - 1;
            while (isolate >= 0 && open[isolate] != 'i')
                isolate--;
            if (isolate >= 0) {
                depth = isolate;
                overflow = 0;
            }
        }
    }
    if (!depth)
        return text;
    size_t len = strlen(text);
    char *out = arena_alloc(arena, len + (size_t)depth * 3 + 1);
    memcpy(out, text, len);
    char *w = out + len;
    while (depth--) {
        memcpy(w, open[depth] == 'i' ? "\xE2\x81\xA9" : "\xE2\x80\xAC", 3);
        w += 3;
    }
    *w = '\0';
    return out;
}

/* ---- layouts compiled for filling -------------------------------------
 *
 * A layout is taken apart once, when it is added: every node without an
 * rk-* attribute in it is serialised by libxml2 there and then, and runs of
 * them become one fixed piece of HTML. What is left are the elements that
 * carry rk-* attributes (or hold such elements), kept with their
 * expressions parsed. Filling a page writes the fixed pieces as they are
 * and the filled-in values through gen/html.h, which escapes them as
 * libxml2's serialiser would: the page is byte for byte the one a copy of
 * the layout's DOM, filled and dumped, would give, without copying a DOM
 * per page. */

static void parts_add(Arena *arena, Parts *parts, Part part)
{
    parts->parts = arena_grow(arena, parts->parts, sizeof(Part), &parts->cap, parts->count + 1);
    parts->parts[parts->count++] = part;
}

static bool has_template_attributes(xmlNodePtr node)
{
    if (node->type != XML_ELEMENT_NODE)
        return false;
    for (xmlAttrPtr attr = node->properties; attr; attr = attr->next)
        if (strncmp((const char *)attr->name, "rk-", 3) == 0)
            return true;
    for (xmlNodePtr child = node->children; child; child = child->next)
        if (has_template_attributes(child))
            return true;
    return false;
}

/* The start tag libxml2 writes for `element` alone (its attributes, no
 * children): its serialisation without the end tag. */
static char *start_tag_of(Arena *arena, xmlDocPtr doc, xmlNodePtr element, size_t *len)
{
    Buf html = BUF_INIT;
    html_append_node(&html, doc, element);
    Buf end = BUF_INIT;
    buf_printf(&end, "</%s>", (const char *)element->name);
    if (html.len >= end.len && memcmp(html.data + html.len - end.len, end.data, end.len) == 0)
        html.len -= end.len;
    buf_free(&end);
    *len = html.len;
    char *tag = arena_strndup(arena, buf_cstr(&html), html.len);
    buf_free(&html);
    return tag;
}

/* Appends a copy of `attr` to `element`'s attributes. */
static void append_attribute_copy(xmlNodePtr element, xmlAttrPtr attr)
{
    xmlAttrPtr copy = xmlCopyProp(element, attr);
    if (!element->properties) {
        element->properties = copy;
        return;
    }
    xmlAttrPtr last = element->properties;
    while (last->next)
        last = last->next;
    last->next = copy;
    copy->prev = last;
}

static void compile_list(Templates *templates, size_t layout, xmlNodePtr first, Parts *parts);

/* An element with what HTML says of its tag, and room for its attributes;
 * the attributes themselves are compiled by compile_attribute. */
static Element *new_element(Arena *a, size_t layout, xmlNodePtr node)
{
    Element *e = arena_alloc(a, sizeof *e);
    e->node = node;
    e->layout = layout;
    e->name = (const char *)node->name;
    const htmlElemDesc *info = htmlTagLookup(node->name);
    e->is_void = info && info->empty;
    e->keeps_empty = info && info->saveEndTag && strcmp(e->name, "html") != 0 && strcmp(e->name, "body") != 0;
    size_t count = 0;
    for (xmlAttrPtr attr = node->properties; attr; attr = attr->next)
        count++;
    e->attributes = arena_alloc(a, (count ? count : 1) * sizeof(Attribute));
    return e;
}

/* An attribute written in the layout, kept as libxml2 serialises it on an
 * element of its own. */
static Attribute fixed_attribute(Arena *a, xmlDocPtr doc, const Element *e, xmlAttrPtr attr, const char *value)
{
    xmlNodePtr single = xmlNewDocNode(doc, NULL, e->node->name, NULL);
    append_attribute_copy(single, attr);
    size_t len;
    const char *tag = start_tag_of(a, doc, single, &len);
    xmlFreeNode(single);
    size_t skip = 1 + strlen(e->name); /* "<name", and ">" at the end */
    return (Attribute){ATTRIBUTE_FIXED, (const char *)attr->name, NULL, value, NULL, tag + skip, len - skip - 1};
}

static void compile_each(Arena *a, Element *e, const char *value)
{
    e->each = true;
    const char *in = strstr(value, " in ");
    if (!in)
        return;
    e->each_name = arena_strndup(a, value, (size_t)(in - value));
    e->each_path = path_compile(a, in + 4);
    e->index_name = arena_printf(a, "%s_index", e->each_name);
    e->count_name = arena_printf(a, "%s_count", e->each_name);
}

static Condition compile_condition(Arena *a, const char *value)
{
    Condition c = condition_parse(a, value);
    c.compiled = path_compile(a, c.path);
    return c;
}

/* Compiles one rk-* attribute into the element. Returns whether it fills
 * in an attribute of the output (rk-attr-*, rk-class), which leaves the
 * element without a fixed start tag. */
static bool compile_directive(Arena *a, Element *e, const char *name, const char *value)
{
    Attribute *out = &e->attributes[e->attribute_count];
    if (strncmp(name, "rk-attr-", 8) == 0) {
        *out = (Attribute){ATTRIBUTE_SET, name + 8, name, value, path_compile(a, value), NULL, 0};
        e->attribute_count++;
        return true;
    }
    if (strcmp(name, "rk-class") == 0) {
        *out = (Attribute){ATTRIBUTE_CLASS, "class", name, value, path_compile(a, value), NULL, 0};
        e->attribute_count++;
        return true;
    }
    if (strcmp(name, "rk-each") == 0) {
        compile_each(a, e, value);
    } else if (strcmp(name, "rk-if") == 0) {
        e->has_if = true;
        e->if_condition = compile_condition(a, value);
    } else if (strcmp(name, "rk-unless") == 0) {
        e->has_unless = true;
        e->unless_condition = compile_condition(a, value);
    } else if (strcmp(name, "rk-include") == 0) {
        e->include = arena_printf(a, "partials/%s", value);
    } else if (strcmp(name, "rk-qr") == 0) {
        e->qr = path_compile(a, value);
    } else if (strcmp(name, "rk-text") == 0) {
        e->text = path_compile(a, value);
    } else if (strcmp(name, "rk-md") == 0) {
        e->md = path_compile(a, value);
    } else if (strcmp(name, "rk-json") == 0) {
        e->json = path_compile(a, value);
    } else if (strcmp(name, "rk-md-shift") == 0) {
        e->md_shift = atoi(value);
    }
    return false;
}

static Element *compile_element(Templates *templates, size_t layout, xmlNodePtr node)
{
    Arena *a = templates->arena;
    xmlDocPtr doc = templates->layouts[layout].doc;
    Element *e = new_element(a, layout, node);
    /* The element with its fixed attributes only: its start tag, when no
     * attribute is filled in. */
    xmlNodePtr bare = xmlNewDocNode(doc, NULL, node->name, NULL);
    bool filled = false;
    for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
        const char *name = (const char *)attr->name;
        xmlChar *content = xmlNodeGetContent((xmlNodePtr)attr);
        const char *value = arena_strdup(a, content ? (const char *)content : "");
        xmlFree(content);
        if (strncmp(name, "rk-", 3) != 0) {
            e->attributes[e->attribute_count++] = fixed_attribute(a, doc, e, attr, value);
            append_attribute_copy(bare, attr);
        } else if (compile_directive(a, e, name, value)) {
            filled = true;
        }
    }
    if (!filled)
        e->start_tag = start_tag_of(a, doc, bare, &e->start_len);
    xmlFreeNode(bare);
    if (!e->text && !e->md && !e->qr && !e->include && !e->json)
        compile_list(templates, layout, node->children, &e->children);
    return e;
}

/* Appends the parts for the nodes from `first` on. */
static void compile_list(Templates *templates, size_t layout, xmlNodePtr first, Parts *parts)
{
    Arena *a = templates->arena;
    xmlDocPtr doc = templates->layouts[layout].doc;
    Buf fixed = BUF_INIT;
    for (xmlNodePtr node = first; node; node = node->next) {
        if (!has_template_attributes(node)) {
            html_append_node(&fixed, doc, node);
            continue;
        }
        if (fixed.len)
            parts_add(a, parts, (Part){arena_strndup(a, fixed.data, fixed.len), fixed.len, NULL});
        buf_clear(&fixed);
        parts_add(a, parts, (Part){NULL, 0, compile_element(templates, layout, node)});
    }
    if (fixed.len)
        parts_add(a, parts, (Part){arena_strndup(a, fixed.data, fixed.len), fixed.len, NULL});
    buf_free(&fixed);
}

static int append_to_buf(void *context, const char *data, int len)
{
    buf_append(context, data, (size_t)len);
    return len;
}

/* A page layout: its nodes, and what libxml2 writes round them (the
 * doctype before, a newline after). A partial: the nodes the HTML parser
 * put in its head and in its body, in that order, so that one partial can
 * fill a page's head. */
static void compile_layout(Templates *templates, size_t index)
{
    Layout *layout = &templates->layouts[index];
    Arena *a = templates->arena;
    if (strncmp(layout->name, "partials/", 9) == 0) {
        for (xmlNodePtr part = xmlDocGetRootElement(layout->doc)->children; part; part = part->next)
            if (part->type == XML_ELEMENT_NODE && (strcmp((const char *)part->name, "head") == 0 ||
                                                   strcmp((const char *)part->name, "body") == 0))
                compile_list(templates, index, part->children, &layout->parts);
        return;
    }
    compile_list(templates, index, layout->doc->children, &layout->parts);
    Buf whole = BUF_INIT, nodes = BUF_INIT;
    xmlOutputBufferPtr output = xmlOutputBufferCreateIO(append_to_buf, NULL, &whole, NULL);
    htmlDocContentDumpFormatOutput(output, layout->doc, "UTF-8", 0);
    xmlOutputBufferClose(output);
    for (xmlNodePtr node = layout->doc->children; node; node = node->next)
        html_append_node(&nodes, layout->doc, node);
    size_t prefix = whole.len >= nodes.len ? whole.len - nodes.len : 0;
    size_t suffix = 0;
    while (prefix && (whole.len - prefix < nodes.len ||
                      memcmp(whole.data + prefix, nodes.data, nodes.len) != 0))
        prefix--;
    suffix = whole.len - prefix - nodes.len;
    layout->prefix = arena_strndup(a, whole.data, prefix);
    layout->prefix_len = prefix;
    layout->suffix = arena_strndup(a, whole.data + prefix + nodes.len, suffix);
    layout->suffix_len = suffix;
    buf_free(&whole);
    buf_free(&nodes);
}

/* ---- filling a page ---------------------------------------------------- */

static void emit_parts(Scope *scope, const Parts *parts);

/* A document for the nodes libxml2 makes per page (a QR code), made when
 * first needed. */
static xmlDocPtr scratch_doc(Scope *scope)
{
    if (!scope->scratch)
        scope->scratch = htmlNewDocNoDtD(NULL, NULL);
    return scope->scratch;
}

typedef struct {
    const char *name, *value;
    const char *html; /* as written in the layout, or NULL: write `value` */
    size_t len;
} OutputAttribute;

static OutputAttribute *attribute_named(OutputAttribute *list, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(list[i].name, name) == 0)
            return &list[i];
    return NULL;
}

/* "a b": a class added to those the element has. */
static const char *joined(Arena *arena, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *both = arena_alloc(arena, na + nb + 2);
    memcpy(both, a, na);
    both[na] = ' ';
    memcpy(both + na + 1, b, nb + 1);
    return both;
}

/* Sets attribute `name` as libxml2's xmlSetProp does: in its place when
 * the element has it, else last. */
static void attribute_set(OutputAttribute *list, size_t *count, const char *name, const char *value)
{
    OutputAttribute *at = attribute_named(list, *count, name);
    if (!at)
        at = &list[(*count)++];
    *at = (OutputAttribute){name, value, NULL, 0};
}

static void attribute_remove(OutputAttribute *list, size_t *count, const char *name)
{
    OutputAttribute *at = attribute_named(list, *count, name);
    if (!at)
        return;
    memmove(at, at + 1, (size_t)(list + *count - at - 1) * sizeof *at);
    (*count)--;
}

/* Writes the start tag of `e`, with the attributes of `extra` (those a QR
 * code sets) set before the layout's rk-attr-* and rk-class. */
static void emit_start_tag(Scope *scope, const Element *e, xmlAttrPtr extra)
{
    Buf *out = scope->out;
    if (e->start_tag && !extra) {
        buf_append(out, e->start_tag, e->start_len);
        return;
    }
    size_t extras = 0;
    for (xmlAttrPtr attr = extra; attr; attr = attr->next)
        extras++;
    OutputAttribute small[16];
    size_t room = e->attribute_count + extras;
    OutputAttribute *list = room <= 16 ? small : arena_alloc(scope->arena, room * sizeof *list);
    size_t count = 0;
    for (size_t i = 0; i < e->attribute_count; i++)
        if (e->attributes[i].kind == ATTRIBUTE_FIXED)
            list[count++] = (OutputAttribute){e->attributes[i].name, e->attributes[i].value, e->attributes[i].html,
                                              e->attributes[i].len};
    for (xmlAttrPtr attr = extra; attr; attr = attr->next) {
        xmlChar *value = xmlNodeGetContent((xmlNodePtr)attr);
        attribute_set(list, &count, (const char *)attr->name,
                      arena_strdup(scope->arena, value ? (const char *)value : ""));
        xmlFree(value);
    }
    for (size_t i = 0; i < e->attribute_count; i++) {
        const Attribute *at = &e->attributes[i];
        if (at->kind == ATTRIBUTE_SET) {
            const Value *v = lookup_at(scope, e, at->template, at->path);
            const char *text = bidi_balanced(scope->arena, value_text(scope->arena, v));
            if (v && value_type(v) != VALUE_NULL && text)
                attribute_set(list, &count, at->name, text);
            else
                attribute_remove(list, &count, at->name);
        } else if (at->kind == ATTRIBUTE_CLASS) {
            const char *text = value_text(scope->arena, lookup_at(scope, e, at->template, at->path));
            if (text && *text) {
                OutputAttribute *old = attribute_named(list, count, "class");
                attribute_set(list, &count, "class", old && *old->value ? joined(scope->arena, old->value, text) : text);
            }
        }
    }
    buf_putc(out, '<');
    buf_puts(out, e->name);
    for (size_t i = 0; i < count; i++) {
        if (list[i].html)
            buf_append(out, list[i].html, list[i].len);
        else
            html_append_attribute(out, e->name, list[i].name, list[i].value);
    }
    buf_putc(out, '>');
}

static void emit_end_tag(Scope *scope, const Element *e, size_t content_start)
{
    if (scope->out->len == content_start && e->keeps_empty)
        return;
    buf_puts(scope->out, "</");
    buf_puts(scope->out, e->name);
    buf_putc(scope->out, '>');
}

/* An <svg rk-qr>: the code drawn by gen/qr.c into an element of the
 * scratch document, its attributes and drawing written out. Nothing when
 * there is no code to draw: an empty <svg role="img"> would be a picture of
 * nothing with a name that promises a code. */
static void emit_qr(Scope *scope, const Element *e)
{
    const char *text = value_text(scope->arena, lookup_at(scope, e, "rk-qr", e->qr));
    xmlDocPtr doc = scratch_doc(scope);
    xmlNodePtr svg = xmlNewDocNode(doc, NULL, (const xmlChar *)e->name, NULL);
    if (qr_svg_fill_cached(scope->templates->qr, svg, text)) {
        emit_start_tag(scope, e, svg->properties);
        size_t content = scope->out->len;
        for (xmlNodePtr child = svg->children; child; child = child->next)
            html_append_node(scope->out, doc, child);
        emit_end_tag(scope, e, content);
    }
    xmlFreeNode(svg);
}

/* A <script type="application/ld+json" rk-json>: the value serialised by
 * the generator, never by the layout, whose strings escape every '<' and
 * '>' (and '&', U+2028, U+2029) as \u....: no content can write "</script"
 * or "<!--" into the element, so it can never end early. Nothing when the
 * value is null or absent, as templates_check allows the attribute only on
 * a JSON data block, which a browser never runs. */
static void emit_json(Scope *scope, const Element *e)
{
    const Value *v = lookup_at(scope, e, "rk-json", e->json);
    if (value_type(v) == VALUE_NULL)
        return;
    emit_start_tag(scope, e, NULL);
    value_write_json_compact(v, scope->out);
    emit_end_tag(scope, e, 0);
}

static void emit_markdown(Scope *scope, const Element *e)
{
    const char *text = value_as_string(lookup_at(scope, e, "rk-md", e->md));
    if (text)
        markdown_render(scope->out, text, strlen(text), e->md_shift);
}

/* A partial's nodes in the current scope. A partial inside itself
 * (directly or through another) is dropped like a missing one: an include
 * binds nothing new, so the recursion could never end on its own; it used
 * to stop only at the depth limit, and a partial including itself three
 * times made 3^16 copies: the build hung (found by fuzz/fuzz_layout.c). */
static void emit_partial(Scope *scope, const Element *e)
{
    const Layout *partial = find_layout(scope->templates, e->include);
    for (int i = 0; partial && i < scope->include_depth; i++)
        if (strcmp(scope->including[i], e->include) == 0)
            partial = NULL;
    if (!partial || scope->include_depth >= MAX_INCLUDES)
        return;
    scope->including[scope->include_depth++] = e->include;
    emit_parts(scope, &partial->parts);
    scope->include_depth--;
}

/* One copy of `e`: kept or not, replaced by a partial, or written with its
 * attributes and content filled in. */
static void emit_element_once(Scope *scope, const Element *e)
{
    if ((e->has_if && !condition(scope, e, "rk-if", &e->if_condition)) ||
        (e->has_unless && condition(scope, e, "rk-unless", &e->unless_condition)))
        return;
    if (e->include) {
        emit_partial(scope, e);
        return;
    }
    if (e->qr) {
        emit_qr(scope, e);
        return;
    }
    if (e->json) {
        emit_json(scope, e);
        return;
    }
    emit_start_tag(scope, e, NULL);
    Buf *out = scope->out;
    size_t content = out->len;
    if (e->text) {
        const char *text = bidi_balanced(scope->arena, value_text(scope->arena, lookup_at(scope, e, "rk-text", e->text)));
        if (text)
            html_append_text(out, text);
    } else if (e->md) {
        emit_markdown(scope, e);
    } else {
        emit_parts(scope, &e->children);
    }
    if (e->is_void) {
        /* libxml2 writes no content of a void element; its expressions
         * were still looked up, for their mistakes. */
        out->len = content;
        out->data[content] = '\0';
        return;
    }
    emit_end_tag(scope, e, content);
}

/* rk-each: `e` once for each item, with the item, its index and the count
 * bound. */
static void emit_element(Scope *scope, const Element *e)
{
    if (!e->each) {
        emit_element_once(scope, e);
        return;
    }
    if (!e->each_path || scope->depth + 3 > MAX_BINDINGS)
        return;
    const Value *list = lookup_at(scope, e, "rk-each", e->each_path);
    size_t n = value_type(list) == VALUE_ARRAY ? value_length(list) : 0;
    const Value *count = value_int(scope->arena, (long)n);
    for (size_t i = 0; i < n; i++) {
        int depth = scope->depth;
        scope->names[depth] = e->each_name;
        scope->values[depth] = value_at(list, i);
        scope->names[depth + 1] = e->index_name;
        scope->values[depth + 1] = value_int(scope->arena, (long)i + 1);
        scope->names[depth + 2] = e->count_name;
        scope->values[depth + 2] = count;
        scope->depth += 3;
        emit_element_once(scope, e);
        scope->depth = depth;
    }
}

static void emit_parts(Scope *scope, const Parts *parts)
{
    for (size_t i = 0; i < parts->count; i++) {
        const Part *part = &parts->parts[i];
        if (part->element)
            emit_element(scope, part->element);
        else
            buf_append(scope->out, part->html, part->len);
    }
}

/* ---- checking a layout before any page is filled ---------------------- */

static const char *const template_attributes[] = {"rk-each",  "rk-if",      "rk-unless", "rk-text",
                                                  "rk-md",    "rk-md-shift", "rk-class",  "rk-include",
                                                  "rk-qr",    "rk-json"};

typedef struct {
    const Templates *templates;
    Diags *diags;
    Arena *arena;
    unsigned char *state; /* per layout: 0 not seen, 1 being checked, 2 done */
    int *depth;           /* per layout: partials nested inside it, itself included */
    size_t *stack;        /* the layouts being checked, outermost first */
    size_t stack_len;
} Checker;

static void check_problem(Checker *k, const Layout *layout, xmlNodePtr node, const char *attribute,
                          const char *value, const char *code, const char *suggestion, const char *message)
{
    int line, column;
    attribute_position(layout, node, attribute, value, &line, &column);
    report_once(k->diags, layout->path, line, column, code, suggestion, message);
}

static int check_layout(Checker *k, size_t index);

/* One rk-* attribute being checked: where it stands, its text as written
 * (`raw`, to find its column) and trimmed (`value`). */
typedef struct {
    const Layout *layout;
    xmlNodePtr node;
    const char *name, *raw, *value;
} CheckedAttribute;

static void attribute_problem(Checker *k, const CheckedAttribute *at, const char *code, const char *suggestion,
                              const char *message)
{
    check_problem(k, at->layout, at->node, at->name, at->raw, code, suggestion, message);
}

static void check_attr_prefix(Checker *k, const CheckedAttribute *at)
{
    if (!at->name[8])
        attribute_problem(k, at, "layout-attribute", NULL,
                          "'rk-attr-' names no attribute: write rk-attr-NAME, like rk-attr-href");
    else if (!is_path(at->value, strlen(at->value)))
        attribute_problem(
            k, at, "layout-expression", NULL,
            arena_printf(k->arena, "%s=\"%s\": expected a path, like provision.url", at->name, at->value));
}

static bool is_template_attribute(const char *name)
{
    for (size_t i = 0; i < sizeof template_attributes / sizeof *template_attributes; i++)
        if (strcmp(name, template_attributes[i]) == 0)
            return true;
    return false;
}

/* Suggests the nearest fixed name, or rk-attr-X for rk-atr-X. */
static void report_unknown_attribute(Checker *k, const CheckedAttribute *at)
{
    size_t known = sizeof template_attributes / sizeof *template_attributes;
    const char *candidates[sizeof template_attributes / sizeof *template_attributes + 1];
    memcpy(candidates, template_attributes, sizeof template_attributes);
    const char *tail = strchr(at->name + 3, '-');
    candidates[known] = arena_printf(k->arena, "rk-attr-%s", tail ? tail + 1 : at->name + 3);
    attribute_problem(k, at, "layout-attribute", closest_spelling(at->name, candidates, known + 1),
                      arena_printf(k->arena, "unknown template attribute '%s'", at->name));
}

static void check_each(Checker *k, const CheckedAttribute *at)
{
    Arena *a = k->arena;
    const char *value = at->value;
    const char *in = strstr(value, " in ");
    if (!in || !is_identifier(value, (size_t)(in - value)) || !is_path(trimmed(a, in + 4), strlen(trimmed(a, in + 4))))
        attribute_problem(k, at, "layout-expression", NULL,
                          arena_printf(a, "rk-each=\"%s\": write 'name in path', like 'p in lane.provisions'", value));
}

static void check_condition(Checker *k, const CheckedAttribute *at)
{
    Arena *a = k->arena;
    Condition c = condition_parse(a, at->value);
    const char *word = c.word ? trimmed(a, c.word) : "x";
    if (!is_path(c.path, strlen(c.path)) || !*word || strchr(word, ' '))
        attribute_problem(k, at, "layout-expression", NULL,
                          arena_printf(a, "%s=\"%s\": expected 'path', 'path == word' or 'path != word'", at->name,
                                       at->value));
}

static void check_md_shift(Checker *k, const CheckedAttribute *at)
{
    const char *value = at->value;
    if (!(value[0] >= '0' && value[0] <= '5' && !value[1]))
        attribute_problem(
            k, at, "layout-expression", NULL,
            arena_printf(k->arena, "rk-md-shift=\"%s\": expected a number of heading levels from 0 to 5", value));
}

static void report_missing_partial(Checker *k, const CheckedAttribute *at)
{
    const Templates *templates = k->templates;
    size_t partials = 0;
    const char **names = arena_alloc(k->arena, (templates->count + 1) * sizeof *names);
    for (size_t j = 0; j < templates->count; j++)
        if (strncmp(templates->layouts[j].name, "partials/", 9) == 0)
            names[partials++] = templates->layouts[j].name + 9;
    attribute_problem(k, at, "layout-include", closest_spelling(at->value, names, partials),
                      arena_printf(k->arena, "rk-include=\"%s\": no partial layouts/partials/%s.html", at->value,
                                   at->value));
}

/* Partial `p` is being checked further out: names the loop, from p down
 * the stack to here and back to p. */
static void report_include_loop(Checker *k, const CheckedAttribute *at, size_t p)
{
    Buf chain = BUF_INIT;
    size_t from = 0;
    while (from < k->stack_len && k->stack[from] != p)
        from++;
    for (size_t j = from; j < k->stack_len; j++)
        buf_printf(&chain, "%s → ", k->templates->layouts[k->stack[j]].name + 9);
    buf_printf(&chain, "%s", at->value);
    attribute_problem(k, at, "layout-include", NULL,
                      arena_printf(k->arena, "rk-include=\"%s\": partials include each other in a loop: %s",
                                   at->value, buf_cstr(&chain)));
    buf_free(&chain);
}

/* The partial must exist, include no loop and not nest too deep; it is
 * checked here, before the layout that includes it is done. */
static void check_include(Checker *k, const CheckedAttribute *at)
{
    const char *full = arena_printf(k->arena, "partials/%s", at->value);
    size_t p = 0;
    while (p < k->templates->count && strcmp(k->templates->layouts[p].name, full) != 0)
        p++;
    if (p == k->templates->count) {
        report_missing_partial(k, at);
    } else if (k->state[p] == 1) {
        report_include_loop(k, at, p);
    } else {
        int depth = check_layout(k, p);
        if (depth > MAX_INCLUDES)
            attribute_problem(k, at, "layout-include", NULL,
                              arena_printf(k->arena, "rk-include=\"%s\": partials nested %d deep; at most %d",
                                           at->value, depth, MAX_INCLUDES));
    }
}

static bool takes_a_path(const char *name)
{
    return strcmp(name, "rk-text") == 0 || strcmp(name, "rk-md") == 0 || strcmp(name, "rk-class") == 0 ||
           strcmp(name, "rk-qr") == 0 || strcmp(name, "rk-json") == 0;
}

/* rk-json belongs on a data block only: a <script> whose type, written in
 * the layout, is a JSON type, so the browser never runs it (and a strict
 * CSP has nothing to block). Content may not set its type or source, and
 * nothing else may fill it. */
static void check_json(Checker *k, const CheckedAttribute *at)
{
    const char *problem = NULL;
    xmlChar *type = xmlGetProp(at->node, (const xmlChar *)"type");
    if (strcmp((const char *)at->node->name, "script") != 0 || !type ||
        (strcasecmp((const char *)type, "application/ld+json") != 0 &&
         strcasecmp((const char *)type, "application/json") != 0))
        problem = "fills only a JSON data block: <script type=\"application/ld+json\">";
    xmlFree(type);
    for (xmlAttrPtr attr = at->node->properties; attr && !problem; attr = attr->next) {
        const char *name = (const char *)attr->name;
        if (strcmp(name, "rk-attr-type") == 0 || strcmp(name, "rk-attr-src") == 0 || strcmp(name, "rk-text") == 0 ||
            strcmp(name, "rk-md") == 0 || strcmp(name, "rk-include") == 0 || strcmp(name, "src") == 0)
            problem = arena_printf(k->arena, "cannot stand beside %s on the same element", name);
    }
    if (!problem && !is_path(at->value, strlen(at->value)))
        problem = "expected a path, like page.json_ld";
    if (problem)
        attribute_problem(k, at, "layout-expression", NULL,
                          arena_printf(k->arena, "rk-json=\"%s\": %s", at->value, problem));
}

/* Checks one rk-* attribute of `node`. */
static void check_attribute(Checker *k, const Layout *layout, xmlNodePtr node, const char *name, const char *raw)
{
    CheckedAttribute at = {layout, node, name, raw, trimmed(k->arena, raw)};
    if (strncmp(name, "rk-attr-", 8) == 0)
        check_attr_prefix(k, &at);
    else if (!is_template_attribute(name))
        report_unknown_attribute(k, &at);
    else if (strcmp(name, "rk-each") == 0)
        check_each(k, &at);
    else if (strcmp(name, "rk-if") == 0 || strcmp(name, "rk-unless") == 0)
        check_condition(k, &at);
    else if (strcmp(name, "rk-md-shift") == 0)
        check_md_shift(k, &at);
    else if (strcmp(name, "rk-include") == 0)
        check_include(k, &at);
    else if (strcmp(name, "rk-json") == 0)
        check_json(k, &at);
    else if (takes_a_path(name) && !is_path(at.value, strlen(at.value)))
        attribute_problem(k, &at, "layout-expression", NULL,
                          arena_printf(k->arena, "%s=\"%s\": expected a path, like provision.title", name, at.value));
}

static int check_nodes(Checker *k, const Layout *layout, xmlNodePtr node)
{
    int deepest = 0;
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
            const char *name = (const char *)attr->name;
            if (strncmp(name, "rk-", 3) != 0)
                continue;
            char *value = (char *)xmlNodeGetContent((xmlNodePtr)attr);
            check_attribute(k, layout, node, name, value ? value : "");
            if (strcmp(name, "rk-include") == 0 && value) {
                const char *full = arena_printf(k->arena, "partials/%s", trimmed(k->arena, value));
                for (size_t p = 0; p < k->templates->count; p++)
                    if (strcmp(k->templates->layouts[p].name, full) == 0 && k->depth[p] > deepest)
                        deepest = k->depth[p];
            }
            xmlFree(value);
        }
        int inner = check_nodes(k, layout, node->children);
        if (inner > deepest)
            deepest = inner;
    }
    return deepest;
}

/* Checks layout `index` once, and the partials it includes first: returns
 * how deep partials nest from it (itself counted). */
static int check_layout(Checker *k, size_t index)
{
    if (k->state[index] == 2)
        return k->depth[index];
    k->state[index] = 1;
    k->stack[k->stack_len++] = index;
    const Layout *layout = &k->templates->layouts[index];
    int inner = check_nodes(k, layout, xmlDocGetRootElement(layout->doc));
    k->stack_len--;
    k->depth[index] = inner + 1;
    k->state[index] = 2;
    return k->depth[index];
}

bool templates_check(const Templates *templates, Arena *arena, Diags *diags)
{
    size_t before = diags_count(diags, DIAG_ERROR);
    Checker k = {templates, diags, arena, arena_alloc(arena, templates->count + 1),
                 arena_alloc(arena, (templates->count + 1) * sizeof(int)),
                 arena_alloc(arena, (templates->count + 1) * sizeof(size_t)), 0};
    memset(k.state, 0, templates->count + 1);
    for (size_t i = 0; i < templates->count; i++)
        check_layout(&k, i);
    return diags_count(diags, DIAG_ERROR) == before;
}

bool template_render(const Templates *templates, const char *name, const Value *context, Arena *arena,
                     Diags *diags, Buf *out)
{
    const Layout *layout = find_layout(templates, name);
    if (!layout)
        return false;
    Scope scope = {.templates = templates, .root = context, .arena = arena, .diags = diags, .out = out};
    buf_append(out, layout->prefix, layout->prefix_len);
    emit_parts(&scope, &layout->parts);
    buf_append(out, layout->suffix, layout->suffix_len);
    xmlFreeDoc(scope.scratch);
    return true;
}
