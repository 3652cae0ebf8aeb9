/* embedded — the layouts/ and assets/ that ship inside the binary.
 * The table is generated at build time by cmake/embed.cmake. */
#ifndef ROUTEKAART_EMBEDDED_H
#define ROUTEKAART_EMBEDDED_H

#include <stddef.h>

typedef struct {
    const char *path; /* "layouts/region.html", "assets/routekaart.css" */
    const unsigned char *data; /* followed by a NUL byte */
    size_t size;
} EmbeddedFile;

extern const EmbeddedFile embedded_files[];
extern const size_t embedded_file_count;

/* The shipped file at `path`, or NULL. */
const EmbeddedFile *embedded_find(const char *path);

#endif
