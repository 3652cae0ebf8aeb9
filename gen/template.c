#include "template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "markdown.h"
#include "qr.h"
#include "util.h"

typedef struct {
    char *name;
    char *path;   /* for messages: layouts/x.html */
    char *source; /* the file's text, to find an attribute's column */
    htmlDocPtr doc;
} Layout;

struct Templates {
    Layout *layouts;
    size_t count, cap;
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
    const Layout *layout;  /* the layout or partial being filled */
    const char *names[MAX_BINDINGS];
    const Value *values[MAX_BINDINGS];
    int depth;
    /* The partials being included, outermost first (see include_partial). */
    const char *including[MAX_INCLUDES];
    int include_depth;
} Scope;

Templates *templates_new(void)
{
    return xcalloc(1, sizeof(Templates));
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
    free(templates);
}

static const Layout *find_layout(const Templates *templates, const char *name)
{
    for (size_t i = 0; i < templates->count; i++)
        if (strcmp(templates->layouts[i].name, name) == 0)
            return &templates->layouts[i];
    return NULL;
}

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
    templates->layouts[templates->count++] = (Layout){xstrdup(name), xstrdup(path), source, doc};
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

/* The value `path` names: its first part is a name bound by rk-each
 * (innermost first) or a key of the context. A part that an object does
 * not have is a mistake in the layout (a typo such as `l.lable`), reported
 * at `node`'s `attribute`; a part of a null or missing value is simply
 * absent (an optional field). */
static const Value *lookup_at(const Scope *scope, xmlNodePtr node, const char *attribute, const char *path)
{
    while (*path == ' ')
        path++;
    size_t head = strcspn(path, ".");
    const Value *cur = NULL;
    const char *rest = NULL;
    for (int i = scope->depth - 1; i >= 0 && !rest; i--)
        if (strlen(scope->names[i]) == head && strncmp(scope->names[i], path, head) == 0) {
            cur = scope->values[i];
            rest = path + head;
        }
    if (!rest) {
        cur = scope->root;
        rest = path;
    } else if (*rest == '.') {
        rest++;
    }
    while (cur && *rest) {
        size_t n = strcspn(rest, ".");
        /* Every lookup of every page comes here: a name of a path fits on
         * the stack (the arena only for a freak one). */
        char small[64];
        char *part = n < sizeof small ? small : arena_strndup(scope->arena, rest, n);
        if (part == small) {
            memcpy(small, rest, n);
            small[n] = '\0';
        }
        const Value *next = value_get(cur, part);
        /* A malformed expression is reported by templates_check. */
        if (!next && value_type(cur) == VALUE_OBJECT && scope->diags && scope->layout && is_identifier(part, n)) {
            size_t keys = value_length(cur);
            const char **names = arena_alloc(scope->arena, (keys ? keys : 1) * sizeof *names);
            for (size_t k = 0; k < keys; k++)
                names[k] = value_key_at(cur, k);
            int line, column;
            attribute_position(scope->layout, node, attribute, path, &line, &column);
            char *whole = arena_strndup(scope->arena, path, strcspn(path, " "));
            char *owner = rest > path ? arena_strndup(scope->arena, path, (size_t)(rest - path - 1)) : NULL;
            report_once(scope->diags, scope->layout->path, line, column, "layout-unknown-field",
                        closest_spelling(part, names, keys),
                        owner ? arena_printf(scope->arena, "%s=\"%s\": '%s' has no field '%s'", attribute, whole,
                                             owner, part)
                              : arena_printf(scope->arena, "%s=\"%s\": this page has no value '%s'", attribute,
                                             whole, part));
        }
        cur = next;
        rest += n + (rest[n] == '.');
    }
    return cur;
}

static char *get_attr(xmlNodePtr node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

/* Evaluates an rk-if condition: `path`, `path == word` or `path != word`. */
/* An rk-if or rk-unless expression taken apart: `path`, or `path == word`
 * or `path != word` (`word` NULL for the first). The path loses the spaces
 * around it, the word those before it. Rendering and templates_check read
 * the expression the same way. */
typedef struct {
    const char *path, *word;
    bool negate;
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
        return (Condition){trimmed(arena, expr), NULL, false};
    const char *word = op + 2;
    while (*word == ' ')
        word++;
    return (Condition){trimmed(arena, arena_strndup(arena, expr, (size_t)(op - expr))), word, negate};
}

/* Evaluates an rk-if condition. */
static bool condition(const Scope *scope, xmlNodePtr node, const char *attribute, const char *expr)
{
    Condition c = condition_parse(scope->arena, expr);
    if (!c.word)
        return value_truthy(lookup_at(scope, node, attribute, c.path));
    const char *text = value_text(scope->arena, lookup_at(scope, node, attribute, c.path));
    bool equal = text && strcmp(text, c.word) == 0;
    return c.negate ? !equal : equal;
}

/* Text from content may open a bidi embedding, override or isolate (U+202A
 * to U+202E, U+2066 to U+2068) and never close it; on the page that
 * reorders whatever follows the element, and CSS isolation cannot stop an
 * unmatched isolate. Closes what is left open, innermost first, as the
 * Unicode bidi algorithm pairs them (UAX #9: PDF closes an embedding inside
 * the innermost isolate, PDI closes the isolate and all inside it). */
static const char *bidi_balanced(Arena *arena, const char *text)
{
    if (!text || (!strstr(text, "\xE2\x80") && !strstr(text, "\xE2\x81")))
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

static void remove_children(xmlNodePtr node)
{
    xmlNodePtr child = node->children;
    while (child) {
        xmlNodePtr next = child->next;
        xmlUnlinkNode(child);
        xmlFreeNode(child);
        child = next;
    }
}

static void process_children(Scope *scope, xmlNodePtr parent);
static void process_element(Scope *scope, xmlNodePtr node);

/* Sets or removes attributes from rk-attr-*, rk-class; strips rk-*. */
static void apply_attributes(Scope *scope, xmlNodePtr node)
{
    xmlAttrPtr attr = node->properties;
    while (attr) {
        xmlAttrPtr next = attr->next;
        const char *name = (const char *)attr->name;
        if (strncmp(name, "rk-", 3) != 0) {
            attr = next;
            continue;
        }
        char *expr = (char *)xmlNodeGetContent((xmlNodePtr)attr);
        if (strncmp(name, "rk-attr-", 8) == 0) {
            const Value *v = lookup_at(scope, node, name, expr);
            const char *text = bidi_balanced(scope->arena, value_text(scope->arena, v));
            if (v && value_type(v) != VALUE_NULL && text) {
                xmlSetProp(node, (const xmlChar *)name + 8, (const xmlChar *)text);
            } else {
                /* Removing NAME frees its node. When that is the next
                 * attribute (rk-attr-title="x" title="default"), the loop
                 * must step past it first: it went on with freed memory
                 * (found by fuzz/fuzz_layout.c). */
                if (next && !next->ns && xmlStrEqual(next->name, (const xmlChar *)name + 8))
                    next = next->next;
                xmlUnsetProp(node, (const xmlChar *)name + 8);
            }
        } else if (strcmp(name, "rk-class") == 0) {
            const char *text = value_text(scope->arena, lookup_at(scope, node, name, expr));
            if (text && *text) {
                char *old = get_attr(node, "class");
                char *joined = old && *old ? arena_printf(scope->arena, "%s %s", old, text) : (char *)text;
                xmlSetProp(node, (const xmlChar *)"class", (const xmlChar *)joined);
                xmlFree(old);
            }
        }
        xmlFree(expr);
        if (strcmp(name, "rk-text") != 0 && strcmp(name, "rk-md") != 0 && strcmp(name, "rk-md-shift") != 0)
            xmlRemoveProp(attr);
        attr = next;
    }
}

static void fill_content(Scope *scope, xmlNodePtr node)
{
    char *text_expr = get_attr(node, "rk-text");
    char *md_expr = get_attr(node, "rk-md");
    if (text_expr) {
        remove_children(node);
        const char *text =
            bidi_balanced(scope->arena, value_text(scope->arena, lookup_at(scope, node, "rk-text", text_expr)));
        if (text && *text)
            xmlAddChild(node, xmlNewDocText(node->doc, (const xmlChar *)text));
        xmlUnsetProp(node, (const xmlChar *)"rk-text");
    } else if (md_expr) {
        remove_children(node);
        char *shift = get_attr(node, "rk-md-shift");
        const char *text = value_as_string(lookup_at(scope, node, "rk-md", md_expr));
        if (text)
            markdown_render(node, text, strlen(text), shift ? atoi(shift) : 0);
        xmlFree(shift);
        xmlUnsetProp(node, (const xmlChar *)"rk-md");
        xmlUnsetProp(node, (const xmlChar *)"rk-md-shift");
    } else {
        process_children(scope, node);
    }
    xmlUnsetProp(node, (const xmlChar *)"rk-text");
    xmlUnsetProp(node, (const xmlChar *)"rk-md");
    xmlUnsetProp(node, (const xmlChar *)"rk-md-shift");
    xmlFree(text_expr);
    xmlFree(md_expr);
}

/* Replaces `node` with a partial's nodes, filled in the current scope. The
 * HTML parser puts a partial's <meta>, <link> and <title> in its head and
 * the rest in its body; both are taken, in that order, so one partial can
 * fill a page's head. */
static void include_partial(Scope *scope, xmlNodePtr node, const char *name)
{
    char *full = arena_printf(scope->arena, "partials/%s", name);
    const Layout *partial = find_layout(scope->templates, full);
    xmlNodePtr root = partial ? xmlDocGetRootElement(partial->doc) : NULL;
    /* A partial inside itself (directly or through another) is dropped
     * like a missing one. An include binds nothing new, so the recursion
     * could never end on its own; it used to stop only at the depth limit,
     * and a partial including itself three times made 3^16 copies: the
     * build hung (found by fuzz/fuzz_layout.c). */
    for (int i = 0; root && i < scope->include_depth; i++)
        if (strcmp(scope->including[i], full) == 0)
            root = NULL;
    if (root && scope->include_depth < MAX_INCLUDES) {
        const Layout *outer = scope->layout;
        scope->layout = partial;
        scope->including[scope->include_depth++] = full;
        for (xmlNodePtr part = root->children; part; part = part->next) {
            if (part->type != XML_ELEMENT_NODE ||
                (strcmp((const char *)part->name, "head") != 0 && strcmp((const char *)part->name, "body") != 0))
                continue;
            for (xmlNodePtr c = part->children; c; c = c->next) {
                /* Read the type first: adding a text node may merge and free it. */
                bool element = c->type == XML_ELEMENT_NODE;
                xmlNodePtr copy = xmlAddPrevSibling(node, xmlDocCopyNode(c, node->doc, 1));
                if (element)
                    process_element(scope, copy);
            }
        }
        scope->include_depth--;
        scope->layout = outer;
    }
    xmlUnlinkNode(node);
    xmlFreeNode(node);
}

/* Repeats `node` for each item of the array named in `spec` ("x in path"). */
static void repeat(Scope *scope, xmlNodePtr node, const char *spec)
{
    const char *in = strstr(spec, " in ");
    xmlUnsetProp(node, (const xmlChar *)"rk-each");
    if (in && scope->depth + 3 <= MAX_BINDINGS) {
        char *name = arena_strndup(scope->arena, spec, (size_t)(in - spec));
        const Value *list = lookup_at(scope, node, "rk-each", in + 4);
        size_t n = value_type(list) == VALUE_ARRAY ? value_length(list) : 0;
        char *index_name = arena_printf(scope->arena, "%s_index", name);
        char *count_name = arena_printf(scope->arena, "%s_count", name);
        const Value *count = value_int(scope->arena, (long)n);
        for (size_t i = 0; i < n; i++) {
            xmlNodePtr copy = xmlDocCopyNode(node, node->doc, 1);
            xmlAddPrevSibling(node, copy);
            int depth = scope->depth;
            scope->names[depth] = name;
            scope->values[depth] = value_at(list, i);
            scope->names[depth + 1] = index_name;
            scope->values[depth + 1] = value_int(scope->arena, (long)i + 1);
            scope->names[depth + 2] = count_name;
            scope->values[depth + 2] = count;
            scope->depth += 3;
            process_element(scope, copy);
            scope->depth = depth;
        }
    }
    xmlUnlinkNode(node);
    xmlFreeNode(node);
}

/* Fills one element; it may be repeated, removed or replaced. */
static void process_element(Scope *scope, xmlNodePtr node)
{
    char *each = get_attr(node, "rk-each");
    if (each) {
        repeat(scope, node, each);
        xmlFree(each);
        return;
    }
    char *cond = get_attr(node, "rk-if");
    char *cond_not = get_attr(node, "rk-unless");
    bool keep = (!cond || condition(scope, node, "rk-if", cond)) &&
                (!cond_not || !condition(scope, node, "rk-unless", cond_not));
    xmlFree(cond);
    xmlFree(cond_not);
    if (!keep) {
        xmlUnlinkNode(node);
        xmlFreeNode(node);
        return;
    }
    char *include = get_attr(node, "rk-include");
    if (include) {
        include_partial(scope, node, include);
        xmlFree(include);
        return;
    }
    char *qr = get_attr(node, "rk-qr");
    if (qr) {
        xmlUnsetProp(node, (const xmlChar *)"rk-qr");
        remove_children(node);
        bool drawn = qr_svg_fill(node, value_text(scope->arena, lookup_at(scope, node, "rk-qr", qr)));
        xmlFree(qr);
        /* An empty <svg role="img"> would be a picture of nothing with a
         * name that promises a code. */
        if (!drawn) {
            xmlUnlinkNode(node);
            xmlFreeNode(node);
            return;
        }
        apply_attributes(scope, node);
        return;
    }
    apply_attributes(scope, node);
    fill_content(scope, node);
}

static void process_children(Scope *scope, xmlNodePtr parent)
{
    xmlNodePtr child = parent->children;
    while (child) {
        xmlNodePtr next = child->next;
        if (child->type == XML_ELEMENT_NODE)
            process_element(scope, child);
        child = next;
    }
}

/* ---- checking a layout before any page is filled ---------------------- */

static const char *const template_attributes[] = {"rk-each",     "rk-if",    "rk-unless",  "rk-text", "rk-md",
                                                  "rk-md-shift", "rk-class", "rk-include", "rk-qr"};

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

/* Checks one rk-* attribute of `node`. */
static void check_attribute(Checker *k, const Layout *layout, xmlNodePtr node, const char *name, const char *raw)
{
    Arena *a = k->arena;
    const char *value = trimmed(a, raw);
    if (strncmp(name, "rk-attr-", 8) == 0) {
        if (!name[8])
            check_problem(k, layout, node, name, raw, "layout-attribute", NULL,
                          "'rk-attr-' names no attribute: write rk-attr-NAME, like rk-attr-href");
        else if (!is_path(value, strlen(value)))
            check_problem(k, layout, node, name, raw, "layout-expression", NULL,
                          arena_printf(a, "%s=\"%s\": expected a path, like provision.url", name, value));
        return;
    }
    size_t known = sizeof template_attributes / sizeof *template_attributes;
    size_t i = 0;
    while (i < known && strcmp(name, template_attributes[i]) != 0)
        i++;
    if (i == known) {
        /* A near miss of a fixed name, or of rk-attr-X for rk-atr-X. */
        const char *candidates[sizeof template_attributes / sizeof *template_attributes + 1];
        memcpy(candidates, template_attributes, sizeof template_attributes);
        const char *tail = strchr(name + 3, '-');
        candidates[known] = arena_printf(a, "rk-attr-%s", tail ? tail + 1 : name + 3);
        check_problem(k, layout, node, name, raw, "layout-attribute", closest_spelling(name, candidates, known + 1),
                      arena_printf(a, "unknown template attribute '%s'", name));
        return;
    }
    if (strcmp(name, "rk-each") == 0) {
        const char *in = strstr(value, " in ");
        if (!in || !is_identifier(value, (size_t)(in - value)) || !is_path(trimmed(a, in + 4), strlen(trimmed(a, in + 4))))
            check_problem(k, layout, node, name, raw, "layout-expression", NULL,
                          arena_printf(a, "rk-each=\"%s\": write 'name in path', like 'p in lane.provisions'", value));
    } else if (strcmp(name, "rk-if") == 0 || strcmp(name, "rk-unless") == 0) {
        Condition c = condition_parse(a, value);
        const char *word = c.word ? trimmed(a, c.word) : "x";
        if (!is_path(c.path, strlen(c.path)) || !*word || strchr(word, ' '))
            check_problem(k, layout, node, name, raw, "layout-expression", NULL,
                          arena_printf(a, "%s=\"%s\": expected 'path', 'path == word' or 'path != word'", name, value));
    } else if (strcmp(name, "rk-md-shift") == 0) {
        if (!(value[0] >= '0' && value[0] <= '5' && !value[1]))
            check_problem(k, layout, node, name, raw, "layout-expression", NULL,
                          arena_printf(a, "rk-md-shift=\"%s\": expected a number of heading levels from 0 to 5", value));
    } else if (strcmp(name, "rk-include") == 0) {
        const char *full = arena_printf(a, "partials/%s", value);
        size_t p = 0;
        while (p < k->templates->count && strcmp(k->templates->layouts[p].name, full) != 0)
            p++;
        if (p == k->templates->count) {
            size_t partials = 0;
            const char **names = arena_alloc(a, (k->templates->count + 1) * sizeof *names);
            for (size_t j = 0; j < k->templates->count; j++)
                if (strncmp(k->templates->layouts[j].name, "partials/", 9) == 0)
                    names[partials++] = k->templates->layouts[j].name + 9;
            check_problem(k, layout, node, name, raw, "layout-include", closest_spelling(value, names, partials),
                          arena_printf(a, "rk-include=\"%s\": no partial layouts/partials/%s.html", value, value));
        } else if (k->state[p] == 1) {
            /* The loop: from p, down the stack to here, back to p. */
            Buf chain = BUF_INIT;
            size_t from = 0;
            while (from < k->stack_len && k->stack[from] != p)
                from++;
            for (size_t j = from; j < k->stack_len; j++)
                buf_printf(&chain, "%s → ", k->templates->layouts[k->stack[j]].name + 9);
            buf_printf(&chain, "%s", value);
            check_problem(k, layout, node, name, raw, "layout-include", NULL,
                          arena_printf(a, "rk-include=\"%s\": partials include each other in a loop: %s", value,
                                       buf_cstr(&chain)));
            buf_free(&chain);
        } else {
            int depth = check_layout(k, p);
            if (depth > MAX_INCLUDES)
                check_problem(k, layout, node, name, raw, "layout-include", NULL,
                              arena_printf(a, "rk-include=\"%s\": partials nested %d deep; at most %d", value, depth,
                                           MAX_INCLUDES));
        }
    } else if ((strcmp(name, "rk-text") == 0 || strcmp(name, "rk-md") == 0 || strcmp(name, "rk-class") == 0 ||
                strcmp(name, "rk-qr") == 0) &&
               !is_path(value, strlen(value))) {
        check_problem(k, layout, node, name, raw, "layout-expression", NULL,
                      arena_printf(a, "%s=\"%s\": expected a path, like provision.title", name, value));
    }
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
    htmlDocPtr doc = xmlCopyDoc(layout->doc, 1);
    Scope scope = {.templates = templates, .root = context, .arena = arena, .diags = diags, .layout = layout};
    process_children(&scope, (xmlNodePtr)doc);

    xmlBufferPtr buffer = xmlBufferCreate();
    xmlOutputBufferPtr output = xmlOutputBufferCreateBuffer(buffer, xmlFindCharEncodingHandler("UTF-8"));
    htmlDocContentDumpFormatOutput(output, doc, "UTF-8", 0);
    xmlOutputBufferClose(output);
    buf_append(out, (const char *)xmlBufferContent(buffer), (size_t)xmlBufferLength(buffer));
    xmlBufferFree(buffer);
    xmlFreeDoc(doc);
    return true;
}
