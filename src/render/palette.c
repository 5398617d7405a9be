/* Label palettes and colormaps: names, lookups and colour parsing (see
 * segkit/render.h; the tables are in tables.c). */
#include <stdlib.h>
#include <string.h>

#include "internal/css_colors.h"
#include "internal/names.h"
#include "render_internal.h"

static const char *const palette_names[SEGKIT_PALETTE_COUNT] = {
    "glasbey", "tab20", "viridis", "magma", "gray", NULL};

const char *segkit_palette_name(segkit_palette_kind kind)
{
    return (unsigned)kind < SEGKIT_PALETTE_COUNT ? palette_names[kind] : NULL;
}

int segkit_palette_parse(const char *name, segkit_palette_kind *kind)
{
    int i = name_index(palette_names, SEGKIT_PALETTE_COUNT, name);
    if (i < 0 || !kind)
        return SEGKIT_ERR_ARG;
    *kind = (segkit_palette_kind)i;
    return SEGKIT_OK;
}

int segkit_palette_is_colormap(segkit_palette_kind kind)
{
    return kind == SEGKIT_PALETTE_VIRIDIS || kind == SEGKIT_PALETTE_MAGMA ||
           kind == SEGKIT_PALETTE_GRAY;
}

const uint8_t (*rd_colormap_table(segkit_palette_kind kind))[3]
{
    return kind == SEGKIT_PALETTE_VIRIDIS ? rd_viridis
           : kind == SEGKIT_PALETTE_MAGMA ? rd_magma
                                          : NULL;
}

int segkit_colormap_entry(segkit_palette_kind kind, int i, uint8_t rgb[3])
{
    if (!rgb || !segkit_palette_is_colormap(kind) || i < 0 || i > 255)
        return SEGKIT_ERR_ARG;
    const uint8_t(*t)[3] = rd_colormap_table(kind);
    for (int c = 0; c < 3; c++)
        rgb[c] = t ? t[i][c] : (uint8_t)i;
    return SEGKIT_OK;
}

int segkit_palette_color(const segkit_palette *p, int64_t label, uint8_t rgb[3])
{
    if (!p || !rgb || (unsigned)p->kind >= SEGKIT_PALETTE_COUNT ||
        (p->kind == SEGKIT_PALETTE_CUSTOM && (!p->colors || p->n <= 0)))
        return SEGKIT_ERR_ARG;
    if (label <= 0) {
        rgb[0] = rgb[1] = rgb[2] = 0;
        return SEGKIT_OK;
    }
    uint64_t i = (uint64_t)(label - 1);
    if (segkit_palette_is_colormap(p->kind))
        return segkit_colormap_entry(p->kind, (int)(i % 256), rgb);
    const uint8_t *c = p->kind == SEGKIT_PALETTE_GLASBEY ? rd_glasbey[i % SEGKIT_GLASBEY_SIZE]
                       : p->kind == SEGKIT_PALETTE_TAB20 ? rd_tab20[i % 20]
                                                         : p->colors[i % (uint64_t)p->n];
    memcpy(rgb, c, 3);
    return SEGKIT_OK;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

int segkit_render_parse_color(const char *s, uint8_t rgb[3])
{
    if (!s || !rgb)
        return SEGKIT_ERR_ARG;
    if (css_color_lookup(s, rgb) == 0)
        return SEGKIT_OK;
    if (s[0] == '#') {
        size_t n = strlen(s + 1);
        int d[6];
        if (n != 3 && n != 6)
            return SEGKIT_ERR_ARG;
        for (size_t i = 0; i < n; i++)
            if ((d[i] = hexval((unsigned char)s[1 + i])) < 0)
                return SEGKIT_ERR_ARG;
        for (int c = 0; c < 3; c++)
            rgb[c] = (uint8_t)(n == 3 ? d[c] * 17 : d[2 * c] * 16 + d[2 * c + 1]);
        return SEGKIT_OK;
    }
    const char *p = s;
    for (int c = 0; c < 3; c++) {
        int v = 0, digits = 0;
        while (*p == ' ')
            p++;
        while (*p >= '0' && *p <= '9' && digits < 4) {
            v = v * 10 + (*p++ - '0');
            digits++;
        }
        while (*p == ' ')
            p++;
        if (!digits || v > 255 || *p != (c < 2 ? ',' : '\0'))
            return SEGKIT_ERR_ARG;
        rgb[c] = (uint8_t)v;
        p += c < 2;
    }
    return SEGKIT_OK;
}
