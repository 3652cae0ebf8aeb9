#include "value.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

struct Value {
    ValueType type;
    union {
        bool b;
        long n;
        const char *s;
        struct {
            Value **items;
            const char **keys; /* objects only */
            uint32_t *hashes;  /* of each key (value_key), objects only */
            size_t len, cap;
            /* An object of more than INDEX_FROM members also has a hash
             * table of its keys: `slots` entries, each a member's position
             * plus one (0: empty), at most half of them used. A page looks
             * up some two hundred paths in objects of forty members. */
            uint32_t *index;
            size_t slots;
        } list;
    } u;
};

enum { INDEX_FROM = 8 };

ValueKey value_key(const char *name, size_t len)
{
    /* FNV-1a: keys are short words. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 16777619u;
    return (ValueKey){name, len, h};
}

/* Member `i` of `v` is `key`: the hash rules out nearly every other key
 * before a byte is compared. */
static bool key_is(const Value *v, size_t i, const ValueKey *key)
{
    if (v->u.list.hashes[i] != key->hash)
        return false;
    const char *k = v->u.list.keys[i];
    for (size_t b = 0; b < key->len; b++)
        if (k[b] != key->name[b])
            return false;
    return k[key->len] == '\0';
}

static void index_insert(const Value *v, size_t position)
{
    size_t mask = v->u.list.slots - 1, slot = v->u.list.hashes[position] & mask;
    while (v->u.list.index[slot])
        slot = (slot + 1) & mask;
    v->u.list.index[slot] = (uint32_t)position + 1;
}

/* A table for the members there are, at most half full; list_add makes a
 * new one, twice the size, when more would fill it past half. */
static void index_build(Arena *arena, Value *v)
{
    size_t slots = 32;
    while (slots < 2 * v->u.list.len)
        slots *= 2;
    v->u.list.index = arena_alloc(arena, slots * sizeof *v->u.list.index);
    v->u.list.slots = slots;
    for (size_t i = 0; i < v->u.list.len; i++)
        index_insert(v, i);
}

/* The position of `key` in object `v`, or -1. */
static ptrdiff_t find_key(const Value *v, const ValueKey *key)
{
    if (!v->u.list.index) {
        for (size_t i = 0; i < v->u.list.len; i++)
            if (key_is(v, i, key))
                return (ptrdiff_t)i;
        return -1;
    }
    size_t mask = v->u.list.slots - 1;
    for (size_t slot = key->hash & mask; v->u.list.index[slot]; slot = (slot + 1) & mask) {
        size_t i = v->u.list.index[slot] - 1;
        if (key_is(v, i, key))
            return (ptrdiff_t)i;
    }
    return -1;
}

static Value *make(Arena *arena, ValueType type)
{
    Value *v = arena_alloc(arena, sizeof *v);
    v->type = type;
    return v;
}

Value *value_null(Arena *arena) { return make(arena, VALUE_NULL); }
Value *value_array(Arena *arena) { return make(arena, VALUE_ARRAY); }
Value *value_object(Arena *arena) { return make(arena, VALUE_OBJECT); }

Value *value_bool(Arena *arena, bool b)
{
    Value *v = make(arena, VALUE_BOOL);
    v->u.b = b;
    return v;
}

Value *value_int(Arena *arena, long n)
{
    Value *v = make(arena, VALUE_INT);
    v->u.n = n;
    return v;
}

Value *value_string(Arena *arena, const char *s)
{
    if (!s)
        return value_null(arena);
    Value *v = make(arena, VALUE_STRING);
    v->u.s = s;
    return v;
}

static void list_add(Arena *arena, Value *v, const ValueKey *key, Value *item)
{
    size_t cap = v->u.list.cap;
    v->u.list.items = arena_grow(arena, v->u.list.items, sizeof(Value *), &cap, v->u.list.len + 1);
    if (v->type == VALUE_OBJECT) {
        size_t key_cap = v->u.list.cap, hash_cap = v->u.list.cap;
        v->u.list.keys = arena_grow(arena, v->u.list.keys, sizeof *v->u.list.keys, &key_cap, v->u.list.len + 1);
        v->u.list.hashes =
            arena_grow(arena, v->u.list.hashes, sizeof *v->u.list.hashes, &hash_cap, v->u.list.len + 1);
    }
    v->u.list.cap = cap;
    if (v->type == VALUE_OBJECT) {
        v->u.list.keys[v->u.list.len] = key->name;
        v->u.list.hashes[v->u.list.len] = key->hash;
    }
    v->u.list.items[v->u.list.len++] = item;
    if (v->type != VALUE_OBJECT || v->u.list.len <= INDEX_FROM)
        return;
    if (!v->u.list.index || 2 * v->u.list.len > v->u.list.slots)
        index_build(arena, v);
    else
        index_insert(v, v->u.list.len - 1);
}

Value *value_copy(Arena *arena, const Value *v)
{
    if (!v)
        return NULL;
    Value *copy = make(arena, v->type);
    copy->u = v->u;
    if (v->type == VALUE_ARRAY || v->type == VALUE_OBJECT) {
        /* Lists of their own, the members shared. */
        size_t n = v->u.list.len;
        copy->u.list.items = n ? arena_alloc(arena, n * sizeof(Value *)) : NULL;
        if (n)
            memcpy(copy->u.list.items, v->u.list.items, n * sizeof(Value *));
        copy->u.list.keys = NULL;
        copy->u.list.hashes = NULL;
        if (v->type == VALUE_OBJECT && n) {
            copy->u.list.keys = arena_alloc(arena, n * sizeof *v->u.list.keys);
            memcpy(copy->u.list.keys, v->u.list.keys, n * sizeof *v->u.list.keys);
            copy->u.list.hashes = arena_alloc(arena, n * sizeof *v->u.list.hashes);
            memcpy(copy->u.list.hashes, v->u.list.hashes, n * sizeof *v->u.list.hashes);
        }
        copy->u.list.cap = n;
        /* The copy may grow apart from the original: a table of its own. */
        copy->u.list.index = NULL;
        copy->u.list.slots = 0;
        if (v->u.list.index) {
            copy->u.list.index = arena_alloc(arena, v->u.list.slots * sizeof *v->u.list.index);
            memcpy(copy->u.list.index, v->u.list.index, v->u.list.slots * sizeof *v->u.list.index);
            copy->u.list.slots = v->u.list.slots;
        }
    }
    return copy;
}

void value_push(Arena *arena, Value *array, Value *item)
{
    list_add(arena, array, NULL, item);
}

void value_set(Arena *arena, Value *object, const char *key, Value *item)
{
    ValueKey k = value_key(key, strlen(key));
    ptrdiff_t i = find_key(object, &k);
    if (i >= 0)
        object->u.list.items[i] = item;
    else
        list_add(arena, object, &k, item);
}

void value_set_string(Arena *arena, Value *object, const char *key, const char *s)
{
    value_set(arena, object, key, value_string(arena, s));
}

void value_set_int(Arena *arena, Value *object, const char *key, long n)
{
    value_set(arena, object, key, value_int(arena, n));
}

void value_set_bool(Arena *arena, Value *object, const char *key, bool b)
{
    value_set(arena, object, key, value_bool(arena, b));
}

ValueType value_type(const Value *v)
{
    return v ? v->type : VALUE_NULL;
}

Value *value_get(const Value *v, const char *key)
{
    if (!v || v->type != VALUE_OBJECT)
        return NULL;
    ValueKey k = value_key(key, strlen(key));
    return value_get_key(v, &k);
}

Value *value_get_key(const Value *v, const ValueKey *key)
{
    if (!v || v->type != VALUE_OBJECT)
        return NULL;
    ptrdiff_t i = find_key(v, key);
    return i >= 0 ? v->u.list.items[i] : NULL;
}

Value *value_get_n(const Value *v, const char *key, size_t len)
{
    ValueKey k = value_key(key, len);
    return value_get_key(v, &k);
}

Value *value_path(const Value *v, const char *path)
{
    const Value *cur = v;
    char part[128];
    while (cur && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof part)
            return NULL;
        memcpy(part, path, n);
        part[n] = '\0';
        cur = value_get(cur, part);
        path += n + (dot ? 1 : 0);
    }
    return (Value *)cur;
}

size_t value_length(const Value *v)
{
    return v && (v->type == VALUE_ARRAY || v->type == VALUE_OBJECT) ? v->u.list.len : 0;
}

Value *value_at(const Value *v, size_t i)
{
    return i < value_length(v) ? v->u.list.items[i] : NULL;
}

const char *value_key_at(const Value *v, size_t i)
{
    return v && v->type == VALUE_OBJECT && i < v->u.list.len ? v->u.list.keys[i] : NULL;
}

const char *value_as_string(const Value *v)
{
    return v && v->type == VALUE_STRING ? v->u.s : NULL;
}

long value_as_int(const Value *v)
{
    return v && v->type == VALUE_INT ? v->u.n : 0;
}

bool value_truthy(const Value *v)
{
    if (!v)
        return false;
    switch (v->type) {
    case VALUE_NULL: return false;
    case VALUE_BOOL: return v->u.b;
    case VALUE_INT: return v->u.n != 0;
    case VALUE_STRING: return v->u.s[0] != '\0';
    case VALUE_ARRAY:
    case VALUE_OBJECT: return v->u.list.len > 0;
    }
    return false;
}

const char *value_text(Arena *arena, const Value *v)
{
    switch (value_type(v)) {
    case VALUE_NULL: return "";
    case VALUE_BOOL: return v->u.b ? "true" : "false";
    case VALUE_INT: return arena_printf(arena, "%ld", v->u.n);
    case VALUE_STRING: return v->u.s;
    default: return NULL;
    }
}

static void indent(Buf *out, int depth)
{
    /* A line break and two spaces a level, in one append for the depths
     * the renderer builds. */
    static const char spaces[] = "\n                                ";
    if (1 + 2 * (size_t)depth < sizeof spaces) {
        buf_append(out, spaces, 1 + 2 * (size_t)depth);
        return;
    }
    buf_putc(out, '\n');
    for (int i = 0; i < depth; i++)
        buf_puts(out, "  ");
}

/* Recursion depth is bounded by the shape the renderer builds (a handful
 * of levels), never by the input. */
static void write_json(const Value *v, Buf *out, int depth)
{
    switch (value_type(v)) {
    case VALUE_NULL: buf_puts(out, "null"); break;
    case VALUE_BOOL: buf_puts(out, v->u.b ? "true" : "false"); break;
    case VALUE_INT: buf_printf(out, "%ld", v->u.n); break;
    case VALUE_STRING: buf_append_json_string(out, v->u.s); break;
    case VALUE_ARRAY:
    case VALUE_OBJECT: {
        bool object = v->type == VALUE_OBJECT;
        buf_putc(out, object ? '{' : '[');
        for (size_t i = 0; i < v->u.list.len; i++) {
            if (i)
                buf_putc(out, ',');
            indent(out, depth + 1);
            if (object) {
                buf_append_json_string(out, v->u.list.keys[i]);
                buf_puts(out, ": ");
            }
            write_json(v->u.list.items[i], out, depth + 1);
        }
        if (v->u.list.len)
            indent(out, depth);
        buf_putc(out, object ? '}' : ']');
        break;
    }
    }
}

/* The same on one line, without spaces: what a page carries is sent to
 * every visitor. */
static void write_json_compact(const Value *v, Buf *out)
{
    if (value_type(v) != VALUE_ARRAY && value_type(v) != VALUE_OBJECT) {
        write_json(v, out, 0);
        return;
    }
    bool object = v->type == VALUE_OBJECT;
    buf_putc(out, object ? '{' : '[');
    for (size_t i = 0; i < v->u.list.len; i++) {
        if (i)
            buf_putc(out, ',');
        if (object) {
            buf_append_json_string(out, v->u.list.keys[i]);
            buf_putc(out, ':');
        }
        write_json_compact(v->u.list.items[i], out);
    }
    buf_putc(out, object ? '}' : ']');
}

void value_write_json_compact(const Value *v, Buf *out)
{
    write_json_compact(v, out);
}

void value_write_json(const Value *v, Buf *out)
{
    write_json(v, out, 0);
    buf_putc(out, '\n');
}

void value_write_json_nested(const Value *v, Buf *out, int depth)
{
    write_json(v, out, depth);
}
