/* arena — the memory of one build.
 *
 * The whole content model (strings, entries, value trees) is allocated here
 * and released at once by arena_free() when the build ends, so the model has
 * no per-object ownership to get wrong. */
#ifndef ROUTEKAART_ARENA_H
#define ROUTEKAART_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
/* Releases every allocation of the arena. arena_free(NULL) is a no-op. */
void arena_free(Arena *arena);

/* `size` zeroed bytes, aligned for any type; valid until arena_free(). */
void *arena_alloc(Arena *arena, size_t size);
/* Grows an array of `*capacity` elements of `elem_size` to hold `needed`;
 * the old block stays in the arena. Returns the (possibly moved) array. */
void *arena_grow(Arena *arena, void *array, size_t elem_size, size_t *capacity, size_t needed);
char *arena_strdup(Arena *arena, const char *s);
char *arena_strndup(Arena *arena, const char *s, size_t len);
char *arena_printf(Arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The strings up to a NULL, one after the other: paths and titles joined
 * for every page, without a format to interpret. */
char *arena_cat(Arena *arena, const char *first, ...) __attribute__((sentinel));
/* The attribute tells the compiler `fmt` is a caller's checked format
 * (clang's -Wformat-nonliteral asks for it). */
char *arena_vprintf(Arena *arena, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Total bytes handed out, for the build summary and benchmarks. */
size_t arena_used(const Arena *arena);

#endif
