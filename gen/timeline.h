/* timeline — the national model: stages and their periods, lanes, cost tags
 * and audiences. Built in; site.yaml may relabel them (labels live in the
 * strings file of the layouts), never renumber them.
 *
 * The timeline is a row of 31 columns, one per period; a stage without
 * periods (preconceptie, bevalling, derde-jaar, schoolkind) is one column.
 * A position (`stage` or `stage:period`) is a range of columns. */
#ifndef ROUTEKAART_TIMELINE_H
#define ROUTEKAART_TIMELINE_H

#include <stdbool.h>

typedef enum {
    STAGE_PRECONCEPTIE,
    STAGE_ZWANGERSCHAP,
    STAGE_BEVALLING,
    STAGE_BABYFASE,
    STAGE_PEUTERFASE,
    STAGE_DERDE_JAAR,
    STAGE_SCHOOLKIND,
    STAGE_COUNT
} Stage;

typedef enum { LANE_BASISZORG, LANE_STEUNTJE, LANE_EXTRA_STEUN, LANE_DIGITAAL, LANE_COUNT } Lane;

typedef enum {
    COST_EIGEN_RISICO,
    COST_EIGEN_BIJDRAGE,
    COST_AANVULLEND_VERZEKERD,
    COST_VRIJ_VERZEKERD,
    COST_STANDAARD,
    COST_SOCIAAL_NETWERK,
    COST_COUNT
} Cost;

typedef enum { AUDIENCE_BASISZORG, AUDIENCE_STEUNTJE, AUDIENCE_EXTRA_STEUN, AUDIENCE_COUNT } Audience;

enum { TIMELINE_COLUMNS = 31 };

/* Inclusive column range, 0 ≤ first ≤ last < TIMELINE_COLUMNS. */
typedef struct {
    int first, last;
} TimelineRange;

typedef enum {
    POSITION_OK,
    POSITION_UNKNOWN_STAGE,  /* the part before ':' is no stage id */
    POSITION_UNKNOWN_PERIOD, /* the stage has no such period (or none at all) */
} PositionStatus;

/* Parses `stage` (all its columns) or `stage:period` (one column) into
 * `out`. On failure `*suggestion` (if not NULL) is set to a near-miss
 * position or NULL. */
PositionStatus timeline_position_parse(const char *text, TimelineRange *out, const char **suggestion);

/* The range from the start of `from` to the end of `to`; false (and `out`
 * untouched) when `to` ends before `from` begins. */
bool timeline_range_span(TimelineRange from, TimelineRange to, TimelineRange *out);

Stage timeline_column_stage(int column);
/* The period id of a column ("m4", "w1", "m15-24"), or NULL for a stage
 * without periods. */
const char *timeline_column_period(int column);
/* The canonical position of a column: "zwangerschap:m4" or "bevalling". */
const char *timeline_column_position(int column);
int timeline_stage_first_column(Stage stage);
int timeline_stage_last_column(Stage stage);

/* The ids, in model order. Each array has *_COUNT entries. */
extern const char *const timeline_stage_ids[STAGE_COUNT];
extern const char *const timeline_lane_ids[LANE_COUNT];
extern const char *const timeline_cost_ids[COST_COUNT];
extern const char *const timeline_audience_ids[AUDIENCE_COUNT];

/* Index of `id` in `ids` (of `count` entries), or -1. */
int timeline_lookup(const char *const *ids, int count, const char *id);

#endif
