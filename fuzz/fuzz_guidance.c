/* fuzz_guidance — a Markdown page with front matter, through the whole
 * build: split into front matter and body, validated, rendered.
 *
 * The input goes into a fixed small site at the three places a Markdown
 * file can be: national guidance (content/guidance/) and region guidance
 * (content/regions/noord/guidance/) in one build, a region's intro
 * (content/regions/noord/index.md) in a second one (an intro's front
 * matter allows only `title`, so a guidance page's would stop the first
 * build before rendering). When a build has no errors every page is
 * rendered into memory, so the body goes through cmark into the DOM. */
#include <string.h>

#include "fuzz.h"
#include "fuzztree.h"

static const char site_yaml[] = "title: Fuzz\nquestions:\n  zwangerschap:\n    - Zien we zwangeren vroeg?\n";

static const char region_yaml[] =
    "name: Noord\n"
    "updated: 2025-06-01\n"
    "providers:\n"
    "  - id: jgz-noord\n"
    "    name: JGZ Noord\n"
    "provisions:\n"
    "  - id: prenataal-huisbezoek\n"
    "    title: Prenataal huisbezoek\n"
    "    lane: steuntje\n"
    "    from: zwangerschap:m4\n"
    "    provider: jgz-noord\n"
    "    costs: [standaard]\n";

static void build_with(const char *const *paths, size_t count, const uint8_t *data, size_t size)
{
    FuzzTree *tree = fuzztree_new();
    fuzztree_add(tree, "content/site.yaml", site_yaml, strlen(site_yaml));
    fuzztree_add(tree, "content/regions/noord/region.yaml", region_yaml, strlen(region_yaml));
    for (size_t i = 0; i < count; i++)
        fuzztree_add(tree, paths[i], (const char *)data, size);
    fuzztree_run(tree, true);
    fuzztree_free(tree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const guidance[] = {"content/guidance/fuzz-pagina.md",
                                           "content/regions/noord/guidance/regio-pagina.md"};
    static const char *const intro[] = {"content/regions/noord/index.md"};
    build_with(guidance, 2, data, size);
    build_with(intro, 1, data, size);
    return 0;
}
