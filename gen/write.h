/* write — the last stage: files into a fresh folder, then swapped in.
 *
 * Everything is written into a hidden temporary folder beside the output
 * folder. Only write_commit() replaces the output, with one atomic exchange
 * of the two folders (renameat2 RENAME_EXCHANGE), so a failed or
 * interrupted build leaves the previous output exactly as it was.
 *
 * A file whose bytes are those of the previous output's file at the same
 * path is not written again: the new folder gets a hard link to it, so it
 * keeps its inode and mtime (rsync, CDN uploads and caches see it
 * unchanged), and a rebuild with nothing changed writes no file.
 *
 * The build's manifest (stamp.h) is kept beside the output folder, never in
 * it, so the folder holds the site and nothing else. It is not swapped with
 * the folder, so write_commit orders the steps instead: the old manifest is
 * removed before the swap and the new one renamed into place after it. A
 * build killed anywhere leaves the old site with its manifest, or a site
 * without one (the next build is a full one), never a manifest beside a
 * folder it does not describe. */
#ifndef ROUTEKAART_WRITE_H
#define ROUTEKAART_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"
#include "fileset.h"

typedef struct Writer Writer;

/* Prepares to write the folder `output`. NULL (reported) when its parent
 * cannot be created or written. */
Writer *write_begin(Diags *diags, const char *output);

/* Removes what killed builds left beside the folder `output` (as
 * write_begin does first): their folders and manifests, never the
 * output's own manifest. For a build that writes nothing. */
void write_tidy(const char *output);

/* The path of the manifest of the output folder `output`: for
 * `<parent>/<name>` it is `<parent>/.<name>.routekaart-build`, appended to
 * `out`. */
void write_manifest_path(Buf *out, const char *output);

/* Prepares to write into `files` instead of a folder (the preview
 * server's site in memory). Commit and abort only free the writer. */
Writer *write_begin_memory(Diags *diags, FileSet *files);

/* Writes `len` bytes to `path` (relative, '/'-separated) in the new output,
 * creating folders as needed. False (reported) on a write error. */
bool write_file(Writer *writer, const char *path, const void *data, size_t len);

/* Writes `len` bytes as the manifest of the new output, into a temporary
 * file beside it that write_commit renames into place. False (reported) on
 * a write error. A writer into memory ignores it. */
bool write_manifest(Writer *writer, const void *data, size_t len);

/* Removes the manifest beside the output, puts the new output in place of
 * the old one, puts the new manifest (if one was written) in place, and
 * removes the old output. Frees the writer. False (reported) when the swap
 * failed; then the old output is untouched (without its manifest: the next
 * build is a full one) and the new one removed. */
bool write_commit(Writer *writer);

/* Removes the new output and frees the writer. write_abort(NULL) is a
 * no-op. */
void write_abort(Writer *writer);

/* Creates `path` with `len` bytes, failing (reported) when it exists:
 * scaffolding never overwrites an editor's file. Creates its folders. */
bool write_new_file(Diags *diags, const char *path, const void *data, size_t len);

/* Replaces the file `path` with `len` bytes through a temporary file and a
 * rename, so a reader never sees half a file. */
bool write_replace_file(Diags *diags, const char *path, const void *data, size_t len);

/* A digest of the new output so far: a 64-bit hash of every file's path
 * and bytes, whatever order they were written in. Two outputs of the same
 * files have the same digest; any change to a file changes it (the
 * service worker's build key, offline.h). */
uint64_t write_digest(const Writer *writer);

/* Bytes of the new output so far (written or kept). */
size_t write_bytes(const Writer *writer);

/* Files of the new output so far that are the previous output's, kept. */
long write_unchanged(const Writer *writer);

/* The hidden folder the new output is being written into, until commit or
 * abort; NULL for a writer into memory. */
const char *write_folder(const Writer *writer);

#endif
