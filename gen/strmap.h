/* strmap — a hash map from NUL-terminated keys to pointers, in an arena.
 * Used to look up ids (providers, provisions, routes) in constant time; keys
 * are not copied, so they must live as long as the map (arena strings do). */
#ifndef ROUTEKAART_STRMAP_H
#define ROUTEKAART_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct StrMap StrMap;

StrMap *strmap_new(Arena *arena);
/* The value stored under `key`, or NULL. */
void *strmap_get(const StrMap *map, const char *key);
/* Stores `value` under `key` unless the key is present. Returns false, and
 * changes nothing, when it was. */
bool strmap_put(StrMap *map, const char *key, void *value);
size_t strmap_count(const StrMap *map);

#endif
