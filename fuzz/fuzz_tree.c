/* fuzz_tree — a whole small site, from files to rendered pages, in
 * memory: load, validate, resolve and (when there are no errors) render
 * every page into a FileSet, as `routekaart serve` does.
 *
 * Input format: files one after another, each introduced by a line
 *
 *     === PATH
 *
 * (three '=', one space, the path relative to the site folder, e.g.
 * `content/site.yaml`, `content/catalog.yaml`, `content/guidance/x.md`,
 * `content/regions/noord/region.yaml`, `content/regions/noord/index.md`,
 * `content/regions/noord/guidance/x.md`, `layouts/strings.yaml`). A file's
 * bytes are everything after its header line up to the next header line.
 * Bytes before the first header are ignored; without content/site.yaml
 * there is nothing to build. `fuzz/seed` writes the test trees this way. */
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "fuzztree.h"

static const char header[] = "=== ";

/* The start of the next header line at or after `p`, or `end`. */
static const char *next_header(const char *p, const char *end)
{
    for (;;) {
        if ((size_t)(end - p) >= sizeof header - 1 && memcmp(p, header, sizeof header - 1) == 0)
            return p;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return end;
        p = nl + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    FuzzTree *tree = fuzztree_new();
    Buf path = BUF_INIT;
    for (p = next_header(p, end); p < end;) {
        const char *name = p + sizeof header - 1;
        const char *nl = memchr(name, '\n', (size_t)(end - name));
        const char *body = nl ? nl + 1 : end;
        const char *next = body < end ? next_header(body, end) : end;
        buf_clear(&path);
        buf_append(&path, name, (size_t)((nl ? nl : end) - name));
        /* A path with a NUL byte cannot name a file. */
        if (path.len && !memchr(path.data, 0, path.len))
            fuzztree_add(tree, buf_cstr(&path), body, (size_t)(next - body));
        p = next;
    }
    buf_free(&path);
    fuzztree_run(tree, true);
    fuzztree_free(tree);
    return 0;
}
