#include "strmap.h"

#include <stdint.h>
#include <string.h>

#include "util.h"

typedef struct {
    const char *key;
    void *value;
} Slot;

struct StrMap {
    Arena *arena;
    Slot *slots;
    size_t cap, count; /* cap is a power of two */
};

StrMap *strmap_new(Arena *arena)
{
    StrMap *map = arena_alloc(arena, sizeof(StrMap));
    map->arena = arena;
    map->cap = 16;
    map->slots = arena_alloc(arena, map->cap * sizeof(Slot));
    return map;
}

static Slot *find(const StrMap *map, const char *key)
{
    size_t mask = map->cap - 1;
    for (size_t i = hash_string(HASH_SEED, key) & mask;; i = (i + 1) & mask) {
        Slot *s = &map->slots[i];
        if (!s->key || strcmp(s->key, key) == 0)
            return s;
    }
}

void *strmap_get(const StrMap *map, const char *key)
{
    Slot *s = find(map, key);
    return s->key ? s->value : NULL;
}

static void grow(StrMap *map)
{
    Slot *old = map->slots;
    size_t old_cap = map->cap;
    map->cap *= 2;
    map->slots = arena_alloc(map->arena, map->cap * sizeof(Slot));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *find(map, old[i].key) = old[i];
}

bool strmap_put(StrMap *map, const char *key, void *value)
{
    if ((map->count + 1) * 4 > map->cap * 3)
        grow(map);
    Slot *s = find(map, key);
    if (s->key)
        return false;
    s->key = key;
    s->value = value;
    map->count++;
    return true;
}

size_t strmap_count(const StrMap *map)
{
    return map->count;
}
