/* qr — a page's address as a QR code, drawn as inline SVG at build time.
 *
 * The printed flyer carries a QR code to its own page, so a parent can
 * open the page with a phone camera. libqrencode makes the code; the
 * drawing goes into an <svg> element of the layout through libxml2's
 * DOM, so no markup is ever built as a string. */
#ifndef ROUTEKAART_QR_H
#define ROUTEKAART_QR_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

/* The light margin round the code, in modules: the 4 that ISO/IEC 18004
 * asks for, so a scanner finds the code on any background. */
enum { QR_QUIET_ZONE = 4 };

/* Fills `svg` (an <svg> element) with the QR code of `text`: error
 * correction level M (15 % of the code may be damaged), the smallest
 * version that holds the text. Sets viewBox to the code plus the quiet
 * zone on every side (one unit a module) and appends one <path> drawing
 * every dark module, each row's runs of dark modules merged into one
 * rectangle. Other attributes and children of `svg` stay as they are.
 * False, with `svg` untouched, when `text` is NULL or empty or does not fit
 * in a QR code (more than about 2300 bytes). */
bool qr_svg_fill(xmlNodePtr svg, const char *text);

/* Codes already drawn, by their text. Making a code is most of a provision
 * page's work (libqrencode tries all eight masks), and in `serve` every
 * save rebuilds pages whose addresses, and so codes, stay the same: serve
 * keeps one cache for its whole session. It grows by one entry, the size of
 * a drawing (1-2 KB), for each address ever drawn. Several threads may use
 * one cache at once. */
typedef struct QrCache QrCache;

QrCache *qr_cache_new(void);
void qr_cache_free(QrCache *cache);
/* How many drawings `cache` holds. */
size_t qr_cache_count(QrCache *cache);

/* As qr_svg_fill; the drawing comes from `cache` when it holds `text`, else
 * it is made and kept there. `cache` NULL: as qr_svg_fill. */
bool qr_svg_fill_cached(QrCache *cache, xmlNodePtr svg, const char *text);

#endif
