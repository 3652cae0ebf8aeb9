#include "html.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLtree.h>
#include <libxml/uri.h>

/* The bytes escaping changes, and the NUL that ends a text: '&', '<', '>',
 * and the control characters but tab, newline and carriage return, which
 * are no characters of XML's (libxml2 leaves them out of what it writes).
 * Every byte of every page's text passes this table. */
static const bool html_stops[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x0b] = 1, [0x0c] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1,
    [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1,
    [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, ['&'] = 1,  ['<'] = 1,  ['>'] = 1,
};

/* Escapes `text` into `out`. In an attribute, libxml2 keeps an HTML 4
 * script macro `&{...}` as it is (HTML 4.01 B.7.1). */
static void append_escaped(Buf *out, const char *text, bool attribute)
{
    const char *p = text;
    for (;;) {
        const char *run = p;
        while (!html_stops[(unsigned char)*p])
            p++;
        buf_append(out, run, (size_t)(p - run));
        const char *close;
        if (*p == '\0') {
            return;
        } else if (*p == '&' && attribute && p[1] == '{' && (close = strchr(p, '}'))) {
            buf_append(out, p, (size_t)(close - p + 1));
            p = close;
        } else if (*p == '&') {
            buf_append(out, "&amp;", 5);
        } else if (*p == '<') {
            buf_append(out, "&lt;", 4);
        } else if (*p == '>') {
            buf_append(out, "&gt;", 4);
        }
        p++;
    }
}

void html_append_text(Buf *out, const char *text)
{
    append_escaped(out, text, false);
}

/* `value` in quotes: double, or single when it holds a double quote but no
 * single one; with both, double quotes and &quot;. */
static void append_quoted(Buf *out, const char *value, size_t len)
{
    bool has_double = memchr(value, '"', len) != NULL;
    if (has_double && !memchr(value, '\'', len)) {
        buf_putc(out, '\'');
        buf_append(out, value, len);
        buf_putc(out, '\'');
        return;
    }
    buf_putc(out, '"');
    const char *run = value;
    for (const char *p = value; has_double && p < value + len; p++)
        if (*p == '"') {
            buf_append(out, run, (size_t)(p - run));
            buf_append(out, "&quot;", 6);
            run = p + 1;
        }
    buf_append(out, run, (size_t)(value + len - run));
    buf_putc(out, '"');
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The first letter rules out nearly every name before a comparison: this
 * runs for every attribute of every page. */
static bool is_url_attribute(const char *element, const char *name)
{
    switch (ascii_lower(name[0])) {
    case 'h': return strcasecmp(name, "href") == 0;
    case 'a': return strcasecmp(name, "action") == 0;
    case 's': return strcasecmp(name, "src") == 0;
    case 'n': return strcasecmp(name, "name") == 0 && strcasecmp(element, "a") == 0;
    default: return false;
    }
}

/* htmlIsBooleanAttr compares `name` with each of its 13 names (checked,
 * compact, declare, defer, disabled, ismap, multiple, nohref, noresize,
 * noshade, nowrap, readonly, selected): their first letters and lengths rule
 * out nearly every other name at once, "class" and "data-*" among them. */
static bool is_boolean_attribute(const char *name)
{
    size_t len = strlen(name);
    bool may_be;
    switch (ascii_lower(name[0])) {
    case 'c': may_be = len == 7; break;
    case 'd': may_be = len == 5 || len == 7 || len == 8; break;
    case 'i': may_be = len == 5; break;
    case 'n': may_be = len >= 6 && len <= 8; break;
    case 'm':
    case 'r':
    case 's': may_be = len == 8; break;
    default: may_be = false;
    }
    return may_be && htmlIsBooleanAttr((const xmlChar *)name);
}

/* True when `c` comes out of xmlURIEscapeStr as it went in: an unreserved
 * character of RFC 2396 or one of those html_append_attribute allows. */
static bool url_keeps(unsigned char c)
{
    /* One bit per character, for 0-63 and 64-127: the digits and
     * "-.!*'()/:=?;#%&,+", then '@', the letters, '_' and '~'. */
    static const uint64_t below_64 = 0x3FFull << '0' | 1ull << '-' | 1ull << '.' | 1ull << '!' | 1ull << '*' |
                                     1ull << '\'' | 1ull << '(' | 1ull << ')' | 1ull << '/' | 1ull << ':' |
                                     1ull << '=' | 1ull << '?' | 1ull << ';' | 1ull << '#' | 1ull << '%' |
                                     1ull << '&' | 1ull << ',' | 1ull << '+';
    static const uint64_t from_64 = 1ull << ('@' - 64) | 0x3FFFFFFull << ('A' - 64) | 1ull << ('_' - 64) |
                                    0x3FFFFFFull << ('a' - 64) | 1ull << ('~' - 64);
    return c < 64 ? (below_64 >> c) & 1 : c < 128 && (from_64 >> (c - 64)) & 1;
}

/* True when escaping leaves `value` as it is, as most values are: the
 * common case then costs one scan and no copy. */
static bool needs_no_escaping(const char *value, bool url)
{
    const unsigned char *p = (const unsigned char *)value;
    if (!url) {
        while (!html_stops[*p])
            p++;
        return *p == '\0';
    }
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        return false;
    for (; *p; p++)
        if (html_stops[*p] || !url_keeps(*p))
            return false;
    return true;
}

void html_append_attribute(Buf *out, const char *element, const char *name, const char *value)
{
    buf_putc(out, ' ');
    buf_puts(out, name);
    if (is_boolean_attribute(name))
        return;
    buf_putc(out, '=');
    bool url = is_url_attribute(element, name);
    if (needs_no_escaping(value, url)) {
        append_quoted(out, value, strlen(value));
        return;
    }
    Buf escaped = BUF_INIT;
    append_escaped(&escaped, value, true);
    const char *text = buf_cstr(&escaped);
    if (url) {
        while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
            text++;
        /* The characters libxml2 leaves as they are in a URL; '<', '>' and
         * '&' are entities already. */
        xmlChar *escaped_url = xmlURIEscapeStr((const xmlChar *)text, (const xmlChar *)"@/:=?;#%&,+<>");
        if (escaped_url) {
            append_quoted(out, (const char *)escaped_url, strlen((const char *)escaped_url));
            xmlFree(escaped_url);
            buf_free(&escaped);
            return;
        }
    }
    append_quoted(out, text, strlen(text));
    buf_free(&escaped);
}

static int append_to_buf(void *context, const char *data, int len)
{
    buf_append(context, data, (size_t)len);
    return len;
}

void html_append_node(Buf *out, xmlDocPtr doc, xmlNodePtr node)
{
    xmlOutputBufferPtr output = xmlOutputBufferCreateIO(append_to_buf, NULL, out, NULL);
    htmlNodeDumpFormatOutput(output, doc, node, "UTF-8", 0);
    xmlOutputBufferClose(output);
}
