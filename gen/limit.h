/* limit — how much of anything a site may hold.
 *
 * A mistaken or hostile file must not exhaust the build machine, so every
 * input is bounded; a site that crosses a limit gets an error naming it.
 * Each limit is far above what a real region needs (the largest coalition
 * maps have a few hundred provisions) and leaves room for a national tree
 * (342 municipalities) and the benchmark's region of 20,000 provisions.
 * The README lists them; change both together. */
#ifndef ROUTEKAART_LIMIT_H
#define ROUTEKAART_LIMIT_H

enum {
    /* Bytes of one YAML, Markdown or layout file: a region of 20,000
     * provisions with a page of text each is about 30 MB. */
    LIMIT_TEXT_FILE_BYTES = 64 * 1024 * 1024,
    /* Bytes of one asset (an image, a font, a PDF for download). */
    LIMIT_ASSET_FILE_BYTES = 64 * 1024 * 1024,
    /* Levels of YAML collections inside each other. A region nests 5 deep
     * (routes > steps > step > key); libyaml's scanner slows down
     * quadratically with flow nesting ([[[...), so the count stops early. */
    LIMIT_YAML_DEPTH = 32,
    /* Items of one YAML list or keys of one mapping: provisions of one
     * region are a list. */
    LIMIT_YAML_ITEMS = 20000,
    /* Bytes of one YAML value: a provision's description is a page. */
    LIMIT_YAML_SCALAR_BYTES = 1024 * 1024,
    /* Values a YAML document may hold with its aliases expanded: aliases
     * share one node in libyaml's model, but every walk over the document
     * visits it again, so `&a [*b, *b, ...]` chains (an alias bomb) would
     * take exponential time. */
    LIMIT_YAML_EXPANDED_NODES = 2000000,
    /* Bytes of all files of a site together; the national tree (342
     * regions of 60 provisions) is about 40 MB. */
    LIMIT_SITE_BYTES = 512 * 1024 * 1024,
    /* Provisions of all regions together: 342 regions of 60 are 20,520. */
    LIMIT_SITE_PROVISIONS = 100000,
    /* Bytes of scalars a YAML document holds with aliases expanded: one
     * alias to a long text copies the text into every page that shows it. */
    LIMIT_YAML_EXPANDED_BYTES = 64 * 1024 * 1024,
    /* The same for all YAML of a site together (about 170 bytes of memory
     * per value): the national tree holds about 300,000 values, 1000 regions
     * about 750,000. */
    LIMIT_SITE_YAML_VALUES = 3000000,
    LIMIT_SITE_YAML_BYTES = 256 * 1024 * 1024,
    /* Region folders under content/regions (342 municipalities today). */
    LIMIT_REGIONS = 2000,
    /* Folders inside each other below assets/ or layouts/partials/. */
    LIMIT_FOLDER_DEPTH = 16,
    /* Files found below one folder. Links inside the site may repeat a
     * folder (two links to it), so a walk could otherwise grow without end. */
    LIMIT_FOLDER_FILES = 100000,
    /* Markdown blocks inside each other (quotes, lists). */
    LIMIT_MARKDOWN_DEPTH = 32,
};

#endif
