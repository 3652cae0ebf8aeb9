/* build — the pipeline, top to bottom: load → validate → resolve →
 * render → write. The CLI (main.c) and the tests call this; it prints
 * nothing and never exits: problems are in the Diags. */
#ifndef ROUTEKAART_BUILD_H
#define ROUTEKAART_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "fileset.h"
#include "qr.h"

/* theme.h: compiled layouts kept between builds. */
typedef struct LayoutCache LayoutCache;

typedef struct {
    const char *root;     /* the folder holding content/ */
    const char *output;   /* where the site goes; NULL: root/public */
    const char *base_url; /* overrides site.yaml's base_url when not NULL */
    bool check_only;      /* stop after resolve: validate without writing */
    const char *today;    /* YYYY-MM-DD, for warnings about old dates; NULL: none */
    FileSet *memory;      /* when not NULL, the site goes here instead of a folder */
    const char *only_region; /* render only this region (plus the home page,
                                national guidance, comparison, sitemap and
                                assets; no other page shows a region); all
                                regions are still validated */
    int jobs;             /* regions rendered at a time; below 2: one */
    QrCache *qr_cache;    /* QR codes drawn before (serve keeps one across
                             its builds); NULL: each is drawn afresh */
    LayoutCache *layout_cache; /* layouts compiled before (serve keeps one
                                  across its builds); NULL: compiled afresh */
} BuildOptions;

typedef struct {
    size_t regions, provisions;
    long pages;          /* HTML pages written */
    long files;          /* all files of the output */
    long unchanged;      /* of those, files kept from the previous output */
    size_t bytes;        /* bytes written */
    size_t model_bytes;  /* arena memory of the content model */
    bool fresh;          /* the output was this build's already: nothing
                            was loaded or written (see stamp.h) */
} BuildStats;

/* Runs the build. Returns true when there were no errors (warnings are
 * allowed); then, unless check_only, the output folder holds the new site.
 * On false the output folder is as it was. */
bool build_run(const BuildOptions *options, Diags *diags, BuildStats *stats);

#endif
