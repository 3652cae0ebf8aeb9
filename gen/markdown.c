/* markdown — CommonMark (cmark) straight into a page's HTML; see markdown.h. */
#include "markdown.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include <cmark.h>
#include <libxml/HTMLparser.h>

#include "arena.h"
#include "buf.h"
#include "html.h"
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

/* The output as it is written: the elements open, innermost last, so an
 * end tag can be written and a phone link known. */
typedef struct {
    const char *name;
    size_t content; /* out->len after the start tag */
    bool phone;     /* an <a href="tel:..."> */
} OpenElement;

typedef struct {
    Buf *out;
    /* Containers nest at most LIMIT_MARKDOWN_DEPTH deep; a code block
     * adds <pre><code> inside the innermost. */
    OpenElement open[LIMIT_MARKDOWN_DEPTH + 2];
    int depth; /* elements opened and not yet closed */
} Writer;

/* Writes the start tag of `name` and its attributes (`attributes` holds
 * name/value pairs, `count` of them). A void element (<br>, <img>, <hr>)
 * is complete with it; any other is opened and closed by close_element. */
static void open_element(Writer *w, const char *name, const char *const *attributes, int count)
{
    buf_putc(w->out, '<');
    buf_puts(w->out, name);
    for (int i = 0; i < count; i++)
        html_append_attribute(w->out, name, attributes[2 * i], attributes[2 * i + 1]);
    buf_putc(w->out, '>');
    const htmlElemDesc *info = htmlTagLookup((const xmlChar *)name);
    if (info && info->empty)
        return;
    bool phone = false;
    for (int i = 0; i < count; i++)
        if (strcmp(name, "a") == 0 && strcmp(attributes[2 * i], "href") == 0)
            phone = strncasecmp(attributes[2 * i + 1], "tel:", 4) == 0;
    w->open[w->depth++] = (OpenElement){name, w->out->len, phone};
}

/* The end tag, as libxml2 writes it: an <li> with nothing in it has none. */
static void close_element(Writer *w)
{
    OpenElement *e = &w->open[--w->depth];
    const htmlElemDesc *info = htmlTagLookup((const xmlChar *)e->name);
    if (w->out->len == e->content && info && info->saveEndTag)
        return;
    buf_puts(w->out, "</");
    buf_puts(w->out, e->name);
    buf_putc(w->out, '>');
}

/* True inside <a href="tel:...">: a phone number must not break across
 * lines, in a description as on the provider card. */
static bool in_phone_link(const Writer *w)
{
    for (int i = w->depth - 1; i >= 0; i--)
        if (strcmp(w->open[i].name, "a") == 0)
            return w->open[i].phone;
    return false;
}

static void write_text(Writer *w, const char *text)
{
    if (text)
        html_append_text(w->out, text);
}

/* A text node of the document: in a phone link, with no-break spaces and
 * no-break hyphens. */
static void write_document_text(Writer *w, const char *text)
{
    if (!text || !in_phone_link(w)) {
        write_text(w, text);
        return;
    }
    Buf phone = BUF_INIT;
    buf_append_no_break(&phone, text);
    html_append_text(w->out, buf_cstr(&phone));
    buf_free(&phone);
}

/* The plain text of an image description, as cmark's HTML renderer builds
 * its alt attribute: markup is flattened, breaks become spaces. Raw HTML is
 * left out, to match what the rest of the renderer does with it. Uses its
 * own iterator so the main walk stays non-recursive. */
static void image_alt(cmark_node *image, Buf *alt)
{
    cmark_iter *it = cmark_iter_new(image);
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
                buf_puts(alt, lit);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            buf_putc(alt, ' ');
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

static void render_image(Writer *w, cmark_node *image)
{
    Buf alt = BUF_INIT;
    image_alt(image, &alt);
    const char *url = cmark_node_get_url(image);
    if (markdown_url_is_safe(url)) {
        const char *title = cmark_node_get_title(image);
        const char *attributes[] = {"src", url ? url : "", "alt", buf_cstr(&alt), "title", title};
        open_element(w, "img", attributes, title != NULL && *title != '\0' ? 3 : 2);
    } else {
        write_text(w, buf_cstr(&alt));
    }
    buf_free(&alt);
}

static void render_code_block(Writer *w, cmark_node *node)
{
    open_element(w, "pre", NULL, 0);
    /* Same convention as cmark's HTML renderer: only the first word of the
     * info string names the language, the rest is free for tooling. */
    const char *info = cmark_node_get_fence_info(node);
    size_t n = info ? strcspn(info, " \t\n\v\f\r") : 0;
    Buf language = BUF_INIT;
    if (n > 0) {
        buf_puts(&language, "language-");
        /* No real language name is anywhere near this long. */
        buf_append(&language, info, n > 4096 ? 4096 : n);
    }
    const char *attributes[] = {"class", buf_cstr(&language)};
    open_element(w, "code", attributes, n > 0 ? 1 : 0);
    buf_free(&language);
    write_text(w, cmark_node_get_literal(node));
    close_element(w);
    close_element(w);
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

/* Handles entering a container node: opens its element and returns true,
 * or false when its children go into the element open already (tight
 * paragraphs, unsafe links, the document). */
static bool open_container(Writer *w, cmark_node *node, int heading_shift)
{
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
        if (paragraph_is_tight(node))
            return false;
        open_element(w, "p", NULL, 0);
        return true;
    case CMARK_NODE_HEADING:
        open_element(w, heading_name(cmark_node_get_heading_level(node), heading_shift), NULL, 0);
        return true;
    case CMARK_NODE_BLOCK_QUOTE:
        open_element(w, "blockquote", NULL, 0);
        return true;
    case CMARK_NODE_LIST:
        if (cmark_node_get_list_type(node) == CMARK_ORDERED_LIST) {
            int start = cmark_node_get_list_start(node);
            char num[16] = "";
            if (start != 1)
                snprintf(num, sizeof num, "%d", start);
            const char *attributes[] = {"start", num};
            open_element(w, "ol", attributes, start != 1 ? 1 : 0);
        } else {
            open_element(w, "ul", NULL, 0);
        }
        return true;
    case CMARK_NODE_ITEM:
        open_element(w, "li", NULL, 0);
        return true;
    case CMARK_NODE_EMPH:
        open_element(w, "em", NULL, 0);
        return true;
    case CMARK_NODE_STRONG:
        open_element(w, "strong", NULL, 0);
        return true;
    case CMARK_NODE_LINK: {
        const char *url = cmark_node_get_url(node);
        if (!markdown_url_is_safe(url))
            return false;
        const char *title = cmark_node_get_title(node);
        const char *attributes[] = {"href", url ? url : "", "title", title};
        open_element(w, "a", attributes, title != NULL && *title != '\0' ? 2 : 1);
        return true;
    }
    default:
        return false;
    }
}

/* ---- cmark's memory --------------------------------------------------
 *
 * cmark allocates each node and buffer of a document on its own, and a
 * page's Markdown is parsed, written and freed at once: allocating and
 * freeing piece by piece cost a third as much as the parse. A text up to
 * ARENA_TEXT_BYTES is parsed into an arena instead, released as a whole
 * after the page; cmark's `free` does nothing there. A longer text (a
 * guidance page near its limit) keeps cmark's own allocator, as its buffers
 * grow by reallocation, which an arena pays for in copies left behind.
 * cmark_mem passes no context to its functions, so the arena is the
 * thread's. */

enum { ARENA_TEXT_BYTES = 1024 * 1024 };

static _Thread_local Arena *parse_arena;

/* An allocation's size sits before it, for realloc. */
typedef struct {
    size_t size;
    max_align_t data[];
} Chunk;

static void *arena_calloc(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - sizeof(Chunk)) / size)
        return NULL;
    Chunk *chunk = arena_alloc(parse_arena, sizeof(Chunk) + count * size);
    chunk->size = count * size;
    return chunk->data;
}

static void *arena_realloc(void *old, size_t size)
{
    if (old == NULL)
        return arena_calloc(1, size);
    const Chunk *chunk = (const Chunk *)((char *)old - offsetof(Chunk, data));
    if (size <= chunk->size)
        return old;
    void *grown = arena_calloc(1, size);
    if (grown != NULL)
        memcpy(grown, old, chunk->size);
    return grown;
}

static void arena_keep(void *p)
{
    (void)p;
}

static cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_keep};

/* Parses the text with cmark, into the thread's arena when it is short
 * enough (see above); NULL when cmark returns no document. */
static cmark_node *parse_document(const char *text, size_t len)
{
    cmark_mem *mem = cmark_get_default_mem_allocator();
    if (len <= ARENA_TEXT_BYTES) {
        parse_arena = arena_new();
        mem = &arena_mem;
    }
    cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, mem);
    cmark_parser_feed(parser, text, len);
    cmark_node *doc = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    return doc;
}

static void free_document(cmark_node *doc)
{
    cmark_node_free(doc);
    arena_free(parse_arena);
    parse_arena = NULL;
}

/* A node that opened an element is marked with this, so its exit closes it. */
static char opened;

/* Writes what entering the node adds to the page. An image or a custom node
 * moves the iterator to its own exit, so its children stay out. */
static void render_entered_node(Writer *w, cmark_iter *it, cmark_node *node, int heading_shift)
{
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
        write_document_text(w, cmark_node_get_literal(node));
        break;
    case CMARK_NODE_SOFTBREAK:
        write_text(w, "\n");
        break;
    case CMARK_NODE_LINEBREAK:
        open_element(w, "br", NULL, 0);
        break;
    case CMARK_NODE_CODE:
        open_element(w, "code", NULL, 0);
        write_text(w, cmark_node_get_literal(node));
        close_element(w);
        break;
    case CMARK_NODE_CODE_BLOCK:
        render_code_block(w, node);
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        open_element(w, "hr", NULL, 0);
        break;
    case CMARK_NODE_IMAGE:
        render_image(w, node);
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
    default:
        /* Validation refuses deeper nesting in the fields it knows, but
         * a layout may render any field as Markdown: past the limit,
         * containers add their content to the one open, flattened. */
        cmark_node_set_user_data(
            node, w->depth < LIMIT_MARKDOWN_DEPTH && open_container(w, node, heading_shift) ? &opened : NULL);
        break;
    }
}

void markdown_plain_text(Buf *out, const char *text, size_t len, size_t max)
{
    cmark_node *doc = text && len ? parse_document(text, len) : NULL;
    cmark_iter *it = doc ? cmark_iter_new(doc) : NULL;
    size_t start = out->len;
    cmark_event_type ev;
    while (it && out->len - start < max && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        bool space = out->len > start && out->data[out->len - 1] != ' ';
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE))
            buf_puts(out, cmark_node_get_literal(node));
        else if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_HEADING)
            /* A heading names what follows; run into the text before it,
             * without a full stop, it reads as part of a sentence. */
            cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
        else if (space && (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
                           (ev == CMARK_EVENT_EXIT && type == CMARK_NODE_PARAGRAPH)))
            buf_putc(out, ' ');
    }
    while (out->len > start && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    if (it)
        cmark_iter_free(it);
    if (doc)
        free_document(doc);
}

void markdown_render(Buf *out, const char *text, size_t len, int heading_shift)
{
    if (out == NULL || text == NULL || len == 0)
        return;

    cmark_node *doc = parse_document(text, len);
    cmark_iter *it = doc ? cmark_iter_new(doc) : NULL;
    if (it == NULL) {
        free_document(doc);
        return;
    }

    Writer w = {.out = out};
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_EXIT)
            render_entered_node(&w, it, node, heading_shift);
        else if (cmark_node_get_user_data(node) == &opened)
            close_element(&w);
    }

    cmark_iter_free(it);
    free_document(doc);
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

int markdown_depth_bound(const char *text, size_t len)
{
    /* The document and one paragraph or heading. */
    size_t bound = 2;
    bool in_prefix = true;
    /* cmark skips a byte order mark at the start: the first line's prefix
     * begins after it. */
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    /* Past a line's prefix only these bytes count (see the cases below):
     * the rest of the line is skipped at a table look-up a byte. */
    static const bool counts_in_line[256] = {['\n'] = 1, ['\r'] = 1, ['*'] = 1, ['_'] = 1, ['['] = 1, ['<'] = 1};
    for (; i < len; i++) {
        if (!in_prefix)
            while (i < len && !counts_in_line[(unsigned char)text[i]])
                i++;
        if (i == len)
            break;
        switch (text[i]) {
        case '\n':
        case '\r':
            in_prefix = true;
            break;
        /* A block quote is opened by a '>', a list item and its list by a
         * list marker ('-', '+', '*', or digits and '.' or ')'): all stand
         * in the prefix of a line, before its first other character. */
        case '>':
            bound += in_prefix;
            break;
        case '-':
        case '+':
        case '.':
        case ')':
            bound += in_prefix ? 2 : 0;
            break;
        /* Each emphasis takes at least one '*' or '_' of its own, a link or
         * image a '[', an autolink a '<'. */
        case '*':
            bound += in_prefix ? 3 : 1;
            break;
        case '_':
        case '[':
        case '<':
            bound += 1;
            in_prefix = false;
            break;
        case ' ':
        case '\t':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            break;
        default:
            in_prefix = false;
        }
    }
    return bound > INT_MAX ? INT_MAX : (int)bound;
}

bool markdown_check_depth(const char *text, size_t len, int max_depth, int *line, int *column)
{
    /* Nearly every text is shallow by the bound alone: no second parse. */
    if (markdown_depth_bound(text, len) <= max_depth)
        return true;
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
