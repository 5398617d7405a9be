/* segkit-metrics: compare segmentations with references, one task at a time
 * (binary, semantic, instance, panoptic, distance, partition, dibco), for one
 * pair of files or a batch over two directories or a list file; and the
 * BSDS500 boundary/region benchmark over two directories (--task boundary,
 * metrics_boundary.c). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "metrics_boundary.h"

enum task { T_BINARY, T_SEMANTIC, T_INSTANCE, T_PANOPTIC, T_DISTANCE,
            T_PARTITION, T_BOUNDARY, T_DIBCO };
static const char *const task_names[] = {"binary", "semantic", "instance", "panoptic",
                                         "distance", "partition", "boundary", "dibco",
                                         NULL};
static const char *const hd_names[] = {"pooled", "max", NULL};
static const char *const input_names[] = {"pb", "ucm2", "segs", NULL};

typedef struct options {
    int task, per_image, table, hd_mode;
    const char *fg, *fg_pred, *fg_gt, *empty, *ignore, *background, *spacing;
    const char *weights, *class_pred, *class_gt, *list, *csv;
    const char *gt;               /* --gt TEMPLATE: the batch of predictions */
    double percentile, tolerance, iou;
    int input, nthresh, region;   /* boundary */
    double max_dist;
} options;

/* ------------------------------------------------------------ results */

#define MAX_FIELDS 64

typedef struct field {
    char key[40];
    double v;
    int count;          /* 1: an integer count, summed in the aggregate */
} field;

typedef struct row {
    char *pred, *gt;    /* display names */
    int n;
    field f[MAX_FIELDS];
} row;

static void put(row *r, const char *key, double v, int count)
{
    if (r->n >= MAX_FIELDS)
        return;
    field *f = &r->f[r->n++];
    snprintf(f->key, sizeof f->key, "%s", key);
    f->v = v;
    f->count = count;
}

/* A metric read from a result struct: its key, where it is, and its C type
 * ('d' double: a value; 'i' int or 'u' uint64_t: a count). */
typedef struct fspec {
    const char *key;
    size_t off;
    char type;
} fspec;

/* offsetof(T, m), refused at compile time unless m has the size of C */
#define FOFF(T, m, C) \
    (offsetof(T, m) + 0 * sizeof(char[sizeof(((T *)0)->m) == sizeof(C) ? 1 : -1]))
#define FKEY(key, T, m, ty, C) {key, FOFF(T, m, C), ty}
#define FD(T, m) FKEY(#m, T, m, 'd', double)
#define FI(T, m) FKEY(#m, T, m, 'i', int)
#define FU(T, m) FKEY(#m, T, m, 'u', uint64_t)

static double spec_value(const fspec *f, const void *res)
{
    const void *at = (const unsigned char *)res + f->off;
    switch (f->type) {
    case 'i': return *(const int *)at;
    case 'u': return (double)*(const uint64_t *)at;
    default: return *(const double *)at;
    }
}

/* put() for every entry of spec (ended by a NULL key), read from *res. */
static void put_fields(row *r, const fspec *spec, const void *res)
{
    for (; spec->key; spec++)
        put(r, spec->key, spec_value(spec, res), spec->type != 'd');
}

/* The JSON members of every entry of spec, read from *res. */
static void json_fields(cli_json *j, const fspec *spec, const void *res)
{
    for (; spec->key; spec++) {
        double v = spec_value(spec, res);
        if (spec->type != 'd')
            cli_json_int(j, spec->key, (long long)v);
        else
            cli_json_number(j, spec->key, v);
    }
}

typedef segkit_binary_metrics bin_m;
static const fspec binary_fields[] = {
    FD(bin_m, dice), FD(bin_m, iou), FD(bin_m, precision), FD(bin_m, recall),
    FD(bin_m, specificity), FD(bin_m, accuracy), FD(bin_m, balanced_accuracy),
    FD(bin_m, mcc), FD(bin_m, volume_similarity),
    FU(bin_m, tp), FU(bin_m, fp), FU(bin_m, fn), FU(bin_m, tn), {0}};

typedef segkit_semantic_metrics sem_m;
static const fspec semantic_fields[] = {
    FD(sem_m, pixel_accuracy), FD(sem_m, mean_accuracy), FD(sem_m, miou),
    FD(sem_m, mdice), FD(sem_m, fwiou), FKEY("classes", sem_m, n, 'i', int), {0}};

typedef segkit_instance_metrics inst_m;
static const fspec instance_fields[] = {
    FD(inst_m, f1), FD(inst_m, precision), FD(inst_m, recall),
    FD(inst_m, mean_matched_iou), FD(inst_m, panoptic_quality), FD(inst_m, dsb_score),
    FI(inst_m, n_pred), FI(inst_m, n_gt), FI(inst_m, tp), FI(inst_m, fp), FI(inst_m, fn),
    FI(inst_m, splits), FI(inst_m, merges), {0}};

typedef segkit_panoptic_metrics pan_m;
static const fspec panoptic_fields[] = {
    FD(pan_m, pq), FD(pan_m, sq), FD(pan_m, rq), FI(pan_m, tp), FI(pan_m, fp),
    FI(pan_m, fn), FKEY("classes", pan_m, n_classes, 'i', int), {0}};

/* distance: hd_percentile (after hd95_max) only when it is not hd95_pooled */
typedef segkit_distance_metrics dist_m;
static const fspec distance_head[] = {
    FD(dist_m, hausdorff), FD(dist_m, hd95_pooled), FD(dist_m, hd95_max), {0}};
static const fspec distance_hdp[] = {FD(dist_m, hd_percentile), {0}};
static const fspec distance_tail[] = {
    FD(dist_m, assd), FD(dist_m, msd), FD(dist_m, surface_dice),
    FKEY("pred_surface", dist_m, n_pred_surface, 'u', uint64_t),
    FKEY("gt_surface", dist_m, n_gt_surface, 'u', uint64_t), {0}};

/* partition: rand_index is "pri" (probabilistic) with several ground truths */
typedef segkit_partition_metrics part_m;
static const fspec partition_fields[] = {
    FD(part_m, voi), FD(part_m, voi_split), FD(part_m, voi_merge), FD(part_m, are),
    FD(part_m, are_precision), FD(part_m, are_recall), FD(part_m, rand_index),
    FD(part_m, covering), {0}};
static const fspec partition_pri[] = {
    FD(part_m, voi), FD(part_m, voi_split), FD(part_m, voi_merge), FD(part_m, are),
    FD(part_m, are_precision), FD(part_m, are_recall), FKEY("pri", part_m, rand_index, 'd', double),
    FD(part_m, covering), {0}};

/* dibco: the pseudo-F figures (after precision) only with weights */
typedef segkit_dibco_metrics dib_m;
static const fspec dibco_head[] = {FD(dib_m, fm), FD(dib_m, recall), FD(dib_m, precision), {0}};
static const fspec dibco_pseudo[] = {
    FD(dib_m, pseudo_fm), FD(dib_m, pseudo_recall), FD(dib_m, pseudo_precision), {0}};
static const fspec dibco_tail[] = {
    FD(dib_m, psnr), FD(dib_m, drd), FD(dib_m, nrm), FD(dib_m, mcc), FD(dib_m, accuracy),
    FU(dib_m, nubn), FU(dib_m, tp), FU(dib_m, fp), FU(dib_m, fn), FU(dib_m, tn), {0}};

/* boundary: the data-set figures and the per-threshold lines in JSON */
typedef segkit_boundary_summary bsum_m;
static const fspec boundary_agg[] = {
    FKEY("ods_thresh", bsum_m, ods.thresh, 'd', double),
    FKEY("ods_recall", bsum_m, ods.recall, 'd', double),
    FKEY("ods_precision", bsum_m, ods.precision, 'd', double),
    FKEY("ods_f", bsum_m, ods.f, 'd', double),
    FD(bsum_m, ois_recall), FD(bsum_m, ois_precision), FD(bsum_m, ois_f), FD(bsum_m, ap), {0}};
typedef segkit_region_summary rsum_m;
static const fspec region_agg[] = {
    FD(rsum_m, cover_ods_thresh), FD(rsum_m, cover_ods), FD(rsum_m, cover_ois),
    FD(rsum_m, cover_best), FD(rsum_m, pri_ods_thresh), FD(rsum_m, pri_ods),
    FD(rsum_m, pri_ois), FD(rsum_m, voi_ods_thresh), FD(rsum_m, voi_ods),
    FD(rsum_m, voi_ois), {0}};
typedef segkit_boundary_prf prf_m;
static const fspec prf_fields[] = {
    FD(prf_m, thresh), FD(prf_m, recall), FD(prf_m, precision), FD(prf_m, f), {0}};
typedef segkit_region_thresh rthr_m;
static const fspec region_thresh_fields[] = {
    FD(rthr_m, cover), FD(rthr_m, pri), FD(rthr_m, voi), {0}};

/* ------------------------------------------------------------ parsing */

static int parse_int64(const char *s, int64_t *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (end == s || *end || errno)
        return -1;
    *v = x;
    return 0;
}

static int parse_spacing(const char *s, double *sx, double *sy)
{
    char *end;
    *sx = strtod(s, &end);
    if (end == s)
        return -1;
    if (*end == ',' || *end == 'x') {
        const char *t = end + 1;
        *sy = strtod(t, &end);
        if (end == t)
            return -1;
    } else {
        *sy = *sx;
    }
    if (*end || !(*sx > 0) || !(*sy > 0) || isinf(*sx) || isinf(*sy))
        return -1;
    return 0;
}

/* ------------------------------------------------------------ messages */

static void status_error(const char *pred, const char *gt, const segkit_image *a,
                         const segkit_image *b, int st)
{
    switch (st) {
    case SEGKIT_ERR_SIZE:
        cli_error(pred, "size %dx%d differs from %s (%dx%d)", a->width, a->height, gt,
                  b->width, b->height);
        break;
    case SEGKIT_ERR_TYPE: {
        const segkit_image *bad = a->channels != 1 || a->type == SEGKIT_F32 ? a : b;
        cli_error(bad == a ? pred : gt, "%d-channel %s image: expected a 1-channel %s",
                  bad->channels, segkit_type_name(bad->type),
                  bad->channels != 1 ? "mask or label image" : "integer label image");
        break;
    }
    case SEGKIT_ERR_EMPTY:
        cli_error(pred, "empty mask or no objects against %s: the metric is 0/0 "
                  "(choose --empty skip|best|worst)", gt);
        break;
    default:
        cli_error(pred, "%s", segkit_strerror(st));
    }
}

/* ------------------------------------------------------------ one pair */

typedef struct ctx {
    options *o;
    cli_common *common;
    segkit_metrics_params p;
    segkit_confusion cm;   /* semantic: summed over the pairs (not with --gt) */
} ctx;

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* "dir/x_target.png" -> stem "x_target" into buf */
static void stem(const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s", base_name(path));
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
}

static int file_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* DIBCO weights: "RFILE,PFILE", or a directory holding
 * <gt stem>_RWeights.dat[.gz] and <gt stem>_PWeights.dat[.gz]. */
static int find_weights(const char *spec, const char *gt, char *r, char *p, size_t size)
{
    const char *comma = strchr(spec, ',');
    if (comma) {
        snprintf(r, size, "%.*s", (int)(comma - spec), spec);
        snprintf(p, size, "%s", comma + 1);
        return 0;
    }
    char s[1024];
    stem(gt, s, sizeof s);
    const char *ext[] = {".dat", ".dat.gz"};
    for (int i = 0; i < 2; i++) {
        snprintf(r, size, "%s/%s_RWeights%s", spec, s, ext[i]);
        snprintf(p, size, "%s/%s_PWeights%s", spec, s, ext[i]);
        if (file_exists(r) && file_exists(p))
            return 0;
    }
    cli_error(spec, "no %s_RWeights.dat[.gz] / _PWeights.dat[.gz] here", s);
    return -1;
}

static int run_dibco(const ctx *c, const char *gtpath, const segkit_image *pred,
                     const segkit_image *gt, row *r, const char *predpath)
{
    double *rw = NULL, *pw = NULL;
    if (c->o->weights) {
        char rp[2048], pp[2048];
        if (find_weights(cli_job_path(c->o->weights), gtpath, rp, pp, sizeof rp) != 0)
            return CLI_FAIL;
        size_t n = (size_t)gt->width * gt->height;
        const char *which = rp;
        errno = 0;
        int st = segkit_metrics_read_weights(rp, n, &rw);
        if (st == SEGKIT_OK) {
            which = pp;
            st = segkit_metrics_read_weights(pp, n, &pw);
        }
        if (st != SEGKIT_OK) {
            const char *why = st == SEGKIT_ERR_SIZE ? "more weights than pixels"
                              : st == SEGKIT_ERR_TRUNCATED ? "fewer weights than pixels"
                              : st == SEGKIT_ERR_IO && errno ? strerror(errno)
                                                             : segkit_strerror(st);
            cli_error(which, "%s", why);
            free(rw);
            return CLI_FAIL;
        }
    }
    segkit_dibco_metrics m;
    int st = segkit_metrics_dibco(pred, gt, rw, pw, &c->p, &m);
    free(rw);
    free(pw);
    if (st != SEGKIT_OK) {
        status_error(predpath, gtpath, pred, gt, st);
        return CLI_FAIL;
    }
    put_fields(r, dibco_head, &m);
    if (m.has_pseudo)
        put_fields(r, dibco_pseudo, &m);
    put_fields(r, dibco_tail, &m);
    return CLI_OK;
}

/* Semantic figures of m and the ignored pixel count of cm (one image or
 * the batch's summed matrix). */
static void put_semantic(row *r, const segkit_semantic_metrics *m,
                         const segkit_confusion *cm)
{
    put_fields(r, semantic_fields, m);
    put(r, "ignored", (double)cm->ignored, 1);
}

static int read_pair_image(const char *path, const ctx *c, segkit_image *img)
{
    return cli_read_image(path, c->common, img);
}

/* Runs the task on pred vs gts[0..ngt-1]; fills r.  Semantic: the pair's
 * confusion matrix is also added to *sum.  Called from the batch's threads
 * with --gt: reads c only (the second inputs through cli_job_path). */
static int run_pair(const ctx *c, const char *predpath, char **gtpaths, int ngt, row *r,
                    segkit_confusion *sum)
{
    segkit_image pred = {0}, gt[64];
    memset(gt, 0, sizeof gt);
    int rc = CLI_FAIL, st = SEGKIT_OK;
    if (read_pair_image(predpath, c, &pred) != CLI_OK)
        return CLI_FAIL;
    for (int k = 0; k < ngt; k++)
        if (read_pair_image(gtpaths[k], c, &gt[k]) != CLI_OK)
            goto done;
    const char *gp = gtpaths[0];
    switch (c->o->task) {
    case T_BINARY: {
        segkit_binary_metrics m;
        if ((st = segkit_metrics_binary(&pred, &gt[0], &c->p, &m)) != SEGKIT_OK)
            break;
        put_fields(r, binary_fields, &m);
        break;
    }
    case T_SEMANTIC: {
        segkit_confusion one = {0};
        segkit_semantic_metrics m;
        if ((st = segkit_metrics_confusion_add(&one, &pred, &gt[0], &c->p)) != SEGKIT_OK)
            break;
        if ((st = segkit_metrics_confusion_add(sum, &pred, &gt[0], &c->p)) != SEGKIT_OK ||
            (st = segkit_metrics_semantic(&one, c->p.empty, &m)) != SEGKIT_OK) {
            segkit_confusion_free(&one);
            break;
        }
        put_semantic(r, &m, &one);
        segkit_semantic_metrics_free(&m);
        segkit_confusion_free(&one);
        break;
    }
    case T_INSTANCE: {
        segkit_instance_metrics m;
        if ((st = segkit_metrics_instance(&pred, &gt[0], &c->p, &m)) != SEGKIT_OK)
            break;
        put_fields(r, instance_fields, &m);
        break;
    }
    case T_PANOPTIC: {
        segkit_image pc = {0}, gc = {0};
        if (c->o->class_pred && (read_pair_image(cli_job_path(c->o->class_pred), c, &pc) != CLI_OK ||
                                 read_pair_image(cli_job_path(c->o->class_gt), c, &gc) != CLI_OK)) {
            segkit_image_free(&pc);
            goto done;
        }
        segkit_panoptic_metrics m;
        st = segkit_metrics_panoptic(&pred, &gt[0], c->o->class_pred ? &pc : NULL,
                                     c->o->class_pred ? &gc : NULL, &c->p, &m);
        segkit_image_free(&pc);
        segkit_image_free(&gc);
        if (st != SEGKIT_OK)
            break;
        put_fields(r, panoptic_fields, &m);
        break;
    }
    case T_DISTANCE: {
        segkit_distance_metrics m;
        if ((st = segkit_metrics_distance(&pred, &gt[0], &c->p, &m)) != SEGKIT_OK)
            break;
        put_fields(r, distance_head, &m);
        if (c->p.percentile != 95 || c->p.hd_mode != SEGKIT_HD95_POOLED)
            put_fields(r, distance_hdp, &m);
        put_fields(r, distance_tail, &m);
        break;
    }
    case T_PARTITION: {
        const segkit_image *gts[64];
        for (int k = 0; k < ngt; k++)
            gts[k] = &gt[k];
        segkit_partition_metrics m;
        if ((st = segkit_metrics_partition_multi(&pred, gts, ngt, &c->p, &m)) != SEGKIT_OK) {
            /* name the ground truth that failed */
            for (int k = 0; k < ngt; k++) {
                segkit_partition_metrics t;
                if (segkit_metrics_partition(&pred, &gt[k], &c->p, &t) != SEGKIT_OK) {
                    gp = gtpaths[k];
                    status_error(predpath, gp, &pred, &gt[k], st);
                    goto done;
                }
            }
            break;
        }
        put_fields(r, ngt > 1 ? partition_pri : partition_fields, &m);
        put(r, "n_gt", ngt, 1);
        break;
    }
    case T_DIBCO:
        rc = run_dibco(c, gp, &pred, &gt[0], r, predpath);
        goto done;
    default:
        cli_error(NULL, "--task %s is not available in this build", task_names[c->o->task]);
        goto done;
    }
    if (st != SEGKIT_OK) {
        status_error(predpath, gp, &pred, &gt[0], st);
        goto done;
    }
    rc = CLI_OK;
done:
    segkit_image_free(&pred);
    for (int k = 0; k < ngt; k++)
        segkit_image_free(&gt[k]);
    return rc;
}

/* ------------------------------------------------------------ pairs */

typedef struct pair {
    char *pred;
    char *gt[64];
    int ngt;
} pair;

typedef struct pairs {
    pair *v;
    size_t n, cap;
} pairs;

static int add_pair(pairs *ps, const char *pred, char **gts, int ngt)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 16;
        pair *v = realloc(ps->v, cap * sizeof *v);
        if (!v)
            return -1;
        ps->v = v;
        ps->cap = cap;
    }
    pair *p = &ps->v[ps->n];
    memset(p, 0, sizeof *p);
    p->pred = strdup(pred);
    if (!p->pred)
        return -1;
    for (int k = 0; k < ngt; k++) {
        p->gt[k] = strdup(gts[k]);
        if (!p->gt[k])
            return -1;
        p->ngt++;
    }
    ps->n++;
    return 0;
}

static void free_pairs(pairs *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        free(ps->v[i].pred);
        for (int k = 0; k < ps->v[i].ngt; k++)
            free(ps->v[i].gt[k]);
    }
    free(ps->v);
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted regular file names of a directory (hidden files skipped). */
static char **list_dir(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (!file_exists(path))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        v[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (v)
        qsort(v, *n, sizeof *v, cmp_str);
    else
        v = calloc(1, sizeof *v);
    return v;
}

/* Pairs from two directories: same file name, else same stem. */
static int pairs_from_dirs(pairs *ps, const char *pdir, char **gdirs, int ngd)
{
    size_t np;
    char **pn = list_dir(pdir, &np);
    if (!pn) {
        cli_error(pdir, "%s", strerror(errno));
        return CLI_FAIL;
    }
    int rc = CLI_OK;
    size_t ng[64];
    char **gn[64];
    memset(gn, 0, sizeof gn);
    for (int k = 0; k < ngd; k++) {
        gn[k] = list_dir(gdirs[k], &ng[k]);
        if (!gn[k]) {
            cli_error(gdirs[k], "%s", strerror(errno));
            rc = CLI_FAIL;
        }
    }
    for (size_t i = 0; i < np && rc == CLI_OK; i++) {
        char pp[4096], *gp[64], gbuf[64][4096], ps_[1024];
        snprintf(pp, sizeof pp, "%s/%s", pdir, pn[i]);
        stem(pn[i], ps_, sizeof ps_);
        for (int k = 0; k < ngd && rc == CLI_OK; k++) {
            const char *hit = NULL;
            for (size_t j = 0; j < ng[k] && !hit; j++)
                if (strcmp(gn[k][j], pn[i]) == 0)
                    hit = gn[k][j];
            for (size_t j = 0; j < ng[k] && !hit; j++) {
                char gs[1024];
                stem(gn[k][j], gs, sizeof gs);
                if (strcmp(gs, ps_) == 0)
                    hit = gn[k][j];
            }
            if (!hit) {
                cli_error(pp, "no file of that name in %s", gdirs[k]);
                rc = CLI_FAIL;
                break;
            }
            snprintf(gbuf[k], sizeof gbuf[k], "%s/%s", gdirs[k], hit);
            gp[k] = gbuf[k];
        }
        if (rc == CLI_OK && add_pair(ps, pp, gp, ngd) != 0) {
            cli_error(NULL, "out of memory");
            rc = CLI_FAIL;
        }
    }
    if (rc == CLI_OK && ps->n == 0) {
        cli_error(pdir, "no files");
        rc = CLI_FAIL;
    }
    for (size_t i = 0; i < np; i++)
        free(pn[i]);
    free(pn);
    for (int k = 0; k < ngd; k++) {
        for (size_t j = 0; gn[k] && j < ng[k]; j++)
            free(gn[k][j]);
        free(gn[k]);
    }
    return rc;
}

/* A list file: one pair a line, "PRED GT [GT2 ...]", '#' comments. */
static int pairs_from_list(pairs *ps, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        cli_error(path, "%s", strerror(errno));
        return CLI_FAIL;
    }
    char line[8192];
    int rc = CLI_OK, ln = 0;
    while (rc == CLI_OK && fgets(line, sizeof line, f)) {
        ln++;
        char *tok[65];
        int n = 0;
        for (char *s = strtok(line, " \t\r\n"); s && n < 65; s = strtok(NULL, " \t\r\n")) {
            if (s[0] == '#')
                break;
            tok[n++] = s;
        }
        if (n == 0)
            continue;
        if (n < 2) {
            cli_error(path, "line %d: expected PRED GT [GT2 ...]", ln);
            rc = CLI_FAIL;
        } else if (add_pair(ps, tok[0], tok + 1, n - 1) != 0) {
            cli_error(NULL, "out of memory");
            rc = CLI_FAIL;
        }
    }
    if (f != stdin)
        fclose(f);
    if (rc == CLI_OK && ps->n == 0) {
        cli_error(path, "no pairs");
        rc = CLI_FAIL;
    }
    return rc;
}

/* ------------------------------------------------------------ output */

static void fmt_value(char *out, size_t size, const field *f)
{
    if (isnan(f->v))
        snprintf(out, size, "n/a");
    else if (isinf(f->v))
        snprintf(out, size, f->v > 0 ? "inf" : "-inf");
    else if (f->count)
        snprintf(out, size, "%.0f", f->v);
    else
        snprintf(out, size, "%.6g", f->v);
}

/* Table on a terminal (or --table), JSON when asked for or when nothing
 * else is. */
static void output_modes(const options *o, const cli_common *common, int *table, int *json)
{
    *table = o->table || (!common->json && !o->csv && isatty(STDOUT_FILENO));
    *json = common->json || (!o->csv && !*table);
}

/* Width of the image-name column: the longest base name, at least 9. */
static size_t name_width(size_t n, const char *(*name)(const void *, size_t), const void *v)
{
    size_t w = 9;
    for (size_t i = 0; i < n; i++)
        if (strlen(base_name(name(v, i))) > w)
            w = strlen(base_name(name(v, i)));
    return w;
}

/* Width of a table column: its key, at least 9. */
static int col_width(const char *key)
{
    return (int)(strlen(key) > 9 ? strlen(key) : 9);
}

static void csv_field(cli_buf *b, const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        cli_buf_printf(b, "\"");
        for (; *s; s++)
            cli_buf_printf(b, *s == '"' ? "\"\"" : "%c", *s);
        cli_buf_printf(b, "\"");
    } else {
        cli_buf_printf(b, "%s", s);
    }
}

static void csv_num(cli_buf *b, double v)
{
    char num[40];
    if (isnan(v))
        snprintf(num, sizeof num, "nan");
    else if (isinf(v))
        snprintf(num, sizeof num, v > 0 ? "inf" : "-inf");
    else
        cli_format_number(num, sizeof num, v);
    cli_buf_printf(b, ",%s", num);
}

/* The "pred,gt" cells that start a CSV line. */
static void csv_names(cli_buf *b, const char *pred, const char *gt)
{
    csv_field(b, pred);
    cli_buf_printf(b, ",");
    csv_field(b, gt);
}

/* Aggregate: counts summed, other values averaged over the images where
 * they are defined (the skip policy's NaN are left out). */
static void aggregate(const row *rows, size_t n, row *agg)
{
    memset(agg, 0, sizeof *agg);
    agg->pred = (char *)"aggregate";
    agg->gt = (char *)"";
    agg->n = rows[0].n;
    for (int k = 0; k < agg->n; k++) {
        double s = 0;
        size_t c = 0;
        for (size_t i = 0; i < n; i++) {
            double v = rows[i].f[k].v;
            if (!isnan(v)) {
                s += v;
                c++;
            }
        }
        agg->f[k] = rows[0].f[k];
        agg->f[k].v = rows[0].f[k].count ? s : c ? s / (double)c : NAN;
    }
}

static void json_row(cli_json *j, const row *r, const char *key, int names)
{
    cli_json_object_begin(j, key);
    if (names) {
        cli_json_string(j, "pred", r->pred);
        cli_json_string(j, "gt", r->gt);
    }
    for (int k = 0; k < r->n; k++) {
        if (r->f[k].count)
            cli_json_int(j, r->f[k].key, (long long)r->f[k].v);
        else
            cli_json_number(j, r->f[k].key, r->f[k].v);
    }
    cli_json_object_end(j);
}

static const char *row_name(const void *v, size_t i)
{
    return ((const row *)v)[i].pred;
}

static void print_table(const row *rows, size_t n, const row *agg, int per_image)
{
    if (n == 1 || !per_image) {
        const row *r = n == 1 ? &rows[0] : agg;
        if (n > 1)
            printf("aggregate over %zu images (counts summed, others averaged)\n", n);
        for (int k = 0; k < r->n; k++) {
            char v[40];
            fmt_value(v, sizeof v, &r->f[k]);
            printf("  %-20s %s\n", r->f[k].key, v);
        }
        return;
    }
    size_t wname = name_width(n, row_name, rows);
    printf("%-*s", (int)wname, "image");
    for (int k = 0; k < agg->n; k++)
        printf(" %*s", col_width(agg->f[k].key), agg->f[k].key);
    printf("\n");
    for (size_t i = 0; i <= n; i++) {
        const row *r = i < n ? &rows[i] : agg;
        printf("%-*s", (int)wname, i < n ? base_name(r->pred) : "aggregate");
        for (int k = 0; k < r->n; k++) {
            char v[40];
            fmt_value(v, sizeof v, &r->f[k]);
            printf(" %*s", col_width(agg->f[k].key), v);
        }
        printf("\n");
    }
}

/* Writes and frees a CSV buffer: stdout ("" or "-") or a file, atomically. */
static int write_csv(cli_buf *b, const char *dest)
{
    int rc = CLI_OK;
    if (b->failed) {
        cli_error(NULL, "out of memory");
        rc = CLI_FAIL;
    } else if (!dest[0] || strcmp(dest, "-") == 0) {
        if (fwrite(b->s, 1, b->len, stdout) != b->len || fflush(stdout) != 0) {
            cli_error("(stdout)", "%s", strerror(errno));
            rc = CLI_FAIL;
        }
    } else {
        errno = 0;
        int st = segkit_write_bytes_atomic(dest, b->s, b->len);
        if (st != SEGKIT_OK) {
            cli_error(dest, "%s", st == SEGKIT_ERR_IO && errno ? strerror(errno)
                                                              : segkit_strerror(st));
            rc = CLI_FAIL;
        }
    }
    free(b->s);
    return rc;
}

/* Semantic: the per-class table of the summed confusion matrix. */
static void semantic_classes(const segkit_semantic_metrics *m, cli_json *j, FILE *table)
{
    if (j) {
        cli_json_array_begin(j, "classes");
        for (int c = 0; c < m->n; c++) {
            cli_json_object_begin(j, NULL);
            cli_json_int(j, "label", (long long)m->values[c]);
            cli_json_number(j, "iou", m->iou[c]);
            cli_json_number(j, "dice", m->dice[c]);
            cli_json_int(j, "gt_pixels", (long long)m->gt_pixels[c]);
            cli_json_object_end(j);
        }
        cli_json_array_end(j);
    }
    if (table) {
        fprintf(table, "  %-8s %9s %9s %12s\n", "class", "iou", "dice", "gt_pixels");
        for (int c = 0; c < m->n; c++)
            fprintf(table, "  %-8lld %9.6f %9.6f %12llu\n", (long long)m->values[c],
                    m->iou[c], m->dice[c], (unsigned long long)m->gt_pixels[c]);
    }
}

/* The JSON report of N pairs (rows), their aggregate and, for semantic, the
 * summed confusion matrix's figures. */
static void json_report(cli_json *j, const ctx *c, size_t n, const row *rows, const row *agg,
                        const segkit_semantic_metrics *sem, int per_image)
{
    cli_json_begin(j);
    cli_json_string(j, "tool", "segkit-metrics");
    cli_json_string(j, "task", task_names[c->o->task]);
    cli_json_int(j, "images", (long long)n);
    cli_json_string(j, "empty", segkit_empty_policy_name(c->p.empty));
    json_row(j, agg, "aggregate", 0);
    if (c->o->task == T_SEMANTIC)
        semantic_classes(sem, j, NULL);
    if (per_image) {
        cli_json_array_begin(j, "per_image");
        for (size_t i = 0; i < n; i++)
            json_row(j, &rows[i], NULL, 1);
        cli_json_array_end(j);
    }
    cli_json_end(j);
}

/* --gt TEMPLATE: one prediction of the batch against its ground truth, in a
 * worker thread; the report (the --json document of the pair) becomes the
 * input's --jsonl line. */
static int pair_job(void *vctx, const char *pred, const char *out)
{
    (void)out;
    const ctx *c = vctx;
    const char *gtpath = cli_job_path(c->o->gt);
    char *gts[1] = {(char *)gtpath};
    row r;
    memset(&r, 0, sizeof r);
    r.pred = (char *)pred;
    r.gt = (char *)gtpath;
    segkit_confusion cm;
    memset(&cm, 0, sizeof cm);
    segkit_semantic_metrics sem;
    memset(&sem, 0, sizeof sem);
    int rc = run_pair(c, pred, gts, 1, &r, &cm);
    row agg;
    if (rc == CLI_OK) {
        aggregate(&r, 1, &agg);
        if (c->o->task == T_SEMANTIC) {
            int st = segkit_metrics_semantic(&cm, c->p.empty, &sem);
            if (st != SEGKIT_OK) {
                cli_error(pred, "semantic: %s", segkit_strerror(st));
                rc = CLI_FAIL;
            } else {
                agg.n = 0;
                put_semantic(&agg, &sem, &cm);
            }
        }
    }
    if (rc == CLI_OK) {
        cli_json j = {0};
        json_report(&j, c, 1, &r, &agg, &sem, 1);
        rc = cli_json_emit(&j, c->common);
        cli_json_free(&j);
    }
    segkit_semantic_metrics_free(&sem);
    segkit_confusion_free(&cm);
    return rc;
}

/* ------------------------------------------------------------ boundary */

/* The columns of the boundary table and CSV: one line per image (at its own
 * best threshold), then the data-set lines "ODS" (one threshold for all;
 * seconds = mean per image) and "OIS" (each image at its best). */
typedef struct bline {
    const char *pred, *gt;
    double v[9];   /* thresh recall precision f cover_thresh cover pri voi seconds */
} bline;
static const char *const bcols[] = {"thresh", "recall", "precision", "f", "cover_thresh",
                                    "cover", "pri", "voi", "seconds"};

/* Column k of bcols is shown (the region ones only with --region). */
static int bcol_on(const options *o, int k)
{
    return o->region || k < 4 || k == 8;
}

static void boundary_lines(const mb_result *res, int region, bline *l)
{
    for (size_t i = 0; i < res->n; i++) {
        const mb_image *m = &res->img[i];
        double v[9] = {m->best.thresh, m->best.recall, m->best.precision, m->best.f,
                       m->cover.thresh, m->cover.cover_r, m->pri, m->voi, m->seconds};
        l[i].pred = m->pred;
        l[i].gt = m->gt;
        memcpy(l[i].v, v, sizeof v);
    }
    const segkit_boundary_summary *b = &res->bdry;
    const segkit_region_summary *r = &res->reg;
    double ods[9] = {b->ods.thresh, b->ods.recall, b->ods.precision, b->ods.f,
                     r->cover_ods_thresh, r->cover_ods, r->pri_ods, r->voi_ods,
                     res->seconds / (double)res->n};
    double ois[9] = {NAN, b->ois_recall, b->ois_precision, b->ois_f, NAN, r->cover_ois,
                     r->pri_ois, r->voi_ois, NAN};
    l[res->n] = (bline){"ODS", "", {0}};
    l[res->n + 1] = (bline){"OIS", "", {0}};
    memcpy(l[res->n].v, ods, sizeof ods);
    memcpy(l[res->n + 1].v, ois, sizeof ois);
    if (!region)
        for (size_t i = 0; i < res->n + 2; i++)
            l[i].v[4] = l[i].v[5] = l[i].v[6] = l[i].v[7] = NAN;
}

static const char *bline_name(const void *v, size_t i)
{
    return ((const bline *)v)[i].pred;
}

static int report_boundary(const options *o, const cli_common *common, const mb_result *res)
{
    const segkit_boundary_summary *b = &res->bdry;
    const segkit_region_summary *r = &res->reg;
    int want_table, want_json;
    output_modes(o, common, &want_table, &want_json);
    int per_image = o->per_image || res->n == 1, rc = CLI_OK;
    bline *l = calloc(res->n + 2, sizeof *l);
    if (!l) {
        cli_error(NULL, "out of memory");
        return CLI_FAIL;
    }
    boundary_lines(res, o->region, l);
    if (want_json) {
        cli_json j = {0};
        cli_json_begin(&j);
        cli_json_string(&j, "tool", "segkit-metrics");
        cli_json_string(&j, "task", "boundary");
        cli_json_int(&j, "images", (long long)res->n);
        cli_json_string(&j, "input", input_names[o->input]);
        cli_json_int(&j, "thresholds", res->nthresh);
        cli_json_number(&j, "max_dist", o->max_dist);
        cli_json_object_begin(&j, "aggregate");
        json_fields(&j, boundary_agg, b);
        if (o->region)
            json_fields(&j, region_agg, r);
        cli_json_number(&j, "seconds_per_image", res->seconds / (double)res->n);
        cli_json_number(&j, "seconds_total", res->seconds);
        cli_json_object_end(&j);
        cli_json_array_begin(&j, "per_threshold");
        for (int t = 0; t < res->nthresh; t++) {
            cli_json_object_begin(&j, NULL);
            json_fields(&j, prf_fields, &res->per_thresh[t]);
            if (o->region)
                json_fields(&j, region_thresh_fields, &res->reg_thresh[t]);
            cli_json_object_end(&j);
        }
        cli_json_array_end(&j);
        if (per_image) {
            cli_json_array_begin(&j, "per_image");
            for (size_t i = 0; i < res->n; i++) {
                const mb_image *m = &res->img[i];
                cli_json_object_begin(&j, NULL);
                cli_json_string(&j, "pred", m->pred);
                cli_json_string(&j, "gt", m->gt);
                cli_json_string(&j, "id", m->id);
                cli_json_int(&j, "annotators", m->ngt);
                for (int k = 0; k < 9; k++)
                    if (bcol_on(o, k))
                        cli_json_number(&j, bcols[k], l[i].v[k]);
                if (o->region)
                    cli_json_number(&j, "cover_precision", m->cover.cover_p);
                cli_json_object_end(&j);
            }
            cli_json_array_end(&j);
        }
        cli_json_end(&j);
        rc = cli_json_emit(&j, common);
        cli_json_free(&j);
    }
    size_t first = per_image ? 0 : res->n;
    if (rc == CLI_OK && o->csv) {
        cli_buf s = {0};
        cli_buf_printf(&s, "pred,gt");
        for (int k = 0; k < 9; k++)
            if (bcol_on(o, k))
                cli_buf_printf(&s, ",%s", bcols[k]);
        cli_buf_printf(&s, ",ap%s\n", o->region ? ",cover_best" : "");
        for (size_t i = first; i < res->n + 2; i++) {
            csv_names(&s, l[i].pred, l[i].gt);
            for (int k = 0; k < 9; k++)
                if (bcol_on(o, k))
                    csv_num(&s, l[i].v[k]);
            if (i == res->n) {   /* AP and best covering belong to the data set */
                csv_num(&s, b->ap);
                if (o->region)
                    csv_num(&s, r->cover_best);
            } else {
                cli_buf_printf(&s, o->region ? ",," : ",");
            }
            cli_buf_printf(&s, "\n");
        }
        rc = write_csv(&s, o->csv);
    }
    if (rc == CLI_OK && want_table) {
        printf("boundary benchmark, %zu image%s, %d %s, max-dist %g, input %s\n", res->n,
               res->n == 1 ? "" : "s", res->nthresh,
               o->input == MB_SEGS ? "segmentations" : "thresholds", o->max_dist,
               input_names[o->input]);
        size_t w = name_width(res->n, bline_name, l);
        printf("%-*s", (int)w, "image");
        for (int k = 0; k < 9; k++)
            if (bcol_on(o, k))
                printf(" %12s", bcols[k]);
        printf("\n");
        for (size_t i = first; i < res->n + 2; i++) {
            printf("%-*s", (int)w, base_name(l[i].pred));
            for (int k = 0; k < 9; k++)
                if (bcol_on(o, k)) {
                    char v[40];
                    field f = {"", l[i].v[k], 0};
                    fmt_value(v, sizeof v, &f);
                    printf(" %12s", v);
                }
            printf("\n");
        }
        printf("AP %.6g", b->ap);
        if (o->region)
            printf(", best covering %.6g", r->cover_best);
        printf("; %.3g s per image (%.3g s in all, reading excluded)\n",
               res->seconds / (double)res->n, res->seconds);
    }
    free(l);
    return rc;
}

static int run_boundary(const options *o, const cli_common *common, char **args, int nargs,
                        const char *usage)
{
    if (o->list || nargs != 2 || !is_dir(args[0]) || !is_dir(args[1])) {
        cli_error(NULL, "--task boundary takes PREDDIR GTDIR (usage: segkit-metrics %s)",
                  usage);
        return CLI_USAGE;
    }
    if (o->region && o->input == MB_PB) {
        cli_error(NULL, "--region needs --input ucm2 or segs");
        return CLI_USAGE;
    }
    mb_options mo = {o->input, o->nthresh, o->max_dist, o->region};
    mb_result res;
    int rc = mb_run(&mo, common, args[0], args[1], &res);
    if (rc == CLI_OK)
        rc = report_boundary(o, common, &res);
    mb_free(&res);
    return rc;
}

/* --gt TEMPLATE: the shared batch loop over the predictions. */
static int run_gt_batch(ctx *c, cli_common *common, int npos, char **pos)
{
    const options *o = c->o;
    const char *mixed = o->list ? "--list" : o->csv ? "--csv" : o->per_image ? "--per-image"
                        : o->table ? "--table" : common->json ? "--json" : NULL;
    if (mixed) {
        cli_error(NULL, "%s does not go with --gt: each PRED is reported on its own --jsonl "
                        "line (for a data-set aggregate give PREDDIR GTDIR or --list)", mixed);
        return CLI_USAGE;
    }
    const char *second[] = {o->gt, o->class_pred, o->class_gt, o->weights};
    const char *names[] = {"--gt", "--class-pred", "--class-gt", "--weights"};
    for (int k = 0; k < 4; k++) {
        char *p;
        const char *why;
        if (second[k] && cli_template_expand(second[k], "x.png", 1, &p, &why) != CLI_OK) {
            cli_error(NULL, "%s %s: %s", names[k], second[k], why);
            return CLI_USAGE;
        }
        if (second[k])
            free(p);
    }
    /* the reports are JSON lines: on standard output unless --jsonl=FILE */
    if (!common->batch.jsonl)
        common->batch.jsonl = "-";
    return cli_batch_run(common, npos, pos, pair_job, c);
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    cli_init("segkit-metrics");
    options o;
    memset(&o, 0, sizeof o);
    o.percentile = 95;
    o.tolerance = 1;
    o.iou = 0.5;
    o.nthresh = 99;
    o.max_dist = 0.0075;
    const cli_option table[] = {
        {"task", 't', CLI_CHOICE, &o.task, "TASK", "what to compare", 0, 0, task_names, NULL, 0},
        {"fg", 0, CLI_STRING, &o.fg, "SPEC",
         "foreground of both sides: nonzero, zero, V (== V) or >V", 0, 0, NULL, NULL, 0,
         .applies = "binary distance dibco"},
        {"fg-pred", 0, CLI_STRING, &o.fg_pred, "SPEC", "foreground of PRED",
         0, 0, NULL, NULL, 0,
         .applies = "binary distance dibco",
         .def = "nonzero; zero for -t dibco"},
        {"fg-gt", 0, CLI_STRING, &o.fg_gt, "SPEC",
         "foreground of GT (dibco: text is black)", 0, 0, NULL, NULL, 0,
         .applies = "binary distance dibco",
         .def = "nonzero; zero for -t dibco"},
        {"empty", 'e', CLI_STRING, &o.empty, "POLICY",
         "empty masks / no objects (0/0): error, skip, best, worst (default error)",
         0, 0, NULL, NULL, 0, .applies = "binary semantic instance panoptic distance dibco"},
        {"ignore", 'i', CLI_STRING, &o.ignore, "LABEL",
         "semantic/partition/panoptic: leave out GT pixels with this label", 0, 0, NULL, NULL, 0,
         .applies = "semantic partition panoptic"},
        {"background", 0, CLI_STRING, &o.background, "LABEL",
         "instance/panoptic: label of no object (default 0)", 0, 0, NULL, NULL, 0,
         .applies = "instance panoptic"},
        {"spacing", 0, CLI_STRING, &o.spacing, "SX[,SY]", "distance: pixel size (default 1)",
         0, 0, NULL, NULL, 0, .applies = "distance"},
        {"percentile", 0, CLI_DOUBLE, &o.percentile, "P",
         "distance: the HD percentile reported as hd_percentile", 0, 100, NULL, NULL, 0,
         .applies = "distance"},
        {"hd-mode", 0, CLI_CHOICE, &o.hd_mode, "MODE",
         "distance: hd_percentile convention, MedPy pooled or MONAI max", 0, 0, hd_names,
         NULL, 0, .applies = "distance"},
        {"tolerance", 0, CLI_DOUBLE, &o.tolerance, "TAU", "distance: surface Dice tolerance",
         0, 1e300, NULL, NULL, 0, .applies = "distance"},
        {"iou", 0, CLI_DOUBLE, &o.iou, "T", "instance: a match needs IoU > T", 0, 0.999999,
         NULL, NULL, 0, .applies = "instance"},
        {"weights", 0, CLI_STRING, &o.weights, "R,P|DIR",
         "dibco: pseudo-F weight files, or a directory with GTSTEM_{R,P}Weights.dat[.gz]",
         0, 0, NULL, NULL, 0, .applies = "dibco", .old_short = 'w'},
        {"class-pred", 0, CLI_STRING, &o.class_pred, "FILE", "panoptic: class map of PRED",
         0, 0, NULL, NULL, 0, .applies = "panoptic"},
        {"class-gt", 0, CLI_STRING, &o.class_gt, "FILE", "panoptic: class map of GT",
         0, 0, NULL, NULL, 0, .applies = "panoptic"},
        {"input", 0, CLI_CHOICE, &o.input, "KIND",
         "boundary: PREDDIR holds soft boundary maps, ucm2 or ID_segK segmentations", 0, 0,
         input_names, NULL, 0, .applies = "boundary"},
        {"thresholds", 0, CLI_INT, &o.nthresh, "N", "boundary: thresholds of pb / ucm2 maps",
         1, 1000, NULL, NULL, 0, .applies = "boundary"},
        {"max-dist", 0, CLI_DOUBLE, &o.max_dist, "D",
         "boundary: match distance as a fraction of the image diagonal", 1e-9, 1, NULL, NULL,
         0, .applies = "boundary"},
        {"region", 0, CLI_FLAG, &o.region, NULL,
         "boundary: also segmentation covering, PRI and VOI (ucm2, segs)", 0, 0, NULL, NULL,
         0, .applies = "boundary"},
        {"list", 'l', CLI_STRING, &o.list, "FILE",
         "batch: pairs from FILE, one 'PRED GT [GT2 ...]' a line", 0, 0, NULL, NULL, 0,
         .applies = "binary semantic instance panoptic distance partition dibco"},
        {"gt", 0, CLI_STRING, &o.gt, "TEMPLATE",
         "batch: each PRED's ground truth, e.g. 'gt/{stem}.png'; a --jsonl line per PRED",
         0, 0, NULL, NULL, 0,
         .applies = "binary semantic instance panoptic distance partition dibco"},
        {"per-image", 'p', CLI_FLAG, &o.per_image, NULL, "batch: report every image too",
         0, 0, NULL, NULL, 0},
        {"csv", 0, CLI_STRING, &o.csv, "FILE", "write CSV to FILE (default: stdout)",
         0, 0, NULL, NULL, 1},
        {"table", 0, CLI_FLAG, &o.table, NULL, "print the table even when stdout is not a terminal",
         0, 0, NULL, NULL, 0},
        {0},
    };
    const cli_tool tool = {
        "segkit-metrics", "[--task TASK] [options] PRED GT [GT2 ...] | PREDDIR GTDIR | --list FILE"
        " | --gt TEMPLATE PRED...",
        "Compares segmentations with references.  Tasks: binary (Dice, IoU, MCC, ...),\n"
        "semantic (confusion matrix, mIoU), instance (F1@t, DSB score, splits/merges),\n"
        "panoptic (PQ/SQ/RQ), distance (Hausdorff, HD95, ASSD, surface Dice), partition\n"
        "(VOI, adapted Rand, Rand index/PRI, covering), dibco (FM, pseudo-FM, PSNR, DRD,\n"
        "NRM, MCC), boundary (BSDS500 ODS/OIS/AP, with --region covering/PRI/VOI;\n"
        "PREDDIR GTDIR with GTDIR/ID_bdryK and ID_segK files for each annotator K).\n"
        "Directories are paired by file name (else by name without extension).\n"
        "A table is printed on a terminal, JSON otherwise (or --json / --csv).\n"
        "With --gt TEMPLATE every argument (or --files-from name) is a prediction,\n"
        "compared with the ground truth the template names ({stem} {name} {ext} {dir}\n"
        "{index}), one --jsonl line per prediction.",
        table, 0, 65, .batch = 1, .no_output = 1};
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc < 0)
        return 0;
    if (rc != CLI_OK)
        return rc;
    char chosen[40];
    snprintf(chosen, sizeof chosen, "-t %s", task_names[o.task]);
    if (cli_check_applies(&common, chosen, task_names[o.task]) != CLI_OK)
        return CLI_USAGE;

    ctx c;
    memset(&c, 0, sizeof c);
    c.o = &o;
    c.common = &common;
    c.p = segkit_metrics_params_default();
    if (o.task == T_DIBCO)
        c.p.fg_gt.mode = SEGKIT_FG_ZERO;
    if (o.task == T_DIBCO)
        c.p.fg_pred.mode = SEGKIT_FG_ZERO;
    if ((o.fg && (segkit_fg_parse(o.fg, &c.p.fg_pred) || segkit_fg_parse(o.fg, &c.p.fg_gt))) ||
        (o.fg_pred && segkit_fg_parse(o.fg_pred, &c.p.fg_pred)) ||
        (o.fg_gt && segkit_fg_parse(o.fg_gt, &c.p.fg_gt))) {
        cli_error(NULL, "--fg: expected nonzero, zero, a value V or >V");
        return CLI_USAGE;
    }
    if (o.empty) {
        int e = segkit_empty_policy_parse(o.empty);
        if (e < 0) {
            cli_error(NULL, "--empty: '%s' is not error, skip, best or worst", o.empty);
            return CLI_USAGE;
        }
        c.p.empty = (segkit_empty_policy)e;
    }
    if (o.ignore) {
        if (parse_int64(o.ignore, &c.p.ignore_label)) {
            cli_error(NULL, "--ignore: '%s' is not an integer label", o.ignore);
            return CLI_USAGE;
        }
        c.p.has_ignore = 1;
    }
    if (o.background && parse_int64(o.background, &c.p.background)) {
        cli_error(NULL, "--background: '%s' is not an integer label", o.background);
        return CLI_USAGE;
    }
    if (o.spacing && parse_spacing(o.spacing, &c.p.spacing_x, &c.p.spacing_y)) {
        cli_error(NULL, "--spacing: expected SX or SX,SY (positive numbers)");
        return CLI_USAGE;
    }
    c.p.percentile = o.percentile;
    c.p.hd_mode = (segkit_hd95_mode)o.hd_mode;
    c.p.tolerance = o.tolerance;
    c.p.iou_threshold = o.iou;
    if (!o.class_pred != !o.class_gt) {
        cli_error(NULL, "--class-pred and --class-gt go together");
        return CLI_USAGE;
    }
    int npos = argc - first;
    const cli_batch_opts *bo = &common.batch;
    int batch_opt = bo->output || bo->files_from || bo->nul || bo->recursive || bo->glob ||
                    bo->jobs || bo->unordered || bo->fail_fast || bo->jsonl || bo->progress ||
                    bo->quiet || bo->force || bo->skip_existing || bo->shard_n;
    if (o.gt)
        return run_gt_batch(&c, &common, argc - first, argv + first);
    if (batch_opt) {
        cli_error(NULL, "the batch options (--jsonl, --jobs, --files-from, ...) go with "
                        "--gt TEMPLATE, which names each PRED's ground truth");
        return CLI_USAGE;
    }
    if (o.task == T_BOUNDARY)
        return run_boundary(&o, &common, argv + first, npos, tool.usage);
    pairs ps = {0};
    if (o.list) {
        if (npos) {
            cli_error(NULL, "--list takes no PRED GT arguments");
            return CLI_USAGE;
        }
        rc = pairs_from_list(&ps, o.list);
    } else {
        if (npos < 2) {
            cli_error(NULL, "missing argument (usage: %s %s)", tool.name, tool.usage);
            return CLI_USAGE;
        }
        if (npos > 64 + 1 || (npos > 2 && o.task != T_PARTITION)) {
            cli_error(NULL, "several ground truths are for --task partition only");
            return CLI_USAGE;
        }
        if (is_dir(argv[first]))
            rc = pairs_from_dirs(&ps, argv[first], argv + first + 1, npos - 1);
        else
            rc = add_pair(&ps, argv[first], argv + first + 1, npos - 1) ? CLI_FAIL : CLI_OK;
    }
    for (size_t i = 0; rc == CLI_OK && i < ps.n; i++)
        if (ps.v[i].ngt > 1 && o.task != T_PARTITION) {
            cli_error(ps.v[i].pred, "several ground truths are for --task partition only");
            rc = CLI_USAGE;
        }
    if (o.class_pred && ps.n > 1) {
        cli_error(NULL, "--class-pred/--class-gt take one pair, not a batch");
        rc = CLI_USAGE;
    }
    row *rows = rc == CLI_OK ? calloc(ps.n, sizeof *rows) : NULL;
    if (rc == CLI_OK && !rows) {
        cli_error(NULL, "out of memory");
        rc = CLI_FAIL;
    }
    for (size_t i = 0; rc == CLI_OK && i < ps.n; i++) {
        rows[i].pred = ps.v[i].pred;
        rows[i].gt = ps.v[i].gt[0];
        rc = run_pair(&c, ps.v[i].pred, ps.v[i].gt, ps.v[i].ngt, &rows[i], &c.cm);
        if (rc == CLI_OK && i > 0 && rows[i].n != rows[0].n) {
            cli_error(ps.v[i].pred, "reports other metrics than %s (weights missing?)",
                      ps.v[0].pred);
            rc = CLI_FAIL;
        }
    }
    if (rc != CLI_OK) {
        free(rows);
        free_pairs(&ps);
        segkit_confusion_free(&c.cm);
        return rc;
    }

    row agg;
    aggregate(rows, ps.n, &agg);
    segkit_semantic_metrics sem;
    memset(&sem, 0, sizeof sem);
    if (o.task == T_SEMANTIC) {
        /* the dataset figures come from the summed confusion matrix */
        int st = segkit_metrics_semantic(&c.cm, c.p.empty, &sem);
        if (st != SEGKIT_OK) {
            cli_error(NULL, "semantic: %s", segkit_strerror(st));
            rc = CLI_FAIL;
        } else {
            agg.n = 0;
            put_semantic(&agg, &sem, &c.cm);
        }
    }
    int want_table, want_json;
    output_modes(&o, &common, &want_table, &want_json);
    int per_image = o.per_image || ps.n == 1;
    if (rc == CLI_OK && want_json) {
        cli_json j = {0};
        json_report(&j, &c, ps.n, rows, &agg, &sem, per_image);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    if (rc == CLI_OK && o.csv) {
        cli_buf b = {0};
        cli_buf_printf(&b, "pred,gt");
        for (int k = 0; k < agg.n; k++)
            cli_buf_printf(&b, ",%s", agg.f[k].key);
        cli_buf_printf(&b, "\n");
        for (size_t i = 0; per_image && i < ps.n; i++) {
            csv_names(&b, rows[i].pred, rows[i].gt);
            for (int k = 0; k < rows[i].n; k++)
                csv_num(&b, rows[i].f[k].v);
            cli_buf_printf(&b, "\n");
        }
        if (ps.n > 1) {
            cli_buf_printf(&b, "aggregate,");
            for (int k = 0; k < agg.n; k++)
                csv_num(&b, agg.f[k].v);
            cli_buf_printf(&b, "\n");
        }
        rc = write_csv(&b, o.csv);
    }
    if (rc == CLI_OK && want_table) {
        print_table(rows, ps.n, &agg, o.per_image);
        if (o.task == T_SEMANTIC)
            semantic_classes(&sem, NULL, stdout);
    }
    segkit_semantic_metrics_free(&sem);
    free(rows);
    free_pairs(&ps);
    segkit_confusion_free(&c.cm);
    return rc;
}
