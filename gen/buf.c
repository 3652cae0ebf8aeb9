#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void reserve(Buf *buf, size_t extra)
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

void buf_append(Buf *buf, const char *data, size_t len)
{
    reserve(buf, len);
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void buf_puts(Buf *buf, const char *s)
{
    buf_append(buf, s, strlen(s));
}

void buf_putc(Buf *buf, char c)
{
    buf_append(buf, &c, 1);
}

void buf_printf(Buf *buf, const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        reserve(buf, (size_t)n);
        vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
        buf->len += (size_t)n;
    }
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

void buf_append_json_string(Buf *out, const char *s)
{
    buf_putc(out, '"');
    const unsigned char *run = (const unsigned char *)s, *p = run;
    for (; *p; p++) {
        /* Escaping '<', '>' and '&' keeps the JSON safe to embed in HTML. */
        if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != '<' && *p != '>' && *p != '&')
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
