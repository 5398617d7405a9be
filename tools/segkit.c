/* segkit: front end.  `segkit TOOL ARGS` runs `segkit-TOOL ARGS`, looked up
 * first beside this executable, then on PATH. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "segkit/segkit.h"

static const char *const tools[][2] = {
    {"threshold", "global and local thresholds: masks and label images"},
    {"metrics", "compare segmentations: overlap, distances, partitions, instances, DIBCO, BSDS boundaries"},
    {"morph", "morphology: erode, dilate, open, close, top-hats, fill holes, reconstruction, h-maxima"},
    {"distance", "distance transforms of masks: exact Euclidean, city-block, chamfer, signed"},
    {"label", "connected components, object filters, region properties (regionprops)"},
    {"overlay", "labels, masks and maps drawn over an image: fill, boundaries, avg, label ids"},
    {"watershed", "marker-controlled watershed; split touching objects (coins, cells) in one step"},
    {"color", "colour spaces, colour range and distance masks, colour classes, indices"},
    {"edges", "gradients (Sobel, Scharr, ...), Laplacian of Gaussian, Canny (OpenCV/skimage exact)"},
};

static void usage(FILE *f)
{
    fprintf(f, "Usage: segkit TOOL [ARGS...]\n"
               "       segkit --help | --version\n\n"
               "Runs segkit-TOOL with ARGS.  Tools:\n");
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        fprintf(f, "  %-12s %s\n", tools[i][0], tools[i][1]);
    fprintf(f, "\n`segkit TOOL --help` shows a tool's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("segkit %s\n", segkit_version_string());
        return 0;
    }
    int known = 0;
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        known |= strcmp(argv[1], tools[i][0]) == 0;
    if (!known) {
        fprintf(stderr, "segkit: unknown tool '%s' (see segkit --help)\n", argv[1]);
        return 2;
    }
    char name[64];
    snprintf(name, sizeof name, "segkit-%s", argv[1]);
    argv[1] = name;

    /* beside this executable first, so a build tree runs its own tools */
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash && (size_t)(slash - self) + 1 + strlen(name) < sizeof self) {
            strcpy(slash + 1, name);
            if (access(self, X_OK) == 0)
                execv(self, argv + 1);
        }
    }
    execvp(name, argv + 1);
    fprintf(stderr, "segkit: %s: %s\n", name, strerror(errno));
    return 1;
}
