/* SVG of the outlines: one <path> per label, every ring a subpath, filled
 * with fill-rule="evenodd" so that holes stay open.  Pixel coordinates
 * (the viewBox is the image); the transform does not apply. */
#include <string.h>

#include "export_internal.h"
#include "internal/json.h"

static void put_vertex(double x, double y, size_t k, void *ctx)
{
    json_puts(ctx, k ? " L" : "M");
    json_put_number(ctx, x);
    json_puts(ctx, " ");
    json_put_number(ctx, y);
}

int segkit_export_svg(const segkit_image *labels, const segkit_export_params *p,
                      char **text, size_t *len)
{
    if (text)
        *text = NULL;
    if (len)
        *len = 0;
    if (!text || !len || !p)
        return SEGKIT_ERR_ARG;
    ex_export e;
    int st = ex_export_begin(labels, p, 1, &e);
    if (st != SEGKIT_OK)
        return st;
    json_text t = {0};
    json_printf(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                "viewBox=\"0 0 %d %d\">\n"
                "<style>path { fill: #1f77b4; fill-opacity: 0.5; stroke: #d62728; "
                "stroke-width: 1; vector-effect: non-scaling-stroke; }</style>\n",
                labels->width, labels->height, labels->width, labels->height);
    for (size_t i = 0; i < e.n; i++) {
        json_printf(&t, "<path data-label=\"%d\" fill-rule=\"evenodd\" d=\"",
                    (int)e.objs[i].label);
        for (size_t k = e.start[i]; k < e.start[i + 1]; k++) {
            if (k > e.start[i])
                json_puts(&t, " ");
            ex_ring_vertices(&e.c, e.idx[k], NULL, 0, 0, put_vertex, &t);
            json_puts(&t, " Z");
        }
        json_puts(&t, "\"/>\n");
    }
    json_puts(&t, "</svg>\n");
    ex_export_end(&e);
    return json_text_finish(&t, text, len);
}
