/* markdown — CommonMark (cmark) straight into libxml2 nodes; see markdown.h. */
#include "markdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <libxml/tree.h>

#include "buf.h"
#include "limit.h"
#include "util.h"

static bool is_ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Locale-independent on purpose: a Turkish locale must not change what
 * "JAVASCRIPT" lowercases to. */
static unsigned char ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool scheme_is(const char *scheme, size_t len, const char *want)
{
    if (strlen(want) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (ascii_lower((unsigned char)scheme[i]) != (unsigned char)want[i])
            return false;
    return true;
}

bool markdown_url_is_safe(const char *url)
{
    if (url == NULL)
        return true;

    /* Browsers strip tabs and newlines from anywhere inside a URL, so
     * "java\tscript:" would still run; refusing every control character
     * closes that door without having to mimic their cleanup. */
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;

    /* Leading spaces are likewise ignored by browsers before the scheme. */
    while (*url == ' ')
        url++;

    size_t end = strcspn(url, ":/?#");
    if (url[end] != ':')
        return true; /* no scheme before the path/query/fragment: relative */

    /* Anything in front of the first ':' counts as a scheme, even when it is
     * not a well-formed one: stricter than the URL standard, but a false
     * "unsafe" only costs a link, a false "safe" costs a script. */
    if (end == 0 || !is_ascii_alpha((unsigned char)url[0]))
        return false;
    return scheme_is(url, end, "http") || scheme_is(url, end, "https") ||
           scheme_is(url, end, "mailto") || scheme_is(url, end, "tel");
}

/* NULL means "could not append"; callers then put the children straight into
 * `parent`, which keeps the text even when memory runs out. */
static xmlNodePtr append_element(xmlNodePtr parent, const char *name)
{
    xmlNodePtr el = xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL);
    if (el == NULL)
        return NULL;
    if (xmlAddChild(parent, el) == NULL) {
        xmlFreeNode(el);
        return NULL;
    }
    return el;
}

static void append_text(xmlNodePtr parent, const char *text)
{
    if (text == NULL || *text == '\0')
        return;
    /* xmlNewDocText stores the bytes verbatim (no entity parsing), so
     * "&lt;" in content stays four characters and is escaped on output. */
    xmlNodePtr t = xmlNewDocText(parent->doc, BAD_CAST text);
    if (t != NULL && xmlAddChild(parent, t) == NULL)
        xmlFreeNode(t);
}

/* True inside <a href="tel:...">: a phone number must not break across
 * lines, in a description as on the provider card. */
static bool in_phone_link(xmlNodePtr node)
{
    for (; node && node->type == XML_ELEMENT_NODE; node = node->parent) {
        if (xmlStrcmp(node->name, BAD_CAST "a") != 0)
            continue;
        xmlChar *href = xmlGetProp(node, BAD_CAST "href");
        bool tel = href && xmlStrncasecmp(href, BAD_CAST "tel:", 4) == 0;
        xmlFree(href);
        return tel;
    }
    return false;
}

/* The text with no-break spaces and no-break hyphens. */
static void append_phone_text(xmlNodePtr parent, const char *text)
{
    if (text == NULL)
        return;
    Buf out = BUF_INIT;
    buf_append_no_break(&out, text);
    append_text(parent, buf_cstr(&out));
    buf_free(&out);
}

/* xmlNewProp, unlike xmlNewDocProp, does not interpret '&' in the value, so
 * a title like "a &amp; b" is not silently decoded. */
static void set_attr(xmlNodePtr el, const char *name, const char *value)
{
    xmlNewProp(el, BAD_CAST name, BAD_CAST(value ? value : ""));
}

/* The plain text of an image description, as cmark's HTML renderer builds
 * its alt attribute: markup is flattened, breaks become spaces. Raw HTML is
 * left out, to match what the rest of the renderer does with it. Uses its
 * own iterator so the main walk stays non-recursive. */
static xmlBufferPtr image_alt(cmark_node *image)
{
    xmlBufferPtr buf = xmlBufferCreate();
    if (buf == NULL)
        return NULL;
    cmark_iter *it = cmark_iter_new(image);
    if (it == NULL)
        return buf;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: {
            const char *lit = cmark_node_get_literal(n);
            if (lit != NULL)
                xmlBufferCat(buf, BAD_CAST lit);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            xmlBufferCat(buf, BAD_CAST " ");
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    return buf;
}

static void render_image(xmlNodePtr parent, cmark_node *image)
{
    xmlBufferPtr alt = image_alt(image);
    const char *alt_text = alt != NULL ? (const char *)xmlBufferContent(alt) : "";
    const char *url = cmark_node_get_url(image);

    if (markdown_url_is_safe(url)) {
        xmlNodePtr img = append_element(parent, "img");
        if (img != NULL) {
            set_attr(img, "src", url);
            set_attr(img, "alt", alt_text);
            const char *title = cmark_node_get_title(image);
            if (title != NULL && *title != '\0')
                set_attr(img, "title", title);
        }
    } else {
        append_text(parent, alt_text);
    }
    if (alt != NULL)
        xmlBufferFree(alt);
}

static void render_code_block(xmlNodePtr parent, cmark_node *node)
{
    xmlNodePtr pre = append_element(parent, "pre");
    if (pre == NULL)
        return;
    xmlNodePtr code = append_element(pre, "code");
    if (code == NULL)
        return;

    /* Same convention as cmark's HTML renderer: only the first word of the
     * info string names the language, the rest is free for tooling. */
    const char *info = cmark_node_get_fence_info(node);
    if (info != NULL) {
        size_t n = strcspn(info, " \t\n\v\f\r");
        if (n > 0) {
            xmlBufferPtr cls = xmlBufferCreate();
            if (cls != NULL) {
                xmlBufferCat(cls, BAD_CAST "language-");
                /* xmlBufferAdd takes an int; no real language name is
                 * anywhere near this long. */
                xmlBufferAdd(cls, BAD_CAST info, (int)(n > 4096 ? 4096 : n));
                set_attr(code, "class", (const char *)xmlBufferContent(cls));
                xmlBufferFree(cls);
            }
        }
    }
    append_text(code, cmark_node_get_literal(node));
}

/* cmark's HTML renderer leaves the <p> out for a paragraph directly inside an
 * item of a tight list; doing the same keeps our output identical to it. */
static bool paragraph_is_tight(cmark_node *para)
{
    cmark_node *item = cmark_node_parent(para);
    cmark_node *list = item != NULL ? cmark_node_parent(item) : NULL;
    return list != NULL && cmark_node_get_type(list) == CMARK_NODE_LIST &&
           cmark_node_get_list_tight(list);
}

static const char *heading_name(int level, int shift)
{
    static const char *const names[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
    /* Clamp the shift first so a silly value cannot overflow the sum. */
    if (shift > 6)
        shift = 6;
    if (shift < -6)
        shift = -6;
    level += shift;
    if (level < 1)
        level = 1;
    if (level > 6)
        level = 6;
    return names[level - 1];
}

/* Handles entering a container node. Returns the element its children go
 * into, or NULL when they go into `cur` itself (tight paragraphs, unsafe
 * links, the document). */
static xmlNodePtr open_container(xmlNodePtr cur, cmark_node *node, int heading_shift)
{
    xmlNodePtr el = NULL;
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
        if (!paragraph_is_tight(node))
            el = append_element(cur, "p");
        break;
    case CMARK_NODE_HEADING:
        el = append_element(cur, heading_name(cmark_node_get_heading_level(node), heading_shift));
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        el = append_element(cur, "blockquote");
        break;
    case CMARK_NODE_LIST:
        if (cmark_node_get_list_type(node) == CMARK_ORDERED_LIST) {
            el = append_element(cur, "ol");
            int start = cmark_node_get_list_start(node);
            if (el != NULL && start != 1) {
                char num[16];
                snprintf(num, sizeof num, "%d", start);
                set_attr(el, "start", num);
            }
        } else {
            el = append_element(cur, "ul");
        }
        break;
    case CMARK_NODE_ITEM:
        el = append_element(cur, "li");
        break;
    case CMARK_NODE_EMPH:
        el = append_element(cur, "em");
        break;
    case CMARK_NODE_STRONG:
        el = append_element(cur, "strong");
        break;
    case CMARK_NODE_LINK: {
        const char *url = cmark_node_get_url(node);
        if (markdown_url_is_safe(url)) {
            el = append_element(cur, "a");
            if (el != NULL) {
                set_attr(el, "href", url);
                const char *title = cmark_node_get_title(node);
                if (title != NULL && *title != '\0')
                    set_attr(el, "title", title);
            }
        }
        break;
    }
    default:
        break;
    }
    return el;
}

void markdown_render(xmlNodePtr parent, const char *text, size_t len, int heading_shift)
{
    if (parent == NULL || text == NULL || len == 0)
        return;

    cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
    if (doc == NULL)
        return;
    cmark_iter *it = cmark_iter_new(doc);
    if (it == NULL) {
        cmark_node_free(doc);
        return;
    }

    xmlNodePtr cur = parent;
    int depth = 0; /* elements opened and not yet closed */
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);

        if (ev == CMARK_EVENT_EXIT) {
            /* The element opened on entry (if any) was remembered in the
             * node itself, so entry and exit cannot disagree about it. */
            xmlNodePtr el = cmark_node_get_user_data(node);
            if (el != NULL) {
                cur = el->parent;
                depth--;
            }
            continue;
        }

        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
            if (in_phone_link(cur))
                append_phone_text(cur, cmark_node_get_literal(node));
            else
                append_text(cur, cmark_node_get_literal(node));
            break;
        case CMARK_NODE_SOFTBREAK:
            append_text(cur, "\n");
            break;
        case CMARK_NODE_LINEBREAK:
            append_element(cur, "br");
            break;
        case CMARK_NODE_CODE: {
            xmlNodePtr code = append_element(cur, "code");
            if (code != NULL)
                append_text(code, cmark_node_get_literal(node));
            break;
        }
        case CMARK_NODE_CODE_BLOCK:
            render_code_block(cur, node);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            append_element(cur, "hr");
            break;
        case CMARK_NODE_IMAGE:
            render_image(cur, node);
            /* The description is already flattened into alt; jumping to the
             * image's exit keeps its children out of the page. */
            cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
            break;
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
            /* Raw HTML never reaches the output: that is the safe mode. */
            break;
        case CMARK_NODE_CUSTOM_BLOCK:
        case CMARK_NODE_CUSTOM_INLINE:
            /* Their on_enter/on_exit are raw HTML too; their children are
             * dropped with them rather than guessed at. */
            cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
            break;
        default: {
            /* Validation refuses deeper nesting in the fields it knows, but
             * a layout may render any field as Markdown: past the limit,
             * containers add their content to the one open, flattened. */
            xmlNodePtr el = depth < LIMIT_MARKDOWN_DEPTH ? open_container(cur, node, heading_shift) : NULL;
            cmark_node_set_user_data(node, el);
            if (el != NULL) {
                cur = el;
                depth++;
            }
            break;
        }
        }
    }

    cmark_iter_free(it);
    cmark_node_free(doc);
}

static bool is_leaf(cmark_node_type type)
{
    switch (type) {
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
        return true;
    default:
        return false;
    }
}

bool markdown_check_depth(const char *text, size_t len, int max_depth, int *line, int *column)
{
    cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    int depth = 0;
    bool ok = true;
    while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_EXIT) {
            depth--;
            continue;
        }
        /* Leaves get no exit event (cmark's iterator): they add no level. */
        if (is_leaf(cmark_node_get_type(n)))
            continue;
        if (++depth > max_depth) {
            /* Inlines carry no position in cmark 0.30; their block has one. */
            cmark_node *at = n;
            while (at && cmark_node_get_start_line(at) == 0)
                at = cmark_node_parent(at);
            *line = at ? cmark_node_get_start_line(at) : 1;
            *column = at ? cmark_node_get_start_column(at) : 1;
            ok = false;
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    return ok;
}
