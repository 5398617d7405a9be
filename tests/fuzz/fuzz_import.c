/* Fuzz target: any bytes as a COCO annotations file and as GeoJSON
 * (segkit_import_coco / segkit_import_geojson: the bounded JSON reader,
 * RLE strings and counts, polygon filling).  Whatever imports must export
 * and import again to the same labels (GeoJSON and COCO RLE round trips).
 * Plain replay under ctest, libFuzzer with -DSEGKIT_FUZZ=ON (replay.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/segkit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const segkit_image *a, const segkit_image *b)
{
    for (int y = 0; y < a->height; y++)
        if (memcmp(segkit_image_row(a, y), segkit_image_row(b, y), (size_t)a->width * 4))
            return 0;
    return 1;
}

static void round_trip(const segkit_image *l, const segkit_import_params *ip)
{
    segkit_export_params ep = segkit_export_params_default();
    char *text;
    size_t len;
    segkit_image back;
    for (int geo = 0; geo < 2; geo++) {
        int st = geo ? segkit_export_geojson(l, &ep, &text, &len)
                     : segkit_export_coco(l, &ep, &text, &len);
        if (st != SEGKIT_OK)
            abort();
        segkit_import_params p = *ip;
        p.label_by = SEGKIT_IMPORT_LABEL_ID;
        p.image_id = -1;
        memcpy(p.transform, ep.transform, sizeof p.transform);
        st = geo ? segkit_import_geojson(text, len, &p, &back, NULL)
                 : segkit_import_coco(text, len, &p, &back, NULL);
        if (st != SEGKIT_OK || !same(l, &back))
            abort(); /* an exported image must import to itself */
        segkit_image_free(&back);
        free(text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    segkit_import_params ip = segkit_import_params_default();
    ip.width = 13;
    ip.height = 11;
    segkit_import_error err;
    segkit_image l;
    if (segkit_import_coco((const char *)data, size, &ip, &l, &err) == SEGKIT_OK) {
        round_trip(&l, &ip);
        segkit_image_free(&l);
    }
    if (segkit_import_geojson((const char *)data, size, &ip, &l, &err) == SEGKIT_OK) {
        round_trip(&l, &ip);
        segkit_image_free(&l);
    }
    return 0;
}

#include "replay.h"
