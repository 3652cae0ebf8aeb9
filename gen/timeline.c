#include "timeline.h"

#include <string.h>

#include "util.h"

const char *const timeline_stage_ids[STAGE_COUNT] = {
    "preconceptie", "zwangerschap", "bevalling", "babyfase", "peuterfase", "derde-jaar", "schoolkind",
};
const char *const timeline_lane_ids[LANE_COUNT] = {"basiszorg", "steuntje", "extra-steun", "digitaal"};
const char *const timeline_cost_ids[COST_COUNT] = {
    "eigen-risico", "eigen-bijdrage", "aanvullend-verzekerd", "vrij-verzekerd", "standaard", "sociaal-netwerk",
};
const char *const timeline_audience_ids[AUDIENCE_COUNT] = {"basiszorg", "steuntje", "extra-steun"};

typedef struct {
    Stage stage;
    const char *period;   /* NULL: the stage has no periods */
    const char *position; /* stage or stage:period */
} Column;

static const Column columns[TIMELINE_COLUMNS] = {
    {STAGE_PRECONCEPTIE, NULL, "preconceptie"},
    {STAGE_ZWANGERSCHAP, "m1", "zwangerschap:m1"},
    {STAGE_ZWANGERSCHAP, "m2", "zwangerschap:m2"},
    {STAGE_ZWANGERSCHAP, "m3", "zwangerschap:m3"},
    {STAGE_ZWANGERSCHAP, "m4", "zwangerschap:m4"},
    {STAGE_ZWANGERSCHAP, "m5", "zwangerschap:m5"},
    {STAGE_ZWANGERSCHAP, "m6", "zwangerschap:m6"},
    {STAGE_ZWANGERSCHAP, "m7", "zwangerschap:m7"},
    {STAGE_ZWANGERSCHAP, "m8", "zwangerschap:m8"},
    {STAGE_ZWANGERSCHAP, "m9", "zwangerschap:m9"},
    {STAGE_BEVALLING, NULL, "bevalling"},
    {STAGE_BABYFASE, "w1", "babyfase:w1"},
    {STAGE_BABYFASE, "w2", "babyfase:w2"},
    {STAGE_BABYFASE, "w3", "babyfase:w3"},
    {STAGE_BABYFASE, "w4", "babyfase:w4"},
    {STAGE_BABYFASE, "m2", "babyfase:m2"},
    {STAGE_BABYFASE, "m3", "babyfase:m3"},
    {STAGE_BABYFASE, "m4", "babyfase:m4"},
    {STAGE_BABYFASE, "m5", "babyfase:m5"},
    {STAGE_BABYFASE, "m6", "babyfase:m6"},
    {STAGE_BABYFASE, "m7", "babyfase:m7"},
    {STAGE_BABYFASE, "m8", "babyfase:m8"},
    {STAGE_BABYFASE, "m9", "babyfase:m9"},
    {STAGE_BABYFASE, "m10", "babyfase:m10"},
    {STAGE_BABYFASE, "m11", "babyfase:m11"},
    {STAGE_BABYFASE, "m12", "babyfase:m12"},
    {STAGE_PEUTERFASE, "m13", "peuterfase:m13"},
    {STAGE_PEUTERFASE, "m14", "peuterfase:m14"},
    {STAGE_PEUTERFASE, "m15-24", "peuterfase:m15-24"},
    {STAGE_DERDE_JAAR, NULL, "derde-jaar"},
    {STAGE_SCHOOLKIND, NULL, "schoolkind"},
};

int timeline_lookup(const char *const *ids, int count, const char *id)
{
    for (int i = 0; i < count; i++)
        if (strcmp(ids[i], id) == 0)
            return i;
    return -1;
}

int timeline_stage_first_column(Stage stage)
{
    for (int c = 0; c < TIMELINE_COLUMNS; c++)
        if (columns[c].stage == stage)
            return c;
    return -1;
}

int timeline_stage_last_column(Stage stage)
{
    for (int c = TIMELINE_COLUMNS - 1; c >= 0; c--)
        if (columns[c].stage == stage)
            return c;
    return -1;
}

Stage timeline_column_stage(int column)
{
    return columns[column].stage;
}

const char *timeline_column_period(int column)
{
    return columns[column].period;
}

const char *timeline_column_position(int column)
{
    return columns[column].position;
}

PositionStatus timeline_position_parse(const char *text, TimelineRange *out, const char **suggestion)
{
    const char *positions[TIMELINE_COLUMNS + STAGE_COUNT];
    int n = 0;
    for (int c = 0; c < TIMELINE_COLUMNS; c++)
        if (columns[c].period)
            positions[n++] = columns[c].position;
    for (int s = 0; s < STAGE_COUNT; s++)
        positions[n++] = timeline_stage_ids[s];
    if (suggestion)
        *suggestion = NULL;

    const char *colon = strchr(text, ':');
    size_t stage_len = colon ? (size_t)(colon - text) : strlen(text);
    int stage = -1;
    for (int s = 0; s < STAGE_COUNT; s++)
        if (strlen(timeline_stage_ids[s]) == stage_len && strncmp(timeline_stage_ids[s], text, stage_len) == 0)
            stage = s;
    if (stage < 0) {
        if (suggestion)
            *suggestion = closest_spelling(text, positions, (size_t)n);
        return POSITION_UNKNOWN_STAGE;
    }
    if (!colon) {
        out->first = timeline_stage_first_column((Stage)stage);
        out->last = timeline_stage_last_column((Stage)stage);
        return POSITION_OK;
    }
    for (int c = 0; c < TIMELINE_COLUMNS; c++) {
        if ((int)columns[c].stage == stage && columns[c].period && strcmp(columns[c].period, colon + 1) == 0) {
            out->first = out->last = c;
            return POSITION_OK;
        }
    }
    if (suggestion)
        *suggestion = closest_spelling(text, positions, (size_t)n);
    return POSITION_UNKNOWN_PERIOD;
}

bool timeline_range_span(TimelineRange from, TimelineRange to, TimelineRange *out)
{
    if (to.last < from.first)
        return false;
    out->first = from.first;
    out->last = to.last;
    return true;
}
