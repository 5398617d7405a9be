/* Writes a progressive JPEG with many scans, through libjpeg's own encoder
 * and a custom scan script, for the scan-limit tests.
 *
 * Usage: gen_progressive OUT WIDTH HEIGHT COMPONENTS MAXSCANS
 *
 * The script is the longest valid progression libjpeg accepts: the DC
 * coefficient(s) first at point transform Al = 10 (MAX_AH_AL for 8-bit
 * samples) then refined bit by bit down to 0 (11 scans), then every AC
 * coefficient alone, per component, at Al = 10 and refined to 0 (11 scans
 * each): 11 + 63 * 11 * COMPONENTS scans (704 for gray, 2090 for RGB).
 * MAXSCANS keeps only the first MAXSCANS of them (a prefix of a valid
 * progression is valid: every DC bit comes first).  The pixels are a
 * smooth gradient with some texture. */
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: gen_progressive OUT WIDTH HEIGHT COMPONENTS MAXSCANS\n");
        return 2;
    }
    int w = atoi(argv[2]), h = atoi(argv[3]), nc = atoi(argv[4]);
    int maxscans = atoi(argv[5]);
    if (w < 1 || h < 1 || (nc != 1 && nc != 3) || maxscans < 1) {
        fprintf(stderr, "gen_progressive: bad arguments\n");
        return 2;
    }
    int total = 11 + 63 * 11 * nc;
    jpeg_scan_info *scans = calloc((size_t)total, sizeof *scans);
    if (!scans)
        return 1;
    int n = 0;
    for (int al = 10; al >= 0; al--, n++) { /* DC, all components */
        scans[n].comps_in_scan = nc;
        for (int c = 0; c < nc; c++)
            scans[n].component_index[c] = c;
        scans[n].Ss = scans[n].Se = 0;
        scans[n].Ah = al == 10 ? 0 : al + 1;
        scans[n].Al = al;
    }
    for (int c = 0; c < nc; c++)
        for (int k = 1; k < 64; k++)
            for (int al = 10; al >= 0; al--, n++) {
                scans[n].comps_in_scan = 1;
                scans[n].component_index[0] = c;
                scans[n].Ss = scans[n].Se = k;
                scans[n].Ah = al == 10 ? 0 : al + 1;
                scans[n].Al = al;
            }
    FILE *f = fopen(argv[1], "wb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, f);
    cinfo.image_width = (JDIMENSION)w;
    cinfo.image_height = (JDIMENSION)h;
    cinfo.input_components = nc;
    cinfo.in_color_space = nc == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 95, TRUE);
    cinfo.scan_info = scans;
    cinfo.num_scans = n < maxscans ? n : maxscans;
    jpeg_start_compress(&cinfo, TRUE);
    JSAMPLE *row = malloc((size_t)w * (size_t)nc);
    if (!row)
        return 1;
    while (cinfo.next_scanline < cinfo.image_height) {
        int y = (int)cinfo.next_scanline;
        for (int x = 0; x < w; x++)
            for (int c = 0; c < nc; c++)
                row[x * nc + c] = (JSAMPLE)((x * 255 / w + y * 255 / h) / 2 +
                                            ((x * 7 + y * 13 + c * 5) % 31));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    free(row);
    free(scans);
    if (fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
