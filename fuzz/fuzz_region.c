/* fuzz_region — one region.yaml, loaded, validated and resolved.
 *
 * The input is the file content/regions/fuzzregio/region.yaml of a fixed
 * small site: a site.yaml with required provisions and questions, and a
 * catalog with providers and provisions, so `use:`, provider references
 * and the gap checks all have something to find. Nothing is rendered
 * (fuzz_tree does that); this target is about the YAML and the checks. */
#include <string.h>

#include "fuzz.h"
#include "fuzztree.h"

static const char site_yaml[] =
    "title: Fuzz\n"
    "base_url: /kaart/\n"
    "required: [kraamzorg, prenataal-huisbezoek]\n"
    "costs: [standaard, eigen-bijdrage]\n"
    "questions:\n"
    "  bevalling:\n"
    "    - Krijgt elk gezin kraamzorg?\n";

static const char catalog_yaml[] =
    "providers:\n"
    "  - id: landelijke-jgz\n"
    "    name: Landelijke JGZ\n"
    "    url: https://jgz.example.org/\n"
    "    phone: \"030 111 2222\"\n"
    "provisions:\n"
    "  - id: prenataal-huisbezoek\n"
    "    title: Prenataal huisbezoek\n"
    "    lane: steuntje\n"
    "    from: zwangerschap:m4\n"
    "    to: zwangerschap:m9\n"
    "    costs: [standaard]\n"
    "    provider: landelijke-jgz\n"
    "  - id: kraamzorg\n"
    "    title: Kraamzorg\n"
    "    lane: basiszorg\n"
    "    from: bevalling\n"
    "    to: babyfase:w2\n"
    "    costs: [eigen-bijdrage]\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzTree *tree = fuzztree_new();
    fuzztree_add(tree, "content/site.yaml", site_yaml, strlen(site_yaml));
    fuzztree_add(tree, "content/catalog.yaml", catalog_yaml, strlen(catalog_yaml));
    fuzztree_add(tree, "content/regions/fuzzregio/region.yaml", (const char *)data, size);
    fuzztree_run(tree, false);
    fuzztree_free(tree);
    return 0;
}
