/* load — the first stage: find the files of a content tree and read them.
 *
 * Reads site.yaml, catalog.yaml, guidance pages and every region folder
 * (sorted by name, so the order never depends on the file system), checks
 * UTF-8 and parses the YAML. What cannot be read is reported and left out;
 * the next stages work with what remains, so one build reports everything. */
#ifndef ROUTEKAART_LOAD_H
#define ROUTEKAART_LOAD_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "sitefs.h"
#include "source.h"

typedef struct {
    const char *id; /* the folder name */
    Source region;  /* region.yaml; has_yaml false when missing or broken */
    Source intro;   /* index.md, when has_intro */
    bool has_intro;
    Source *guidance;
    size_t guidance_count;
} RegionSources;

typedef struct {
    Source site;
    Source catalog;
    bool has_catalog;
    bool catalog_broken; /* catalog.yaml is there but could not be read or parsed */
    Source strings; /* layouts/strings.yaml: the user's, else the shipped one */
    SourceBudget budget; /* what all of their YAML holds together */
    Source *guidance;
    size_t guidance_count;
    RegionSources *regions;
    size_t region_count;
} Tree;

/* Loads the tree of the site folder `fs`. Returns false only when there is nothing to
 * build (no content/ folder, no site.yaml); other problems are in `diags`. */
bool load_tree(Tree *out, Arena *arena, Diags *diags, SiteFs *fs);

/* As load_tree, but of the regions only their ids are listed: load_region
 * reads each. */
bool load_tree_shared(Tree *out, Arena *arena, Diags *diags, SiteFs *fs);

/* Reads and parses the files of region `index`: region.yaml, index.md and
 * its guidance. A national tree's YAML documents would take several times
 * its size in memory at once, so the build validates a region and releases
 * its documents (load_release_region) before it reads the next. False when
 * region.yaml is missing or could not be read or parsed (reported). */
bool load_region(Tree *tree, size_t index, Arena *arena, Diags *diags, SiteFs *fs);

/* Releases the YAML documents of region `index`; the text stays. */
void load_release_region(Tree *tree, size_t index);

/* Releases the YAML documents of every source. */
void load_release(Tree *tree);

#endif
