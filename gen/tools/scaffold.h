/* scaffold — `routekaart new`: commented YAML that builds at once.
 *
 * The texts come from the shipped scaffold/ files (every allowed value is
 * listed in their comments) and start with a yaml-language-server line
 * pointing at the JSON Schemas, which are written beside the content when
 * missing. Nothing existing is ever overwritten; adding a provision edits
 * region.yaml in place, keeping every other line as it was. */
#ifndef ROUTEKAART_SCAFFOLD_H
#define ROUTEKAART_SCAFFOLD_H

#include <stdbool.h>

#include "buf.h"
#include "diag.h"

/* Each returns false with the reason in `diags`; on success `done` holds
 * what was written, for the CLI to print. `today` (YYYY-MM-DD) fills the
 * dates of new entries. */

/* A new site in `dir` (which may exist, but must not hold content/). */
bool scaffold_site(const char *dir, const char *today, Diags *diags, Buf *done);
/* content/regions/<id>/region.yaml under `root`. */
bool scaffold_region(const char *root, const char *id, const char *today, Diags *diags, Buf *done);
/* A provision entry appended to the `provisions:` list of a region. */
bool scaffold_provision(const char *root, const char *region, const char *id, const char *today, Diags *diags,
                        Buf *done);

/* The JSON Schemas of the shipped schema/ folder, written under `root`
 * where missing. */
bool scaffold_write_schemas(const char *root, Diags *diags, Buf *done);

/* A display name from an id: "west-betuwe" → "West betuwe". Caller frees. */
char *scaffold_name_from_id(const char *id);

#endif
