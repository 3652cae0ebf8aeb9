#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Blocks of 64 KiB at least; a larger request gets a block of its own. */
enum { ARENA_BLOCK_SIZE = 64 * 1024 };

typedef struct Block {
    struct Block *next;
    size_t size, used;
    max_align_t data[];
} Block;

struct Arena {
    Block *head;
    size_t total;
};

Arena *arena_new(void)
{
    return xcalloc(1, sizeof(Arena));
}

void arena_free(Arena *arena)
{
    if (!arena)
        return;
    Block *b = arena->head;
    while (b) {
        Block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

static size_t align_up(size_t n)
{
    size_t a = sizeof(max_align_t);
    return (n + a - 1) / a * a;
}

void *arena_alloc(Arena *arena, size_t size)
{
    size = align_up(size ? size : 1);
    Block *b = arena->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK_SIZE ? size : ARENA_BLOCK_SIZE;
        b = xmalloc(sizeof(Block) + cap);
        b->size = cap;
        b->used = 0;
        /* A big one-off block goes behind the head so the head's free space
         * is still used by the next small allocations. */
        if (arena->head && size > ARENA_BLOCK_SIZE) {
            b->next = arena->head->next;
            arena->head->next = b;
        } else {
            b->next = arena->head;
            arena->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    arena->total += size;
    memset(p, 0, size);
    return p;
}

void *arena_grow(Arena *arena, void *array, size_t elem_size, size_t *capacity, size_t needed)
{
    if (needed <= *capacity)
        return array;
    size_t cap = *capacity ? *capacity * 2 : 8;
    while (cap < needed)
        cap *= 2;
    void *grown = arena_alloc(arena, cap * elem_size);
    if (array)
        memcpy(grown, array, *capacity * elem_size);
    *capacity = cap;
    return grown;
}

char *arena_strndup(Arena *arena, const char *s, size_t len)
{
    char *p = arena_alloc(arena, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(Arena *arena, const char *s)
{
    return s ? arena_strndup(arena, s, strlen(s)) : NULL;
}

char *arena_vprintf(Arena *arena, const char *fmt, va_list ap)
{
    /* Formatted straight into the free end of the current block: one pass
     * when it fits, as nearly every string does. */
    Block *b = arena->head;
    size_t room = b ? b->size - b->used : 0;
    char *at = room ? (char *)b->data + b->used : NULL;
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(at, room, fmt, copy);
    va_end(copy);
    if (n < 0)
        return arena_strdup(arena, "");
    if ((size_t)n < room) {
        /* `room` is a multiple of the alignment, so the aligned size fits. */
        size_t size = align_up((size_t)n + 1);
        memset(at + n + 1, 0, size - ((size_t)n + 1));
        b->used += size;
        arena->total += size;
        return at;
    }
    char *p = arena_alloc(arena, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_cat(Arena *arena, const char *first, ...)
{
    va_list ap;
    size_t len = 0;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        len += strlen(s);
    va_end(ap);
    char *out = arena_alloc(arena, len + 1), *w = out;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *)) {
        size_t n = strlen(s);
        memcpy(w, s, n);
        w += n;
    }
    va_end(ap);
    *w = '\0';
    return out;
}

char *arena_printf(Arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(arena, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const Arena *arena)
{
    return arena->total;
}
