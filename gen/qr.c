#include "qr.h"

#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "buf.h"
#include "strmap.h"
#include "util.h"

/* A number of 0 or more in decimal. */
static void put_number(Buf *out, int n)
{
    char digits[12];
    int i = 0;
    do
        digits[i++] = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    while (i > 0)
        buf_putc(out, digits[--i]);
}

/* The code of `text` (not empty) as the `d` of one <path>, with its width
 * in modules (without the quiet zone). False when it does not fit. */
static bool qr_draw(const char *text, Buf *d, int *width)
{
    /* Hint 8-bit with case kept: a URL's path is case-sensitive, and
     * libqrencode still packs runs of digits more densely on its own. */
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return false;
    int n = code->width;
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n;) {
            /* Bit 0 of each byte is the module's colour (libqrencode's
             * other bits say what part of the code it belongs to). */
            if (!(code->data[y * n + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < n && (code->data[y * n + x + run] & 1))
                run++;
            /* "M%d %dh%dv1h-%dz", written by hand: printf was a third of
             * a build's instructions (a code has a few hundred runs). */
            buf_putc(d, 'M');
            put_number(d, x + QR_QUIET_ZONE);
            buf_putc(d, ' ');
            put_number(d, y + QR_QUIET_ZONE);
            buf_putc(d, 'h');
            put_number(d, run);
            buf_puts(d, "v1h-");
            put_number(d, run);
            buf_putc(d, 'z');
            x += run;
        }
    }
    *width = n;
    QRcode_free(code);
    return true;
}

static void svg_fill(xmlNodePtr svg, const char *d, int width)
{
    char box[48];
    snprintf(box, sizeof box, "0 0 %d %d", width + 2 * QR_QUIET_ZONE, width + 2 * QR_QUIET_ZONE);
    xmlSetProp(svg, (const xmlChar *)"viewBox", (const xmlChar *)box);
    xmlNodePtr path = xmlNewChild(svg, NULL, (const xmlChar *)"path", NULL);
    xmlSetProp(path, (const xmlChar *)"d", (const xmlChar *)d);
    /* Without it a renderer smooths the edges of each row's rectangles,
     * leaving hairline seams between rows that can cost a scan. */
    xmlSetProp(path, (const xmlChar *)"shape-rendering", (const xmlChar *)"crispEdges");
}

bool qr_svg_fill(xmlNodePtr svg, const char *text)
{
    return qr_svg_fill_cached(NULL, svg, text);
}

typedef struct {
    int width;
    const char *d;
} Drawing;

struct QrCache {
    pthread_mutex_t lock;
    Arena *arena; /* the texts and drawings */
    StrMap *drawings;
};

QrCache *qr_cache_new(void)
{
    QrCache *cache = xmalloc(sizeof *cache);
    pthread_mutex_init(&cache->lock, NULL);
    cache->arena = arena_new();
    cache->drawings = strmap_new(cache->arena);
    return cache;
}

void qr_cache_free(QrCache *cache)
{
    if (!cache)
        return;
    pthread_mutex_destroy(&cache->lock);
    arena_free(cache->arena);
    free(cache);
}

size_t qr_cache_count(QrCache *cache)
{
    pthread_mutex_lock(&cache->lock);
    size_t count = strmap_count(cache->drawings);
    pthread_mutex_unlock(&cache->lock);
    return count;
}

bool qr_svg_fill_cached(QrCache *cache, xmlNodePtr svg, const char *text)
{
    if (!svg || !text || !*text)
        return false;
    const Drawing *known = NULL;
    if (cache) {
        pthread_mutex_lock(&cache->lock);
        known = strmap_get(cache->drawings, text);
        pthread_mutex_unlock(&cache->lock);
    }
    if (known) {
        svg_fill(svg, known->d, known->width);
        return true;
    }
    /* Drawn outside the lock: two threads may draw the same text at once;
     * the first to finish stores it. */
    Buf d = BUF_INIT;
    int width;
    bool drawn = qr_draw(text, &d, &width);
    if (drawn) {
        svg_fill(svg, buf_cstr(&d), width);
        if (cache) {
            pthread_mutex_lock(&cache->lock);
            if (!strmap_get(cache->drawings, text)) {
                Drawing *drawing = arena_alloc(cache->arena, sizeof *drawing);
                drawing->width = width;
                drawing->d = arena_strndup(cache->arena, d.data, d.len);
                strmap_put(cache->drawings, arena_strdup(cache->arena, text), drawing);
            }
            pthread_mutex_unlock(&cache->lock);
        }
    }
    buf_free(&d);
    return drawn;
}
