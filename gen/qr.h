/* qr — a page's address as a QR code, drawn as inline SVG at build time.
 *
 * The printed flyer carries a QR code to its own page, so a parent can
 * open the page with a phone camera. libqrencode makes the code; the
 * drawing goes into an <svg> element of the layout through libxml2's
 * DOM, so no markup is ever built as a string. */
#ifndef ROUTEKAART_QR_H
#define ROUTEKAART_QR_H

#include <stdbool.h>

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

#endif
