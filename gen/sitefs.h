/* sitefs — the site folder, read as untrusted input.
 *
 * Every file of a site (content/, layouts/, assets/) may come from a pull
 * request that CI builds and publishes, so nothing in it may make the
 * generator read outside the folder or wait forever:
 *
 *   - A symbolic link is followed only while it stays inside the site
 *     folder (openat2 with RESOLVE_BENEATH): a relative link to another file
 *     or folder of the site works; a link to outside, an absolute link and a
 *     link loop are refused and named (`path: error: symbolic link to outside
 *     the site folder`), never skipped in silence.
 *   - Only regular files are read. A FIFO, socket or device is refused by
 *     name without being opened for reading (opening a FIFO waits for a
 *     writer that never comes).
 *   - A file larger than its limit (limit.h) is refused before it is read.
 *
 * The folder the user names on the command line is trusted; everything
 * below it is not. */
#ifndef ROUTEKAART_SITEFS_H
#define ROUTEKAART_SITEFS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef struct SiteFs SiteFs;

/* Opens the site folder `root`. Never fails: a folder that cannot be opened
 * behaves as an empty one (the loader then reports the missing content/).
 * Free with sitefs_close. */
SiteFs *sitefs_open(const char *root);

/* The same, resolving links by hand as it does where the kernel lacks
 * openat2 (before Linux 5.6, some sandboxes, valgrind): for the tests,
 * which check that both ways follow the same rule. */
SiteFs *sitefs_open_without_openat2(const char *root);

/* Sets how many bytes all reads together may take (LIMIT_SITE_BYTES when
 * opened), so that tests can cross the limit with small files. */
void sitefs_set_budget(SiteFs *fs, size_t bytes);

/* Closes the folder. Safe on NULL. */
void sitefs_close(SiteFs *fs);

typedef enum {
    SITEFS_MISSING, /* no such file or folder */
    SITEFS_FILE,    /* a regular file, or a link to one inside the site */
    SITEFS_FOLDER,  /* a folder, or a link to one inside the site */
    SITEFS_REFUSED, /* something that is never read: see sitefs_explain */
} SiteFsKind;

/* What `path` (relative to the root, "content/site.yaml") is, following
 * links only inside the site. For SITEFS_REFUSED, `*why` (when not NULL)
 * is set to a static sentence saying why, for a diagnostic. */
SiteFsKind sitefs_kind(SiteFs *fs, const char *path, const char **why);

/* Reports `path` when reading it would be refused (see above) and returns
 * false; true for a file, a folder or nothing. For checking files that are
 * read later, so that `check` names them as a build would. */
bool sitefs_check(SiteFs *fs, Diags *diags, const char *path);

/* Reads the regular file `path` (relative to the root) whole, refusing it
 * when it is larger than `max_bytes`. Returns a malloc'ed buffer holding
 * `*len` bytes plus a terminating NUL, which the caller frees; NULL after
 * reporting the problem at `path` (missing, refused, too large, unreadable). */
char *sitefs_read(SiteFs *fs, Diags *diags, const char *path, size_t max_bytes, size_t *len);

/* Opens the regular file `path` under the same rules as sitefs_read,
 * without reading it, for a caller that reads it in pieces: a descriptor
 * to read and close, its size when opened in `*size`; -1 after reporting
 * the problem. Reads through it do not count against the budget. */
int sitefs_open_file(SiteFs *fs, Diags *diags, const char *path, size_t *size);

typedef enum {
    SITEFS_LIST_FILES,   /* names of the files in the folder */
    SITEFS_LIST_FOLDERS, /* names of the folders in the folder */
    SITEFS_LIST_TREE,    /* root-relative paths of every file below the folder */
} SiteFsList;

/* Lists the folder `dir` (relative to the root), hidden entries left out,
 * sorted by byte value so the order never depends on the file system. NULL
 * with *count 0 when the folder does not exist or holds nothing. Entries
 * that reading refuses (links to outside, special files) are listed as
 * files, so that sitefs_read names them once; when folders are listed they
 * are reported here. A folder that through a link holds itself is reported
 * and left out. Strings are in `arena`. */
char **sitefs_list(SiteFs *fs, Arena *arena, Diags *diags, const char *dir, SiteFsList what, size_t *count);

/* For the commands that edit or create files in a site (`new`, `import`):
 * true when no part of `rel` (a path below the folder `root`) that exists
 * is a symbolic link. Else reports the link at `display` and returns false:
 * a file written through a link could be anywhere on the machine. */
bool sitefs_check_unlinked(Diags *diags, const char *root, const char *rel, const char *display);

#endif
