/* html — writing HTML into a Buf, byte for byte as libxml2 serialises it.
 *
 * Layouts are parsed by libxml2 and their fixed parts are serialised by
 * libxml2 once (gen/template.c). The values filled in per page are written
 * here, straight into the page's buffer, with the escaping libxml2's HTML
 * serialiser applies to a text node or an attribute: so a page comes out
 * exactly as if it had been built as a DOM and dumped, without the DOM.
 * tests/unit/test_html.c holds these functions to libxml2's own output. */
#ifndef ROUTEKAART_HTML_H
#define ROUTEKAART_HTML_H

#include <libxml/tree.h>

#include "buf.h"

/* Appends `text` as the content of a text node: '&', '<' and '>' escaped,
 * control characters other than tab, newline and carriage return dropped. */
void html_append_text(Buf *out, const char *text);

/* Appends ` name="value"` as the attribute `name` of an element `element`:
 * entities escaped; URL attributes (href, src, action; name on <a>) lose
 * leading blanks and are %-escaped; the quotes chosen as libxml2 does; a
 * boolean attribute (checked, disabled, ...) written without its value. */
void html_append_attribute(Buf *out, const char *element, const char *name, const char *value);

/* Appends `node` (and its subtree) as libxml2's HTML serialiser writes it
 * without added formatting; `doc` is the HTML document it belongs to. */
void html_append_node(Buf *out, xmlDocPtr doc, xmlNodePtr node);

#endif
