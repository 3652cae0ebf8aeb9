/* value — a small JSON-like tree: null, booleans, integers, strings,
 * arrays and objects with keys in insertion order.
 *
 * It is what the renderer hands to layouts (a page's context) and what
 * data.json is written from, so the open data and the pages show the same
 * thing. Values live in the build's arena. */
#ifndef ROUTEKAART_VALUE_H
#define ROUTEKAART_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

typedef enum { VALUE_NULL, VALUE_BOOL, VALUE_INT, VALUE_STRING, VALUE_ARRAY, VALUE_OBJECT } ValueType;

typedef struct Value Value;

Value *value_null(Arena *arena);
Value *value_bool(Arena *arena, bool b);
Value *value_int(Arena *arena, long n);
/* NULL `s` gives a null value. The string is not copied. */
Value *value_string(Arena *arena, const char *s);
Value *value_array(Arena *arena);
Value *value_object(Arena *arena);

/* Appends to an array. */
/* A shallow copy: an array or object with lists of its own, so keys and
 * items can be added to it without changing `v`; the members themselves
 * are shared. NULL for NULL. */
Value *value_copy(Arena *arena, const Value *v);

void value_push(Arena *arena, Value *array, Value *item);
/* Sets `key` (not copied) of an object, replacing an existing value. */
void value_set(Arena *arena, Value *object, const char *key, Value *item);
/* Shorthands for value_set with a string, int or bool. */
void value_set_string(Arena *arena, Value *object, const char *key, const char *s);
void value_set_int(Arena *arena, Value *object, const char *key, long n);
void value_set_bool(Arena *arena, Value *object, const char *key, bool b);

ValueType value_type(const Value *v);
/* Object member, or NULL when absent or `v` is no object. */
Value *value_get(const Value *v, const char *key);

/* A key to look up again and again (a part of a layout's path), with its
 * hash worked out once. `name` need not end at `len`. */
typedef struct {
    const char *name;
    size_t len;
    uint32_t hash;
} ValueKey;
ValueKey value_key(const char *name, size_t len);
Value *value_get_key(const Value *v, const ValueKey *key);
/* The same for a key given as its first `len` bytes (a part of a dotted
 * path, not NUL-terminated). */
Value *value_get_n(const Value *v, const char *key, size_t len);
/* Follows a dotted path ("provision.provider.name"); NULL when absent. */
Value *value_path(const Value *v, const char *path);
size_t value_length(const Value *v); /* items of an array, members of an object */
Value *value_at(const Value *v, size_t i);
const char *value_key_at(const Value *v, size_t i);
const char *value_as_string(const Value *v); /* NULL unless a string */
long value_as_int(const Value *v);
/* The truth of rk-if and rk-unless: false for null, false, 0, "", empty
 * arrays and objects, and NULL; true for everything else. */
bool value_truthy(const Value *v);
/* The value as text for a page: strings as they are, numbers in decimal,
 * booleans as "true"/"false", null as "". Arrays and objects give NULL. */
const char *value_text(Arena *arena, const Value *v);

/* Appends `v` as JSON, pretty-printed with two-space indents. */
void value_write_json(const Value *v, Buf *out);
/* The same as if `v` were nested `depth` levels deep in a larger document,
 * without the final line break: to stream a long array item by item. */
void value_write_json_nested(const Value *v, Buf *out, int depth);
/* Appends `v` as JSON on one line, without spaces or a final newline:
 * a page's data block (rk-json, gen/template.h). Strings are written by
 * buf_append_json_string, so no '<' is ever written. */
void value_write_json_compact(const Value *v, Buf *out);

#endif
