#include "fileset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct Entry {
    struct Entry *next;
    char *path;
    void *data;
    size_t len;
    uint64_t hash;
} Entry;

struct FileSet {
    Entry **buckets;
    size_t bucket_count, count;
};

static uint64_t hash_path(const char *s)
{
    return hash_string(HASH_SEED, s);
}

FileSet *fileset_new(void)
{
    FileSet *set = xcalloc(1, sizeof *set);
    set->bucket_count = 256;
    set->buckets = xcalloc(set->bucket_count, sizeof(Entry *));
    return set;
}

static void entry_free(Entry *e)
{
    free(e->path);
    free(e->data);
    free(e);
}

void fileset_free(FileSet *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->bucket_count; i++) {
        Entry *e = set->buckets[i];
        while (e) {
            Entry *next = e->next;
            entry_free(e);
            e = next;
        }
    }
    free(set->buckets);
    free(set);
}

static void grow(FileSet *set)
{
    size_t count = set->bucket_count * 2;
    Entry **buckets = xcalloc(count, sizeof(Entry *));
    for (size_t i = 0; i < set->bucket_count; i++) {
        Entry *e = set->buckets[i];
        while (e) {
            Entry *next = e->next;
            e->next = buckets[e->hash & (count - 1)];
            buckets[e->hash & (count - 1)] = e;
            e = next;
        }
    }
    free(set->buckets);
    set->buckets = buckets;
    set->bucket_count = count;
}

/* Links `e` in, replacing an entry of the same path. */
static void insert(FileSet *set, Entry *e)
{
    Entry **slot = &set->buckets[e->hash & (set->bucket_count - 1)];
    for (Entry **p = slot; *p; p = &(*p)->next) {
        if ((*p)->hash == e->hash && strcmp((*p)->path, e->path) == 0) {
            e->next = (*p)->next;
            entry_free(*p);
            *p = e;
            return;
        }
    }
    e->next = *slot;
    *slot = e;
    if (++set->count > set->bucket_count)
        grow(set);
}

void fileset_put(FileSet *set, const char *path, const void *data, size_t len)
{
    Entry *e = xmalloc(sizeof *e);
    e->path = xstrdup(path);
    e->data = xmalloc(len ? len : 1);
    if (len)
        memcpy(e->data, data, len);
    e->len = len;
    e->hash = hash_path(path);
    e->next = NULL;
    insert(set, e);
}

bool fileset_get(const FileSet *set, const char *path, const void **data, size_t *len)
{
    uint64_t h = hash_path(path);
    for (Entry *e = set->buckets[h & (set->bucket_count - 1)]; e; e = e->next) {
        if (e->hash == h && strcmp(e->path, path) == 0) {
            *data = e->data;
            *len = e->len;
            return true;
        }
    }
    return false;
}

void fileset_remove_prefix(FileSet *set, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < set->bucket_count; i++) {
        Entry **p = &set->buckets[i];
        while (*p) {
            if (strncmp((*p)->path, prefix, n) == 0) {
                Entry *gone = *p;
                *p = gone->next;
                entry_free(gone);
                set->count--;
            } else {
                p = &(*p)->next;
            }
        }
    }
}

void fileset_merge(FileSet *into, FileSet *from)
{
    for (size_t i = 0; i < from->bucket_count; i++) {
        Entry *e = from->buckets[i];
        while (e) {
            Entry *next = e->next;
            insert(into, e);
            e = next;
        }
        from->buckets[i] = NULL;
    }
    from->count = 0;
}

size_t fileset_count(const FileSet *set)
{
    return set->count;
}
