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

/* The bytes a JSON string escapes, and its end: the control characters
 * (with the NUL that ends it), '"', '\\', and '<', '>' and '&', which keeps
 * the JSON safe inside HTML; and 0xE2, the first byte of U+2028 and U+2029,
 * which end a line in older JavaScript (the other characters it starts pass
 * as they are). A table, as cmark escapes HTML: every byte of every
 * data.json passes this test, and a load and a test are all it costs. */
static const bool json_stops[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1,
    [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1,
    ['"'] = 1,  ['\\'] = 1, ['<'] = 1,  ['>'] = 1,  ['&'] = 1,  [0xE2] = 1,
};

void buf_append_json_string(Buf *out, const char *s)
{
    buf_putc(out, '"');
    const unsigned char *p = (const unsigned char *)s;
    for (;;) {
        const unsigned char *run = p;
        while (!json_stops[*p])
            p++;
        buf_append(out, (const char *)run, (size_t)(p - run));
        switch (*p) {
        case '\0': buf_putc(out, '"'); return;
        case '"': buf_puts(out, "\\\""); break;
        case '\\': buf_puts(out, "\\\\"); break;
        case '\n': buf_puts(out, "\\n"); break;
        case '\r': buf_puts(out, "\\r"); break;
        case '\t': buf_puts(out, "\\t"); break;
        case 0xE2:
            /* U+2028 and U+2029 are E2 80 A8 and E2 80 A9. */
            if (p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
                buf_printf(out, "\\u%04x", 0x2000u + (p[2] - 0x80u));
                p += 2;
            } else {
                buf_putc(out, (char)*p);
            }
            break;
        default: buf_printf(out, "\\u%04x", *p);
        }
        p++;
    }
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
