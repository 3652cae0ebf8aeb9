#include "template.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "markdown.h"
#include "qr.h"
#include "util.h"

typedef struct {
    char *name;
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
    templates->layouts[templates->count++] = (Layout){xstrdup(name), doc};
    return true;
}

static const Value *lookup(const Scope *scope, const char *path)
{
    while (*path == ' ')
        path++;
    size_t head = strcspn(path, ".");
    for (int i = scope->depth - 1; i >= 0; i--) {
        if (strlen(scope->names[i]) == head && strncmp(scope->names[i], path, head) == 0)
            return path[head] ? value_path(scope->values[i], path + head + 1) : scope->values[i];
    }
    return value_path(scope->root, path);
}

static char *get_attr(xmlNodePtr node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

/* Evaluates an rk-if condition: `path`, `path == word` or `path != word`. */
static bool condition(const Scope *scope, const char *expr)
{
    const char *op = strstr(expr, "==");
    bool negate = false;
    if (!op) {
        op = strstr(expr, "!=");
        negate = op != NULL;
    }
    if (!op)
        return value_truthy(lookup(scope, expr));
    char *path = arena_strndup(scope->arena, expr, (size_t)(op - expr));
    for (char *end = path + strlen(path); end > path && end[-1] == ' '; end--)
        end[-1] = '\0';
    const char *word = op + 2;
    while (*word == ' ')
        word++;
    const char *text = value_text(scope->arena, lookup(scope, path));
    bool equal = text && strcmp(text, word) == 0;
    return negate ? !equal : equal;
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
            const Value *v = lookup(scope, expr);
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
            const char *text = value_text(scope->arena, lookup(scope, expr));
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
        const char *text = bidi_balanced(scope->arena, value_text(scope->arena, lookup(scope, text_expr)));
        if (text && *text)
            xmlAddChild(node, xmlNewDocText(node->doc, (const xmlChar *)text));
        xmlUnsetProp(node, (const xmlChar *)"rk-text");
    } else if (md_expr) {
        remove_children(node);
        char *shift = get_attr(node, "rk-md-shift");
        const char *text = value_as_string(lookup(scope, md_expr));
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
        const Value *list = lookup(scope, in + 4);
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
    bool keep = (!cond || condition(scope, cond)) && (!cond_not || !condition(scope, cond_not));
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
        bool drawn = qr_svg_fill(node, value_text(scope->arena, lookup(scope, qr)));
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

bool template_render(const Templates *templates, const char *name, const Value *context, Arena *arena, Buf *out)
{
    const Layout *layout = find_layout(templates, name);
    if (!layout)
        return false;
    htmlDocPtr doc = xmlCopyDoc(layout->doc, 1);
    Scope scope = {.templates = templates, .root = context, .arena = arena};
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
