/* util — allocation that cannot fail.
 *
 * Out of memory is not a content problem an editor can fix, so these abort
 * with a message instead of returning NULL; callers need not check. */
#ifndef ROUTEKAART_UTIL_H
#define ROUTEKAART_UTIL_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* A malloc'ed copy of `s`; the caller frees it. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#endif
