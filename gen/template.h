/* template — layouts are HTML, parsed once by libxml2, filled per page.
 *
 * A layout is an ordinary HTML file whose elements carry rk-* attributes.
 * When it is added, every part without rk-* attributes is serialised by
 * libxml2 once; a page is filled by writing those fixed parts and the
 * values from a Value context between them, escaped as libxml2 escapes a
 * text node or an attribute value (gen/html.h). No content can turn into
 * markup, and the page is byte for byte what a filled copy of the layout's
 * DOM would serialise to, without a DOM per page. Text filled into <script>
 * or <style> is escaped like any other. The attributes (all removed from
 * the output):
 *
 *   rk-each="x in path"   repeat the element for each item of an array,
 *                         binding x (and x_index, 1-based, and x_count)
 *   rk-if="path"          keep the element only when the value is true
 *                         (see value_truthy: null, false, 0, "" and empty
 *                         lists are false);
 *   rk-if="path == word"  ... or equals a word (also !=)
 *   rk-unless="path"      the opposite of rk-if
 *   rk-text="path"        replace the children with the value as text
 *   rk-md="path"          replace the children with the value as Markdown
 *                         (rk-md-shift="N" shifts its headings down N)
 *   rk-attr-NAME="path"   set attribute NAME to the value; remove it when
 *                         the value is null or absent
 *   rk-class="path"       add the value to the class attribute
 *   rk-include="name"     replace the element with layouts/partials/name.html
 *   rk-qr="path"          on an <svg>: draw the QR code of the value's text
 *                         into it (gen/qr.h); remove the element when the
 *                         value is absent or too long for a QR code
 *   rk-json="path"        on a <script type="application/ld+json"> (or
 *                         application/json) only: its content is the value
 *                         as JSON, written by the generator
 *                         (value_write_json_compact), every '<', '>', '&',
 *                         U+2028 and U+2029 in its strings as \u....; remove
 *                         the element when the value is null or absent
 *
 * A path is dotted (`provision.provider.name`); its first part is a name
 * bound by rk-each (innermost first) or a key of the page's context. */
#ifndef ROUTEKAART_TEMPLATE_H
#define ROUTEKAART_TEMPLATE_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "qr.h"
#include "value.h"

typedef struct Templates Templates;

Templates *templates_new(void);
/* templates_free(NULL) is a no-op. */
void templates_free(Templates *templates);

/* Parses `html` as the layout `name` ("region", or "partials/header" for a
 * partial). Reports an unparseable file at `path`. */
bool templates_add(Templates *templates, Diags *diags, const char *name, const char *path, const char *html,
                   size_t len);

/* Checks every layout added, before any page is filled: each rk-*
 * attribute is a known one (a near miss is suggested), its expression is
 * well formed, each rk-include names a partial that exists, and partials
 * neither include themselves nor nest MAX_INCLUDES deep. Reports each
 * mistake once as `layouts/x.html:line:col`. False when it found any. */
bool templates_check(const Templates *templates, Arena *arena, Diags *diags);

/* QR codes (rk-qr) are drawn through `cache` from now on (see qr.h); it
 * must outlive the renders. */
void templates_use_qr_cache(Templates *templates, QrCache *cache);

/* Renders layout `name` with `context` and appends the HTML to `out`.
 * Scratch strings go to `arena`. A path that names a field its object does
 * not have (`l.lable`) is reported to `diags` (once per attribute; NULL:
 * not reported) and renders as absent. False when there is no such
 * layout. */
bool template_render(const Templates *templates, const char *name, const Value *context, Arena *arena,
                     Diags *diags, Buf *out);

#endif
