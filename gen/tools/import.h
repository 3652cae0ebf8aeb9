/* import — provider data from a spreadsheet (CSV export of a social map).
 *
 * Columns, matched by header name without regard to case; Dutch names as
 * exported by social-map tools work too:
 *   id                      optional; made from the name when empty
 *   name | naam | organisatie           required
 *   url | website | webadres
 *   phone | telefoon | telefoonnummer | tel
 *   email | e-mail | e-mailadres | mail
 *   address | adres | straat            (postcode and plaats are added to it)
 *   postcode, plaats | woonplaats
 * Other columns are ignored (reported once). Separator ';' or ',' (whichever
 * the header line uses), UTF-8 with or without a byte order mark, fields in
 * double quotes may hold separators, quotes ("") and line breaks.
 *
 * A row without a name is skipped; a bad URL, e-mail address or phone
 * number is left out of its row; both are reported by row number. The
 * result is the region's `providers:` list: a new region.yaml, or, with
 * `force`, the providers of an existing one replaced in place. */
#ifndef ROUTEKAART_IMPORT_H
#define ROUTEKAART_IMPORT_H

#include <stdbool.h>

#include "buf.h"
#include "diag.h"

typedef struct {
    const char *root;     /* the site folder */
    const char *csv_path; /* the spreadsheet */
    const char *region;   /* the region id */
    bool force;           /* replace the providers of an existing region.yaml */
} ImportOptions;

/* False, with the reason in `diags`, when nothing was written. Rows that
 * could not be used are warnings; `done` says what was written. */
bool import_providers(const ImportOptions *options, Diags *diags, Buf *done);

/* The spreadsheet `csv` (`len` bytes, reported as `path`) as the
 * `providers:` block that import_providers puts into region.yaml,
 * appended to `out`; `*count` is the number of providers. Reads no file
 * and writes none (the fuzz target and tests use it). False, with the
 * reason in `diags`, when the text is not UTF-8 or no row could be used. */
bool import_providers_yaml(Diags *diags, const char *path, const char *csv, size_t len, Buf *out, size_t *count);

#endif
