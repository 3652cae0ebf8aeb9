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
