/* fuzztree — a content tree held in memory, built as `routekaart build`
 * builds a folder: load → validate → resolve → render (into memory).
 *
 * load_tree reads a folder; fuzz targets have bytes. This is the same
 * assembly of a Tree from (path, bytes) pairs, following load.c's rules
 * (which paths are read, name order, the shipped strings.yaml as the
 * default), so what a target finds is what a real build would hit. */
#ifndef ROUTEKAART_FUZZTREE_H
#define ROUTEKAART_FUZZTREE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct FuzzTree FuzzTree;

FuzzTree *fuzztree_new(void);
/* fuzztree_free(NULL) is a no-op. */
void fuzztree_free(FuzzTree *tree);

/* Adds the file `path` (relative to the site folder: "content/site.yaml",
 * "content/regions/noord/region.yaml", "layouts/strings.yaml"); `data` is
 * copied. A later file of the same path replaces an earlier one, as a
 * folder can hold only one; paths load would not read are ignored. */
void fuzztree_add(FuzzTree *tree, const char *path, const char *data, size_t len);

/* Loads, validates and resolves the files; when that found no error and
 * `render` is set, renders every page into memory with the shipped
 * layouts. Returns the number of errors reported (0 also when there was
 * no site.yaml: then there is nothing to build). */
size_t fuzztree_run(FuzzTree *tree, bool render);

/* The shipped layouts and partials, parsed once and kept for the life of
 * the process (parsing them for every input would cost most of the time). */
struct Templates *fuzztree_shipped_templates(void);

#endif
