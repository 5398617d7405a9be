/* tools/metrics_boundary.c - segkit-metrics --task boundary: pairs the
 * machine outputs of PREDDIR with the annotators of GTDIR by image id (see
 * metrics_boundary.h for the names), runs the BSDS500 boundary and region
 * benchmarks image by image and collects ODS / OIS / AP (+ covering, PRI,
 * VOI).  Reporting is left to segkit-metrics.c. */
#include "metrics_boundary.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ------------------------------------------------------------ names */

enum { K_BDRY, K_SEG };

typedef struct file_ref {
    char *id;       /* image id */
    int kind;       /* K_BDRY / K_SEG (ground truth, segs input) */
    long k;         /* annotator / level number */
    char *path;     /* DIR/NAME */
} file_ref;

typedef struct file_list {
    file_ref *v;
    size_t n, cap;
} file_list;

static void free_list(file_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].id);
        free(l->v[i].path);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int push(file_list *l, const char *id, size_t idlen, int kind, long k,
                const char *dir, const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        file_ref *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    size_t plen = strlen(dir) + strlen(name) + 2;
    file_ref *f = &l->v[l->n];
    f->id = malloc(idlen + 1);
    f->path = malloc(plen);
    if (!f->id || !f->path) {
        free(f->id);
        free(f->path);
        return -1;
    }
    memcpy(f->id, id, idlen);
    f->id[idlen] = '\0';
    snprintf(f->path, plen, "%s/%s", dir, name);
    f->kind = kind;
    f->k = k;
    l->n++;
    return 0;
}

/* Length of NAME without its extension. */
static size_t stem_len(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot != name ? (size_t)(dot - name) : strlen(name);
}

/* NAME = ID_bdryK.EXT or ID_segK.EXT: sets *idlen, *kind, *k. */
static int parse_annot(const char *name, size_t *idlen, int *kind, long *k)
{
    size_t sl = stem_len(name);
    size_t d = sl;
    while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9')
        d--;
    if (d == sl || sl - d > 9)
        return -1;
    char num[16];
    memcpy(num, name + d, sl - d);
    num[sl - d] = '\0';
    *k = strtol(num, NULL, 10);
    if (d >= 6 && memcmp(name + d - 5, "_bdry", 5) == 0) {
        *kind = K_BDRY;
        *idlen = d - 5;
    } else if (d >= 5 && memcmp(name + d - 4, "_seg", 4) == 0) {
        *kind = K_SEG;
        *idlen = d - 4;
    } else {
        return -1;
    }
    return 0;
}

static int cmp_ref(const void *a, const void *b)
{
    const file_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    return x->k < y->k ? -1 : x->k > y->k;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_file(const char *dir, const char *name)
{
    char p[4096];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Sorted names of the regular, non-hidden files of DIR. */
static int list_names(const char *dir, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        cli_error(dir, "%s", strerror(errno));
        return CLI_FAIL;
    }
    char **v = NULL;
    size_t cap = 0;
    struct dirent *e;
    int rc = CLI_OK;
    while (rc == CLI_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.' || !is_file(dir, e->d_name))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                rc = CLI_FAIL;
                break;
            }
            v = nv;
        }
        if (!(v[*n] = strdup(e->d_name)))
            rc = CLI_FAIL;
        else
            (*n)++;
    }
    closedir(d);
    if (rc != CLI_OK)
        cli_error(NULL, "out of memory");
    if (v)
        qsort(v, *n, sizeof *v, cmp_name);
    *out = v;
    return rc;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* First entry of the sorted list with this id and kind, or NULL; *count
 * receives the number of such entries. */
static const file_ref *find_id(const file_list *l, const char *id, size_t idlen,
                               int kind, int *count)
{
    *count = 0;
    size_t lo = 0, hi = l->n;
    while (lo < hi) {   /* first entry with id >= the key */
        size_t mid = (lo + hi) / 2;
        int c = strncmp(l->v[mid].id, id, idlen);
        if (c == 0 && l->v[mid].id[idlen] != '\0')
            c = 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const file_ref *first = NULL;
    for (size_t i = lo; i < l->n && strlen(l->v[i].id) == idlen &&
                        strncmp(l->v[i].id, id, idlen) == 0; i++)
        if (l->v[i].kind == kind) {
            if (!first)
                first = &l->v[i];
            (*count)++;
        }
    return first;
}

/* ------------------------------------------------------------ one image */

typedef struct job {
    char *id;
    const file_ref *bdry, *seg, *lev;   /* runs in the sorted lists */
    int nbdry, nseg, nlev;
    const char *pred;                   /* pb / ucm2 file */
} job;

static void images_free(segkit_image *v, int n)
{
    for (int k = 0; v && k < n; k++)
        segkit_image_free(&v[k]);
    free(v);
}

static segkit_image *read_run(const file_ref *r, int n, const cli_common *common)
{
    segkit_image *v = calloc((size_t)n, sizeof *v);
    if (!v) {
        cli_error(NULL, "out of memory");
        return NULL;
    }
    for (int k = 0; k < n; k++) {
        if (cli_read_image(r[k].path, common, &v[k]) != CLI_OK) {
            images_free(v, k);
            return NULL;
        }
        if (v[k].channels != 1) {
            cli_error(r[k].path, "%d-channel %s image: expected a 1-channel map",
                      v[k].channels, segkit_type_name(v[k].type));
            images_free(v, k + 1);
            return NULL;
        }
    }
    return v;
}

static int same_size(const char *p, const segkit_image *a, const char *q,
                     const segkit_image *b)
{
    if (a->width == b->width && a->height == b->height)
        return 1;
    cli_error(p, "size %dx%d differs from %s (%dx%d)", a->width, a->height, q,
              b->width, b->height);
    return 0;
}

static int is_label_type(const segkit_image *m)
{
    return m->type == SEGKIT_U8 || m->type == SEGKIT_U16 || m->type == SEGKIT_I32;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const segkit_image **ptrs(segkit_image *v, int n)
{
    const segkit_image **p = calloc((size_t)n, sizeof *p);
    for (int k = 0; p && k < n; k++)
        p[k] = &v[k];
    return p;
}

/* Evaluates one image into bc[nthresh] (and rc[nthresh], *best). */
static int eval_job(const mb_options *o, const cli_common *common, const job *jb,
                    int nthresh, segkit_boundary_counts *bc, segkit_region_counts *rc,
                    double *best, mb_image *out)
{
    int ret = CLI_FAIL, st = SEGKIT_OK, ngt = jb->nbdry ? jb->nbdry : jb->nseg;
    segkit_image *gb = NULL, *gs = NULL, *lv = NULL, pred = {0}, pb = {0};
    const segkit_image **gbp = NULL, **gsp = NULL, **lvp = NULL;
    const char *gname = jb->nbdry ? jb->bdry[0].path : jb->seg[0].path;
    const char *pname = jb->pred ? jb->pred : jb->lev[0].path;
    const char *where = pname;
    segkit_boundary_params bp = segkit_boundary_params_default();
    bp.nthresh = nthresh;
    bp.max_dist = o->max_dist;

    /* ground truth: boundary maps, else seg2bdry of the label maps */
    if (o->region || !jb->nbdry) {
        if (!(gs = read_run(jb->seg, jb->nseg, common)))
            goto done;
        for (int k = 0; k < jb->nseg; k++) {
            if (!is_label_type(&gs[k])) {
                cli_error(jb->seg[k].path, "%s image: expected u8/u16/i32 labels",
                          segkit_type_name(gs[k].type));
                goto done;
            }
            if (k && !same_size(jb->seg[k].path, &gs[k], jb->seg[0].path, &gs[0]))
                goto done;
        }
    }
    if (jb->nbdry) {
        if (!(gb = read_run(jb->bdry, jb->nbdry, common)))
            goto done;
    } else {
        if (!(gb = calloc((size_t)jb->nseg, sizeof *gb))) {
            cli_error(NULL, "out of memory");
            goto done;
        }
        for (int k = 0; k < jb->nseg; k++)
            if ((st = segkit_boundary_from_labels(&gs[k], &gb[k])) != SEGKIT_OK) {
                where = jb->seg[k].path;
                goto lib_error;
            }
    }
    for (int k = 1; k < ngt; k++)
        if (!same_size(jb->nbdry ? jb->bdry[k].path : jb->seg[k].path, &gb[k], gname,
                       &gb[0]))
            goto done;
    if (gs && jb->nbdry && !same_size(jb->seg[0].path, &gs[0], gname, &gb[0]))
        goto done;

    /* machine output */
    if (jb->pred) {
        if (cli_read_image(jb->pred, common, &pred) != CLI_OK)
            goto done;
        if (pred.channels != 1 || pred.type == SEGKIT_I32) {
            cli_error(jb->pred, "%d-channel %s image: expected a 1-channel u8/u16 %s",
                      pred.channels, segkit_type_name(pred.type),
                      o->input == MB_UCM2 ? "ucm2" : "soft boundary map");
            goto done;
        }
        if (o->input == MB_UCM2) {
            if (pred.width < 3 || pred.height < 3 || pred.width % 2 == 0 ||
                pred.height % 2 == 0 || (pred.width - 1) / 2 != gb[0].width ||
                (pred.height - 1) / 2 != gb[0].height) {
                cli_error(jb->pred, "size %dx%d is not the doubleSize (2w+1)x(2h+1) of "
                          "%s (%dx%d)", pred.width, pred.height, gname, gb[0].width,
                          gb[0].height);
                goto done;
            }
        } else if (!same_size(jb->pred, &pred, gname, &gb[0])) {
            goto done;
        }
    } else {
        if (!(lv = read_run(jb->lev, jb->nlev, common)))
            goto done;
        for (int k = 0; k < jb->nlev; k++) {
            if (!is_label_type(&lv[k])) {
                cli_error(jb->lev[k].path, "%s image: expected u8/u16/i32 labels",
                          segkit_type_name(lv[k].type));
                goto done;
            }
            if (!same_size(jb->lev[k].path, &lv[k], gname, &gb[0]))
                goto done;
        }
    }
    gbp = ptrs(gb, ngt);
    gsp = gs ? ptrs(gs, jb->nseg) : NULL;
    lvp = lv ? ptrs(lv, jb->nlev) : NULL;
    if (!gbp || (gs && !gsp) || (lv && !lvp)) {
        cli_error(NULL, "out of memory");
        goto done;
    }

    double t0 = now();
    switch (o->input) {
    case MB_PB:
        st = segkit_boundary_eval_image(&pred, gbp, ngt, &bp, bc);
        break;
    case MB_UCM2:
        if ((st = segkit_boundary_ucm2_to_pb(&pred, &pb)) == SEGKIT_OK)
            st = segkit_boundary_eval_image(&pb, gbp, ngt, &bp, bc);
        if (st == SEGKIT_OK && o->region)
            st = segkit_region_eval_ucm2(&pred, gsp, jb->nseg, nthresh, rc, best);
        break;
    default:
        st = segkit_boundary_eval_segs(lvp, jb->nlev, gbp, ngt, &bp, bc);
        if (st == SEGKIT_OK && o->region)
            st = segkit_region_eval_segs(lvp, jb->nlev, gsp, jb->nseg, rc, best);
        break;
    }
    out->seconds = now() - t0;
    if (st != SEGKIT_OK)
        goto lib_error;
    out->ngt = ngt;
    out->npred = jb->pred ? 1 : jb->nlev;
    ret = CLI_OK;
    goto done;
lib_error:
    cli_error(where, "%s", segkit_strerror(st));
done:
    free(gbp);
    free(gsp);
    free(lvp);
    images_free(gb, ngt);
    images_free(gs, jb->nseg);
    images_free(lv, jb->nlev);
    segkit_image_free(&pred);
    segkit_image_free(&pb);
    return ret;
}

/* ------------------------------------------------------------ the run */

static int add_job(job **v, size_t *n, size_t *cap, const job *j)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        job *nv = realloc(*v, c * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = *j;
    return 0;
}

/* Attaches GTDIR's annotators of image ID to j; 0 if it has none. */
static int attach_gt(const file_list *gt, const char *id, size_t idlen, job *j)
{
    j->bdry = find_id(gt, id, idlen, K_BDRY, &j->nbdry);
    j->seg = find_id(gt, id, idlen, K_SEG, &j->nseg);
    return j->nbdry || j->nseg;
}

void mb_free(mb_result *res)
{
    for (size_t i = 0; res->img && i < res->n; i++) {
        free(res->img[i].id);
        free(res->img[i].pred);
        free(res->img[i].gt);
    }
    free(res->img);
    free(res->per_thresh);
    free(res->reg_thresh);
    memset(res, 0, sizeof *res);
}

int mb_run(const mb_options *o, const cli_common *common, const char *preddir,
           const char *gtdir, mb_result *res)
{
    memset(res, 0, sizeof *res);
    char **pn = NULL, **gn = NULL;
    size_t np = 0, ng = 0, nj = 0, cj = 0;
    file_list gt = {0}, lev = {0};
    job *jobs = NULL;
    segkit_boundary_counts *bc = NULL;
    segkit_region_counts *rcnt = NULL;
    double *best = NULL;
    int rc = CLI_FAIL;

    if (list_names(preddir, &pn, &np) != CLI_OK || list_names(gtdir, &gn, &ng) != CLI_OK)
        goto done;
    for (size_t i = 0; i < ng; i++) {
        size_t idlen;
        int kind;
        long k;
        if (parse_annot(gn[i], &idlen, &kind, &k) == 0 &&
            push(&gt, gn[i], idlen, kind, k, gtdir, gn[i]) != 0) {
            cli_error(NULL, "out of memory");
            goto done;
        }
    }
    if (gt.n == 0) {
        cli_error(gtdir, "no ID_bdryK or ID_segK ground-truth files");
        goto done;
    }
    qsort(gt.v, gt.n, sizeof *gt.v, cmp_ref);

    /* the images, in PREDDIR's name order */
    if (o->input == MB_SEGS) {
        for (size_t i = 0; i < np; i++) {
            size_t idlen;
            int kind;
            long k;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", preddir, pn[i]);
            if (parse_annot(pn[i], &idlen, &kind, &k) != 0 || kind != K_SEG) {
                cli_error(path, "not named ID_segK.EXT (--input segs)");
                goto done;
            }
            if (push(&lev, pn[i], idlen, K_SEG, k, preddir, pn[i]) != 0) {
                cli_error(NULL, "out of memory");
                goto done;
            }
        }
        qsort(lev.v, lev.n, sizeof *lev.v, cmp_ref);
        for (size_t i = 0; i < lev.n;) {
            job j = {0};
            size_t e = i;
            while (e < lev.n && strcmp(lev.v[e].id, lev.v[i].id) == 0)
                e++;
            j.id = lev.v[i].id;
            j.lev = &lev.v[i];
            j.nlev = (int)(e - i);
            if (!attach_gt(&gt, j.id, strlen(j.id), &j)) {
                cli_error(lev.v[i].path, "no %s/%s_bdryK or _segK ground truth", gtdir,
                          j.id);
                goto done;
            }
            if (add_job(&jobs, &nj, &cj, &j) != 0) {
                cli_error(NULL, "out of memory");
                goto done;
            }
            i = e;
        }
    } else {
        for (size_t i = 0; i < np; i++) {
            job j = {0};
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", preddir, pn[i]);
            /* ID.EXT, else ID_SUFFIX.EXT (the last '_' of the stem) */
            size_t sl = stem_len(pn[i]), us = sl;
            while (us > 0 && pn[i][us - 1] != '_')
                us--;
            if (!attach_gt(&gt, pn[i], sl, &j) && us > 1)
                attach_gt(&gt, pn[i], us - 1, &j);
            if (!j.nbdry && !j.nseg) {
                cli_error(path, "no %s/%.*s_bdryK or _segK ground truth", gtdir, (int)sl,
                          pn[i]);
                goto done;
            }
            j.id = j.nbdry ? j.bdry[0].id : j.seg[0].id;
            for (size_t q = 0; q < nj; q++)
                if (strcmp(jobs[q].id, j.id) == 0) {
                    cli_error(path, "a second file for image %s (also %s)", j.id,
                              jobs[q].pred);
                    goto done;
                }
            j.pred = NULL;
            if (add_job(&jobs, &nj, &cj, &j) != 0) {
                cli_error(NULL, "out of memory");
                goto done;
            }
            /* the path lives in pn until the end of the run */
            char *full = malloc(strlen(path) + 1);
            if (!full) {
                cli_error(NULL, "out of memory");
                goto done;
            }
            strcpy(full, path);
            jobs[nj - 1].pred = full;
        }
    }
    if (nj == 0) {
        cli_error(preddir, "no files");
        goto done;
    }
    for (size_t i = 0; o->region && i < nj; i++)
        if (!jobs[i].nseg) {
            cli_error(jobs[i].pred ? jobs[i].pred : jobs[i].lev[0].path,
                      "--region needs label maps %s/%s_segK", gtdir, jobs[i].id);
            goto done;
        }

    int nthresh = o->input == MB_SEGS ? jobs[0].nlev : o->nthresh;
    for (size_t i = 1; o->input == MB_SEGS && i < nj; i++)
        if (jobs[i].nlev != nthresh) {
            cli_error(jobs[i].lev[0].path, "%d segmentations, but %s has %d (every image "
                      "needs the same number)", jobs[i].nlev, jobs[0].id, nthresh);
            goto done;
        }
    if ((size_t)nthresh > SIZE_MAX / sizeof *bc / nj) {
        cli_error(NULL, "too many images x thresholds");
        goto done;
    }
    res->nthresh = nthresh;
    res->img = calloc(nj, sizeof *res->img);
    bc = calloc(nj * (size_t)nthresh, sizeof *bc);
    rcnt = o->region ? calloc(nj * (size_t)nthresh, sizeof *rcnt) : NULL;
    best = o->region ? calloc(nj, sizeof *best) : NULL;
    res->per_thresh = calloc((size_t)nthresh, sizeof *res->per_thresh);
    res->reg_thresh = o->region ? calloc((size_t)nthresh, sizeof *res->reg_thresh) : NULL;
    segkit_boundary_prf *pim = calloc(nj, sizeof *pim);
    segkit_region_image *rim = o->region ? calloc(nj, sizeof *rim) : NULL;
    if (!res->img || !bc || !res->per_thresh || !pim ||
        (o->region && (!rcnt || !best || !res->reg_thresh || !rim))) {
        free(pim);
        free(rim);
        cli_error(NULL, "out of memory");
        goto done;
    }
    res->n = nj;
    for (size_t i = 0; i < nj; i++) {
        mb_image *m = &res->img[i];
        const char *p = jobs[i].pred ? jobs[i].pred : jobs[i].lev[0].path;
        const char *g = jobs[i].nbdry ? jobs[i].bdry[0].path : jobs[i].seg[0].path;
        m->id = strdup(jobs[i].id);
        m->pred = strdup(p);
        m->gt = strdup(g);
        if (!m->id || !m->pred || !m->gt) {
            cli_error(NULL, "out of memory");
            goto fail_im;
        }
        if (eval_job(o, common, &jobs[i], nthresh, bc + i * (size_t)nthresh,
                     rcnt ? rcnt + i * (size_t)nthresh : NULL, best ? best + i : NULL,
                     m) != CLI_OK)
            goto fail_im;
        res->seconds += m->seconds;
    }
    int st = segkit_boundary_collect(bc, (int)nj, nthresh, &res->bdry, pim,
                                     res->per_thresh);
    if (st == SEGKIT_OK && o->region)
        st = segkit_region_collect(rcnt, best, (int)nj, nthresh, &res->reg, rim,
                                   res->reg_thresh);
    if (st != SEGKIT_OK) {
        cli_error(NULL, "boundary benchmark: %s", segkit_strerror(st));
        goto fail_im;
    }
    for (size_t i = 0; i < nj; i++) {
        res->img[i].best = pim[i];
        if (!o->region) {
            res->img[i].pri = res->img[i].voi = NAN;
            continue;
        }
        res->img[i].cover = rim[i];
        double pri = -INFINITY, voi = INFINITY;
        for (int t = 0; t < nthresh; t++) {
            const segkit_region_counts *r = &rcnt[i * (size_t)nthresh + t];
            pri = fmax(pri, r->ri);
            voi = fmin(voi, r->voi);
        }
        res->img[i].pri = pri;
        res->img[i].voi = voi;
    }
    rc = CLI_OK;
fail_im:
    free(pim);
    free(rim);
done:
    if (rc != CLI_OK)
        mb_free(res);
    for (size_t i = 0; jobs && i < nj; i++)
        free((char *)jobs[i].pred);
    free(jobs);
    free(bc);
    free(rcnt);
    free(best);
    free_list(&gt);
    free_list(&lev);
    free_names(pn, np);
    free_names(gn, ng);
    return rc;
}
