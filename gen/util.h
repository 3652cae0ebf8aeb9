/* util — allocation that cannot fail, hashing, a clock, near misses.
 *
 * Out of memory is not a content problem an editor can fix, so these abort
 * with a message instead of returning NULL; callers need not check. */
#ifndef ROUTEKAART_UTIL_H
#define ROUTEKAART_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* A malloc'ed copy of `s`; the caller frees it. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

/* FNV-1a over a string, continuing from `hash` (start with HASH_SEED):
 * for hash tables of ids and paths, which face no adversary. */
#define HASH_SEED UINT64_C(1469598103934665603)
uint64_t hash_string(uint64_t hash, const char *s);
/* The same over `len` bytes (which may hold NULs). */
uint64_t hash_bytes(uint64_t hash, const void *data, size_t len);

/* A 64-bit hash of `len` bytes, continuing from `hash`, eight bytes at a
 * step (about ten times faster than hash_bytes): tells whole outputs
 * apart, such as every file a build writes, and faces no adversary. Each
 * step is a bijection of the state, so one changed word always changes
 * the result. */
uint64_t hash_words(uint64_t hash, const void *data, size_t len);

/* Milliseconds of a monotonic clock, for measuring how long things take. */
double clock_ms(void);

/* The candidate closest to `word` by edit distance, if close enough to be a
 * plausible typo (at most a third of the word's length, and at least 1);
 * else NULL. Ties go to the earliest candidate. */
const char *closest_spelling(const char *word, const char *const *candidates, size_t count);

/* strcmp on two `char *` array elements, for qsort and bsearch. */
int compare_strings(const void *a, const void *b);

#endif
