#include "buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void buf_reserve(Buf *buf, size_t extra)
{
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap)
        return;
    size_t cap = buf->cap ? buf->cap * 2 : 256;
    while (cap < need)
        cap *= 2;
    buf->data = xrealloc(buf->data, cap);
    buf->cap = cap;
}

void buf_printf(Buf *buf, const char *fmt, ...)
{
    /* Formatted straight into the free space: one pass when it fits. */
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    size_t room = buf->cap - buf->len;
    int n = vsnprintf(room ? buf->data + buf->len : NULL, room, fmt, copy);
    va_end(copy);
    if (n > 0 && (size_t)n >= room) {
        buf_reserve(buf, (size_t)n);
        vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    }
    if (n > 0)
        buf->len += (size_t)n;
    else if (buf->data)
        buf->data[buf->len] = '\0';
    va_end(ap);
}

void buf_clear(Buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void buf_free(Buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

const char *buf_cstr(const Buf *buf)
{
    return buf->data ? buf->data : "";
}

/* One bit per character below 64: the control characters, '"', '&', '<'
 * and '>'; above them only '\\'. A string is scanned byte by byte, so this
 * is one shift where six comparisons were. */
static bool json_needs_escape(unsigned char c)
{
    static const uint64_t below_64 = 0xffffffffu | 1ull << '"' | 1ull << '&' | 1ull << '<' | 1ull << '>';
    return c < 64 ? (below_64 >> c) & 1 : c == '\\';
}

void buf_append_json_string(Buf *out, const char *s)
{
    buf_putc(out, '"');
    const unsigned char *run = (const unsigned char *)s, *p = run;
    for (; *p; p++) {
        /* Escaping '<', '>' and '&' keeps the JSON safe to embed in HTML. */
        if (!json_needs_escape(*p))
            continue;
        buf_append(out, (const char *)run, (size_t)(p - run));
        run = p + 1;
        switch (*p) {
        case '"': buf_puts(out, "\\\""); break;
        case '\\': buf_puts(out, "\\\\"); break;
        case '\n': buf_puts(out, "\\n"); break;
        case '\r': buf_puts(out, "\\r"); break;
        case '\t': buf_puts(out, "\\t"); break;
        default: buf_printf(out, "\\u%04x", *p);
        }
    }
    buf_append(out, (const char *)run, (size_t)(p - run));
    buf_putc(out, '"');
}

void buf_append_no_break(Buf *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == ' ')
            buf_puts(out, "\u00a0");
        else if (*p == '-')
            buf_puts(out, "\u2011");
        else
            buf_putc(out, *p);
    }
}
