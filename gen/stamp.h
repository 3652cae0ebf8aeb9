/* stamp — a rebuild with nothing changed does nothing.
 *
 * A build's output depends only on the routekaart binary, a few options
 * (base URL, today's date, the one region) and the files of content/,
 * layouts/ and assets/. The fingerprint (a Stamp) is a 128-bit SipHash of
 * all of them. A build of a folder puts a manifest, `.routekaart-build`,
 * into the new output before it is swapped in: the fingerprint, the
 * warnings the build gave, its counts, and the size, mtime and inode of
 * every output file. The next build first computes the fingerprint; when
 * the output's manifest holds the same one and the output folder holds
 * exactly the files it lists, unchanged, the build is done: nothing is
 * loaded, nothing written.
 *
 * The manifest is a file of the output like any other, so it is swapped
 * in with the site or not at all: a killed build leaves either the old
 * site with its manifest or the new one with its own. Everything in the
 * output folder is untrusted: a manifest that cannot be read, is cut short
 * or says anything unexpected only means a full build. */
#ifndef ROUTEKAART_STAMP_H
#define ROUTEKAART_STAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

/* The manifest's name in the output folder. */
#define STAMP_MANIFEST ".routekaart-build"

typedef struct {
    uint64_t half[2];
} Stamp;

/* A build's counts, kept in the manifest for the summary line. */
typedef struct {
    size_t regions, provisions;
    long pages, files;
    size_t bytes;
} StampSummary;

/* SipHash-2-4 with a 128-bit result, fed in pieces. The key is fixed: the
 * hash guards against accidents, not against someone who may edit the
 * output folder (who can change the site anyway). */
typedef struct {
    uint64_t v[4];
    uint64_t tail; /* bytes not yet making a whole word */
    size_t len;    /* bytes fed so far */
} StampHasher;

void stamp_hash_init(StampHasher *h, uint64_t k0, uint64_t k1);
void stamp_hash_update(StampHasher *h, const void *data, size_t len);
/* The 128-bit result, as the reference implementation's 16 bytes read as
 * two little-endian words. */
Stamp stamp_hash_final(StampHasher *h);
/* The 64-bit variant, for checking against the reference vectors. */
uint64_t stamp_hash_final64(StampHasher *h);

/* The fingerprint of a build of the site folder `root` with `options`
 * ("base-url=/kaart/", "today=2026-12-02": each text that changes the
 * output): this binary, the options, and the path and bytes of every file
 * of content/, layouts/ and assets/ (read as the build reads them, through
 * sitefs), plus the list of region folders. False when any of it cannot be
 * read or is refused: then there is no fast path, and the full build
 * reports the problem. */
bool stamp_compute(Stamp *out, const char *root, const char *const *options, size_t option_count);

/* True when `output` holds a manifest of `stamp` and every file it lists,
 * with the size, mtime and inode it records, and no other file. Then the
 * warnings it holds are added to `diags` and `summary` is filled. False for
 * anything else, with `diags` untouched. */
bool stamp_check(const Stamp *stamp, const char *output, Diags *diags, StampSummary *summary);

/* The manifest of the output written into `folder` (the files there now,
 * before it is swapped in) with its fingerprint, `diags` and `summary`,
 * appended to `out`. False when the folder cannot be walked (or holds
 * something other than files and folders): then no manifest. */
bool stamp_manifest(Buf *out, const Stamp *stamp, const char *folder, const Diags *diags,
                    const StampSummary *summary);

#endif
