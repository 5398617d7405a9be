/* tools/cli_labels.h - label images out and region-property tables, as
 * segkit-label writes them; shared by every tool that makes label images.
 * Not installed. */
#ifndef SEGKIT_TOOLS_CLI_LABELS_H
#define SEGKIT_TOOLS_CLI_LABELS_H

#include "cli.h"

/* The option-table rows --csv [FILE] and --jsonl [FILE] (the region table;
 * --jsonl is the batch report with several inputs), as every tool that
 * makes label images takes them; csv and jsonl point to const char *. */
#define CLI_PROPS_TABLE_OPTIONS(csv, jsonl)                                           \
    {"csv", 0, CLI_STRING, (csv), "FILE",                                            \
     "the properties as CSV, one row per object (stdout without FILE)", 0, 0, NULL,  \
     NULL, 1, .output = 1},                                                          \
    {"jsonl", 0, CLI_STRING, (jsonl), "FILE",                                        \
     "the properties as JSON lines, one object per line (stdout without FILE); "     \
     "with several inputs: the batch report", 0, 0, NULL, NULL, 1}

/* --props LIST: property names separated by commas; "bbox", "centroid" and
 * "centroid_weighted" stand for their columns, "all" for every column.
 * Fills cols[0..*ncols) (at most 64) and the SEGKIT_PROPS_* groups they
 * need.  Prints the error; CLI_OK or CLI_USAGE. */
int cli_props_parse(const char *list, int *cols, int *ncols, int *groups);

/* The tool's --jsonl FILE when the run is a batch (-o, --files-from,
 * --recursive or --glob given): it becomes the batch's report (each input's
 * entry holds its region table), so *jsonl moves to common->batch.jsonl and
 * is set to NULL.  Returns 1 when it moved, else 0. */
int cli_props_jsonl_to_batch(cli_common *common, const char **jsonl);

/* The table of the regions with area > 0: CSV (csv = 1: header + one row
 * per object) or JSON lines, to path (NULL or "-": stdout; else written
 * atomically).  Prints the error; CLI_OK or CLI_FAIL. */
int cli_props_write(const char *path, const segkit_region *reg, int32_t n,
                    const int *cols, int ncols, int csv);

/* "regions": [ {col: value, ...}, ... ] for the regions with area > 0. */
void cli_json_regions(cli_json *j, const segkit_region *reg, int32_t n,
                      const int *cols, int ncols);

/* Writes a label image (I32, labels 0..n) by cli_write_image: 16-bit gray
 * for PNG and PNM when the labels fit, an error naming the wider formats
 * when they do not (never a wrap-around); other formats get the i32 image
 * as it is.  Prints the error; CLI_OK, CLI_FAIL or CLI_USAGE. */
int cli_write_labels(const char *out, const cli_common *common,
                     const segkit_image *labels, int32_t n);

#endif
