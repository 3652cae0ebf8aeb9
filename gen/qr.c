#include "qr.h"

#include <qrencode.h>
#include <stdio.h>

#include "buf.h"

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

bool qr_svg_fill(xmlNodePtr svg, const char *text)
{
    if (!svg || !text || !*text)
        return false;
    /* Hint 8-bit with case kept: a URL's path is case-sensitive, and
     * libqrencode still packs runs of digits more densely on its own. */
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return false;
    int n = code->width;
    Buf d = BUF_INIT;
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
            buf_putc(&d, 'M');
            put_number(&d, x + QR_QUIET_ZONE);
            buf_putc(&d, ' ');
            put_number(&d, y + QR_QUIET_ZONE);
            buf_putc(&d, 'h');
            put_number(&d, run);
            buf_puts(&d, "v1h-");
            put_number(&d, run);
            buf_putc(&d, 'z');
            x += run;
        }
    }
    char box[48];
    snprintf(box, sizeof box, "0 0 %d %d", n + 2 * QR_QUIET_ZONE, n + 2 * QR_QUIET_ZONE);
    xmlSetProp(svg, (const xmlChar *)"viewBox", (const xmlChar *)box);
    xmlNodePtr path = xmlNewChild(svg, NULL, (const xmlChar *)"path", NULL);
    xmlSetProp(path, (const xmlChar *)"d", (const xmlChar *)buf_cstr(&d));
    /* Without it a renderer smooths the edges of each row's rectangles,
     * leaving hairline seams between rows that can cost a scan. */
    xmlSetProp(path, (const xmlChar *)"shape-rendering", (const xmlChar *)"crispEdges");
    buf_free(&d);
    QRcode_free(code);
    return true;
}
