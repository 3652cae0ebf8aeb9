/* fileset — a site held in memory: paths to bytes.
 *
 * The preview server renders into one of these instead of a folder, swaps
 * a rebuilt region in, and answers requests from it; a failed rebuild never
 * touches the set being served. */
#ifndef ROUTEKAART_FILESET_H
#define ROUTEKAART_FILESET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct FileSet FileSet;

FileSet *fileset_new(void);
/* fileset_free(NULL) is a no-op. */
void fileset_free(FileSet *set);

/* Stores a copy of `len` bytes under `path`, replacing what was there. */
void fileset_put(FileSet *set, const char *path, const void *data, size_t len);
/* The bytes under `path`; false when there are none. The pointer is valid
 * until the set changes. */
bool fileset_get(const FileSet *set, const char *path, const void **data, size_t *len);
/* Removes every path that starts with `prefix`. */
void fileset_remove_prefix(FileSet *set, const char *prefix);
/* Moves every file of `from` into `into` (replacing same paths); `from`
 * is left empty. */
void fileset_merge(FileSet *into, FileSet *from);
size_t fileset_count(const FileSet *set);

#endif
