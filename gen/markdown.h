/* markdown — CommonMark (cmark, safe) straight into a page's HTML.
 *
 * The cmark node tree is walked with cmark's enter/exit iterator and
 * written as elements and text, every text and attribute escaped by
 * gen/html.h as libxml2's serialiser escapes it; there is never a string of
 * HTML that is parsed again, so text from content can never become markup. */
#ifndef ROUTEKAART_MARKDOWN_H
#define ROUTEKAART_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Parses `text` (`len` bytes of UTF-8) as CommonMark and appends the HTML to
 * `out`: byte for byte what libxml2 writes for the same elements.
 * - Raw HTML (blocks and inline) is dropped, as cmark's safe mode does.
 * - A link or image whose URL is not safe (markdown_url_is_safe) keeps its
 *   text but loses its URL: a link becomes its text, an image its alt text.
 * - Headings are shifted down by `heading_shift` levels (capped at h6), so a
 *   `#` inside a provision description does not compete with the page's h1.
 * - Elements nest at most LIMIT_MARKDOWN_DEPTH deep; deeper content is added
 *   to the innermost element, flattened.
 * Never fails; empty text appends nothing. */
void markdown_render(Buf *out, const char *text, size_t len, int heading_shift);

/* Appends the words of CommonMark `text` (`len` bytes) to `out` without
 * their markup: the text of its paragraphs, list items, links and image
 * descriptions, a space between blocks and for line breaks; headings, code
 * blocks and raw HTML left out. Stops after the piece of text that
 * reaches `max` bytes (a page's description needs its first words only);
 * a character is never cut. The text is not escaped: it is for a text node or an attribute,
 * which gen/html.h escapes. */
void markdown_plain_text(Buf *out, const char *text, size_t len, size_t max);

/* Parses `text` (`len` bytes) as CommonMark and checks that no element is
 * nested more than `max_depth` levels deep (quotes in quotes, lists in
 * lists, emphasis in emphasis). False when one is: `*line` and `*column`
 * (from 1, in the text) are where the first too deep element starts.
 * Browsers and screen readers give up long before cmark does. */
bool markdown_check_depth(const char *text, size_t len, int max_depth, int *line, int *column);

/* An upper bound on the nesting markdown_check_depth counts, from one scan
 * without parsing: every element on a path from the document down is opened
 * by characters of its own ('>', list markers at the start of a line; '*',
 * '_', '[', '<' anywhere), plus the document and one paragraph or heading.
 * markdown_check_depth parses only a text whose bound is over the limit. */
int markdown_depth_bound(const char *text, size_t len);

/* True for URLs allowed in output: http:, https:, mailto: and tel: (scheme
 * case-insensitive), and relative URLs (no scheme: "page.html", "/x", "#a",
 * "?q"). False for javascript:, data:, vbscript:, file: and every other
 * scheme, also when disguised by leading spaces or control characters. */
bool markdown_url_is_safe(const char *url);

#endif
