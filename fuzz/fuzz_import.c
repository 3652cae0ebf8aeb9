/* fuzz_import — a provider spreadsheet (CSV) through `import providers`.
 *
 * The input is the CSV file. import_providers_yaml parses it (separator
 * detection, quoted cells, header names, per-row checks) and emits the
 * `providers:` block exactly as the command writes it. Two properties
 * are then checked, because an import that writes a file `routekaart
 * check` rejects is a bug even when nothing crashes:
 *   - the block is YAML whose `providers` list has one entry per
 *     imported row;
 *   - the block, in a new region.yaml as the command writes it, validates
 *     without errors in a minimal site. */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "diag.h"
#include "fuzz.h"
#include "fuzztree.h"
#include "import.h"

/* The number of items of the top-level `providers` list, or -1. */
static long count_providers(const Buf *block)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    long n = -1;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)block->data, block->len);
    if (yaml_parser_load(&parser, &doc)) {
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (root && root->type == YAML_MAPPING_NODE &&
            root->data.mapping.pairs.top - root->data.mapping.pairs.start == 1) {
            yaml_node_t *key = yaml_document_get_node(&doc, root->data.mapping.pairs.start->key);
            yaml_node_t *list = yaml_document_get_node(&doc, root->data.mapping.pairs.start->value);
            if (key->type == YAML_SCALAR_NODE && strcmp((char *)key->data.scalar.value, "providers") == 0 &&
                list->type == YAML_SEQUENCE_NODE)
                n = (long)(list->data.sequence.items.top - list->data.sequence.items.start);
        }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Diags *diags = diags_new();
    Buf block = BUF_INIT;
    size_t count;
    if (import_providers_yaml(diags, "aanbieders.csv", (const char *)data, size, &block, &count)) {
        if (count_providers(&block) != (long)count)
            abort(); /* the emitted block does not hold the rows imported */
        Buf region = BUF_INIT;
        buf_puts(&region, "name: Fuzz\n\n");
        buf_append(&region, block.data, block.len);
        FuzzTree *tree = fuzztree_new();
        fuzztree_add(tree, "content/site.yaml", "title: Fuzz\n", 12);
        fuzztree_add(tree, "content/regions/fuzz/region.yaml", region.data, region.len);
        if (fuzztree_run(tree, false) != 0)
            abort(); /* import wrote a region that check rejects */
        fuzztree_free(tree);
        buf_free(&region);
    }
    buf_free(&block);
    diags_free(diags);
    return 0;
}
