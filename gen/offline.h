/* offline — the service worker that keeps a region's map for use without
 * a network (README, "Offline").
 *
 * The worker's code is the theme file layouts/sw.js (the site's own copy
 * or the shipped one); the build writes it to sw.js at the site's root,
 * under that plain name, with one line in front: the build key, a digest
 * of every other file of the output (write_digest). So the same output
 * gives the same sw.js, byte for byte, and any changed file gives another
 * one, which the browser installs on its next visit; the worker names its
 * cache after the key and drops the caches of other builds.
 *
 * What each region needs offline is listed in <region>/offline.json,
 * written by render.c with the region's pages. */
#ifndef ROUTEKAART_OFFLINE_H
#define ROUTEKAART_OFFLINE_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "sitefs.h"
#include "write.h"

/* The path the worker is written to, relative to the output. */
extern const char offline_worker_path[];

/* Writes sw.js, keyed by the digest of what `w` holds so far: call it
 * after every other file is written. Adds one to `*files`. False when the
 * worker's code cannot be read or sw.js cannot be written (reported). */
bool offline_write_worker(Arena *arena, Diags *diags, SiteFs *fs, Writer *w, long *files);

#endif
