/* segkit-soft-features: the cue gradients and maxima of the soft boundary
 * map (segkit_edges_soft_features) of each image, for fitting the map's
 * weights (tests/tune/soft_fit.py, docs/edges-bsds.md).  Not a test.
 *
 *   segkit-soft-features WEIGHTS OUTDIR IMAGE...
 *
 * WEIGHTS: "-" (the defaults) or a file of 17 numbers, weights[cue][scale]
 * row by row (4 x 4) then the bias.  Writes OUTDIR/<image name>.bin:
 * int32 width, int32 height, float32 features[16][height][width], uint8
 * maxima[height][width] (native byte order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/segkit.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: segkit-soft-features WEIGHTS OUTDIR IMAGE...\n");
        return 2;
    }
    segkit_soft_params p = segkit_soft_params_default();
    if (strcmp(argv[1], "-") != 0) {
        FILE *f = fopen(argv[1], "r");
        if (!f) {
            perror(argv[1]);
            return 1;
        }
        for (int i = 0; i < 16; i++)
            if (fscanf(f, "%lf", &p.weights[i / 4][i % 4]) != 1) {
                fprintf(stderr, "%s: 17 numbers expected\n", argv[1]);
                return 1;
            }
        if (fscanf(f, "%lf", &p.bias) != 1) {
            fprintf(stderr, "%s: 17 numbers expected\n", argv[1]);
            return 1;
        }
        fclose(f);
    }
    for (int a = 3; a < argc; a++) {
        segkit_image img;
        if (segkit_read_file(argv[a], NULL, &img, NULL) != SEGKIT_OK) {
            fprintf(stderr, "%s: cannot read\n", argv[a]);
            return 1;
        }
        size_t n = (size_t)img.width * img.height;
        float *feat = malloc(n * 16 * sizeof *feat);
        unsigned char *mx = malloc(n);
        int st = feat && mx ? segkit_edges_soft_features(&img, &p, feat, mx) : SEGKIT_ERR_NOMEM;
        if (st != SEGKIT_OK) {
            fprintf(stderr, "%s: %s\n", argv[a], segkit_strerror(st));
            return 1;
        }
        const char *base = strrchr(argv[a], '/');
        base = base ? base + 1 : argv[a];
        char path[4096];
        snprintf(path, sizeof path, "%s/%.*s.bin", argv[2], (int)strcspn(base, "."), base);
        FILE *o = fopen(path, "wb");
        int32_t wh[2] = {img.width, img.height};
        if (!o || fwrite(wh, sizeof wh, 1, o) != 1 || fwrite(feat, sizeof *feat, n * 16, o) != n * 16 ||
            fwrite(mx, 1, n, o) != n || fclose(o) != 0) {
            perror(path);
            return 1;
        }
        free(feat);
        free(mx);
        segkit_image_free(&img);
    }
    return 0;
}
