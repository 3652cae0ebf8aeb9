/* serve — the live preview for editors.
 *
 * Builds the site into memory, serves it on 127.0.0.1 with libmicrohttpd,
 * watches content/, layouts/ and assets/ with inotify and rebuilds on every
 * save: only the changed region when one region's files changed, the whole
 * site otherwise. Open pages poll a status URL and reload themselves; when a
 * build fails they show its errors over the last good page, which stays
 * served. Runs until SIGINT or SIGTERM. */
#ifndef ROUTEKAART_SERVE_H
#define ROUTEKAART_SERVE_H

#include <stdbool.h>

#include "build.h"
#include "diag.h"

typedef struct {
    const char *root;  /* the folder holding content/ */
    int port;          /* on 127.0.0.1; 1313 by default, as Hugo */
    const char *today; /* passed to every build */
} ServeOptions;

typedef enum { SERVE_LISTENING, SERVE_BUILT } ServeEventKind;

typedef struct {
    ServeEventKind kind;
    const char *url;          /* SERVE_LISTENING: where the site is served */
    bool ok;                  /* SERVE_BUILT: the build succeeded */
    bool initial;             /* SERVE_BUILT: the build before serving began */
    const char *region;       /* SERVE_BUILT: the region rebuilt, NULL for all */
    const Diags *diags;       /* SERVE_BUILT: its problems (warnings on success) */
    const BuildStats *stats;  /* SERVE_BUILT */
    double milliseconds;      /* SERVE_BUILT: from the change to the new site */
} ServeEvent;

/* Called on the main thread for each event; the CLI prints them. */
typedef void (*ServeReport)(const ServeEvent *event, void *user);

/* Runs the preview until a stop signal. Returns false, with the reason in
 * `diags`, when it cannot start (port taken, no content/ to watch). */
bool serve_run(const ServeOptions *options, ServeReport report, void *user, Diags *diags);

#endif
