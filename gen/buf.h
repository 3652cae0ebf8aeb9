/* buf — the one growable byte buffer, used wherever text is built.
 * Always NUL-terminated after its `len` bytes. */
#ifndef ROUTEKAART_BUF_H
#define ROUTEKAART_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct {
    char *data;
    size_t len, cap;
} Buf;

#define BUF_INIT {NULL, 0, 0}

/* Makes room for `extra` more bytes and the NUL; for the functions below. */
void buf_reserve(Buf *buf, size_t extra);

/* Inline: pages are written through these, a few bytes at a time, millions
 * of times a build. */
static inline void buf_append(Buf *buf, const char *data, size_t len)
{
    if (buf->len + len >= buf->cap)
        buf_reserve(buf, len);
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

static inline void buf_puts(Buf *buf, const char *s)
{
    buf_append(buf, s, strlen(s));
}

static inline void buf_putc(Buf *buf, char c)
{
    if (buf->len + 1 >= buf->cap)
        buf_reserve(buf, 1);
    buf->data[buf->len++] = c;
    buf->data[buf->len] = '\0';
}
void buf_printf(Buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(Buf *buf);
/* Releases the memory; the buffer may be reused afterwards. */
void buf_free(Buf *buf);
/* The text so far ("" for an untouched buffer). */
const char *buf_cstr(const Buf *buf);

/* Appends `s` to `out` as a JSON string literal, quotes included;
 * '<', '>' and '&' escaped, so the JSON is safe inside HTML too (no
 * content can end a <script> data block), and U+2028 and U+2029 as
 * \u2028 and \u2029, which older JavaScript reads as line ends. */
void buf_append_json_string(Buf *out, const char *s);

/* Appends `text` with its spaces as no-break spaces and its hyphens as
 * no-break hyphens: a phone number that never breaks across lines. */
void buf_append_no_break(Buf *out, const char *text);

#endif
