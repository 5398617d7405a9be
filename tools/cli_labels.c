/* Label images out and region-property tables, shared by the tools that
 * make label images (segkit-label, segkit-watershed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_labels.h"

/* --props LIST: names separated by commas; "bbox", "centroid" and
 * "centroid_weighted" stand for their columns, "all" for every column. */
int cli_props_parse(const char *list, int *cols, int *ncols, int *groups)
{
    *ncols = 0;
    *groups = SEGKIT_PROPS_BASIC;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        char name[64];
        if (n == 0 || n >= sizeof name) {
            cli_error(NULL, "--props: empty or too long name in '%s'", list);
            return CLI_USAGE;
        }
        memcpy(name, p, n);
        name[n] = 0;
        int total = segkit_region_prop_count(), added = 0;
        for (int i = 0; i < total; i++) {
            const char *full = segkit_region_prop_name(i);
            size_t len = strlen(full);
            int group = strcmp(name, "all") == 0 ||
                        (len == n + 2 && strncmp(full, name, n) == 0 && full[n] == '-');
            if (group && *ncols < 64) {
                cols[(*ncols)++] = i;
                added = 1;
            }
        }
        if (!added) {
            int i = segkit_region_prop_find(name, -1);
            if (i < 0) {
                cli_error(NULL, "--props: unknown property name '%s' (known: all, bbox, "
                          "centroid, centroid_weighted and the names in the man page)", name);
                return CLI_USAGE;
            }
            if (*ncols < 64)
                cols[(*ncols)++] = i;
        }
        p += n + (p[n] == ',');
    }
    for (int i = 0; i < *ncols; i++)
        *groups |= segkit_region_prop_group(cols[i]);
    return CLI_OK;
}

int cli_props_jsonl_to_batch(cli_common *common, const char **jsonl)
{
    const cli_batch_opts *b = &common->batch;
    if (!*jsonl || !(b->output || b->files_from || b->recursive || b->glob))
        return 0;
    common->batch.jsonl = *jsonl;
    *jsonl = NULL;
    return 1;
}

/* The table: CSV (header + one row per object) or JSON lines. */
int cli_props_write(const char *path, const segkit_region *reg, int32_t n,
                    const int *cols, int ncols, int csv)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    int failed = !buf;
#define APPEND(...)                                                            \
    do {                                                                       \
        if (failed)                                                            \
            break;                                                             \
        int k_ = snprintf(buf + len, cap - len, __VA_ARGS__);                  \
        if (k_ < 0) { failed = 1; break; }                                     \
        if ((size_t)k_ >= cap - len) {                                         \
            cap = (cap + (size_t)k_) * 2;                                      \
            char *nb_ = realloc(buf, cap);                                     \
            if (!nb_) { failed = 1; break; }                                   \
            buf = nb_;                                                         \
            snprintf(buf + len, cap - len, __VA_ARGS__);                       \
        }                                                                      \
        len += (size_t)k_;                                                     \
    } while (0)
    if (csv) {
        for (int c = 0; c < ncols; c++)
            APPEND("%s%s", c ? "," : "", segkit_region_prop_name(cols[c]));
        APPEND("\n");
    }
    for (int32_t i = 0; i < n; i++) {
        if (reg[i].area == 0)
            continue;
        if (!csv)
            APPEND("{");
        for (int c = 0; c < ncols; c++) {
            char num[40];
            double v = segkit_region_prop_value(&reg[i], cols[c]);
            if (!csv && !isfinite(v))
                snprintf(num, sizeof num, "null");
            else
                cli_format_number(num, sizeof num, v);
            if (csv)
                APPEND("%s%s", c ? "," : "", num);
            else
                APPEND("%s\"%s\": %s", c ? ", " : "", segkit_region_prop_name(cols[c]), num);
        }
        APPEND(csv ? "\n" : "}\n");
    }
#undef APPEND
    if (failed) {
        free(buf);
        cli_error(NULL, "out of memory");
        return CLI_FAIL;
    }
    /* stdout kept per input in a batch; a file written atomically */
    int rc = cli_write_text(path ? path : "-", buf, len);
    free(buf);
    return rc;
}

/* The library writes i32 labels as 16-bit PNG/PGM when they fit and
 * refuses them (SEGKIT_ERR_RANGE, never a wrap-around) when they do not;
 * cli_write_image names .npy and rgbid in that error. */
int cli_write_labels(const char *out, const cli_common *common,
                     const segkit_image *labels, int32_t n)
{
    (void)n;
    return cli_write_image(out, common, labels);
}

void cli_json_regions(cli_json *j, const segkit_region *reg, int32_t n,
                      const int *cols, int ncols)
{
    cli_json_array_begin(j, "regions");
    for (int32_t i = 0; i < n; i++) {
        if (reg[i].area == 0)
            continue;
        cli_json_object_begin(j, NULL);
        for (int c = 0; c < ncols; c++)
            cli_json_number(j, segkit_region_prop_name(cols[c]),
                            segkit_region_prop_value(&reg[i], cols[c]));
        cli_json_object_end(j);
    }
    cli_json_array_end(j);
}
