/* stamp — a rebuild with nothing changed does nothing.
 *
 * A build's output depends only on the routekaart binary, a few options
 * (base URL, today's date, the one region) and the files of content/,
 * layouts/ and assets/. The fingerprint (a Stamp) is a 128-bit SipHash of
 * all of them. A build of a folder leaves a manifest beside the output
 * folder (write.h says where, and how it is put in place with the folder):
 * the fingerprint, the warnings the build gave, its counts, the inode of
 * the output folder it describes, and the size, mtime and inode of every
 * output file. The next build first computes the fingerprint; when the
 * manifest holds the same one and the output folder is the one it names,
 * holding exactly the files it lists, unchanged, the build is done:
 * nothing is loaded, nothing written.
 *
 * The manifest is not in the output folder: the folder holds the site and
 * nothing else, and two builds of the same content are identical trees.
 * The manifest and the output folder are untrusted: a manifest that cannot
 * be read, is cut short, names another folder or says anything unexpected
 * only means a full build. */
#ifndef ROUTEKAART_STAMP_H
#define ROUTEKAART_STAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

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

/* True when the file `manifest` is a manifest of `stamp` that names the
 * folder `output` and every file in it, with the size, mtime and inode it
 * records, and no other file. Then the warnings it holds are added to
 * `diags` and `summary` is filled. False for anything else, with `diags`
 * untouched. */
bool stamp_check(const Stamp *stamp, const char *output, const char *manifest, Diags *diags,
                 StampSummary *summary);

/* The manifest of the output written into `folder` (the folder and its
 * files now, before it is renamed into the output's place, which keeps
 * their inodes) with its fingerprint, `diags` and `summary`, appended to
 * `out`. False when the folder cannot be walked (or holds something other
 * than files and folders): then no manifest. */
bool stamp_manifest(Buf *out, const Stamp *stamp, const char *folder, const Diags *diags,
                    const StampSummary *summary);

#endif
