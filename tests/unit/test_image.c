/* The image type: layout arithmetic and overflow checks, create/free,
 * views, wrap, copy. */
#include <stdint.h>

#include "check.h"
#include "segkit/image.h"

static void test_layout(void)
{
    size_t stride = 0, bytes = 0;
    /* 7 x 5 RGB u16: stride 7*3*2 = 42, bytes 42*5 = 210 */
    CHECK(segkit_image_layout(7, 5, 3, SEGKIT_U16, &stride, &bytes) ==
          SEGKIT_OK);
    CHECK(stride == 42 && bytes == 210);
    CHECK(segkit_image_layout(1, 1, 4, SEGKIT_F32, &stride, &bytes) ==
          SEGKIT_OK);
    CHECK(stride == 16 && bytes == 16);
    /* NULL outputs are allowed */
    CHECK(segkit_image_layout(3, 3, 1, SEGKIT_U8, NULL, NULL) == SEGKIT_OK);

    /* invalid arguments */
    CHECK(segkit_image_layout(0, 5, 1, SEGKIT_U8, &stride, &bytes) ==
          SEGKIT_ERR_ARG);
    CHECK(segkit_image_layout(5, -1, 1, SEGKIT_U8, &stride, &bytes) ==
          SEGKIT_ERR_ARG);
    CHECK(segkit_image_layout(5, 5, 0, SEGKIT_U8, &stride, &bytes) ==
          SEGKIT_ERR_ARG);
    CHECK(segkit_image_layout(5, 5, 5, SEGKIT_U8, &stride, &bytes) ==
          SEGKIT_ERR_ARG);
    CHECK(segkit_image_layout(5, 5, 1, (segkit_type)99, &stride, &bytes) ==
          SEGKIT_ERR_ARG);

    /* overflow: INT_MAX x INT_MAX x 4 x 4 bytes = ~2^66 > SIZE_MAX on a
     * 64-bit size_t; on 32-bit even the row overflows */
    int big = 0x7fffffff;
    CHECK(segkit_image_layout(big, big, 4, SEGKIT_F32, &stride, &bytes) ==
          SEGKIT_ERR_OVERFLOW);
    if (sizeof(size_t) == 8) {
        /* 2^31-1 * 4 * 4 fits a row (~2^35), times 2^31-1 rows does not */
        CHECK(segkit_image_layout(big, 1, 4, SEGKIT_F32, &stride, &bytes) ==
              SEGKIT_OK);
        CHECK(stride == (size_t)big * 16);
        /* 2^30 x 2^30 x 4 x 4 = 2^64: exactly one past SIZE_MAX */
        CHECK(segkit_image_layout(1 << 30, 1 << 30, 4, SEGKIT_F32, &stride,
                                  &bytes) == SEGKIT_ERR_OVERFLOW);
        /* 2^30 x 2^29 x 4 x 4 = 2^63 fits */
        CHECK(segkit_image_layout(1 << 30, 1 << 29, 4, SEGKIT_F32, &stride,
                                  &bytes) == SEGKIT_OK);
        CHECK(bytes == (size_t)1 << 63);
    }
    /* creating an overflowing image fails and leaves the struct zeroed */
    segkit_image img = {1, 2, 3, SEGKIT_U16, 4, (void *)&img, 0};
    CHECK(segkit_image_create(&img, big, big, 4, SEGKIT_F32) ==
          SEGKIT_ERR_OVERFLOW);
    CHECK(img.data == NULL && img.width == 0 && img.owns_data == 0);
}

static void test_create_free(void)
{
    segkit_image img;
    CHECK(segkit_image_create(&img, 4, 3, 2, SEGKIT_U16) == SEGKIT_OK);
    CHECK(img.width == 4 && img.height == 3 && img.channels == 2);
    CHECK(img.type == SEGKIT_U16 && img.stride == 16 && img.owns_data == 1);
    CHECK(img.data != NULL);
    /* zero-filled */
    int zero = 1;
    for (int y = 0; y < 3; y++) {
        const uint16_t *r = segkit_image_row(&img, y);
        for (int i = 0; i < 8; i++)
            zero &= r[i] == 0;
    }
    CHECK(zero);
    segkit_image_free(&img);
    CHECK(img.data == NULL && img.width == 0 && img.owns_data == 0);
    /* freeing again (now zeroed), a zeroed image, and NULL: no-ops */
    segkit_image_free(&img);
    segkit_image z = {0};
    segkit_image_free(&z);
    segkit_image_free(NULL);
    CHECK(z.data == NULL);

    CHECK(segkit_image_create(NULL, 1, 1, 1, SEGKIT_U8) == SEGKIT_ERR_ARG);
    CHECK(segkit_image_create(&img, 0, 1, 1, SEGKIT_U8) == SEGKIT_ERR_ARG);
    CHECK(img.data == NULL);

    CHECK(segkit_type_size(SEGKIT_U8) == 1 && segkit_type_size(SEGKIT_U16) == 2 &&
          segkit_type_size(SEGKIT_F32) == 4 && segkit_type_size(SEGKIT_I32) == 4);
    CHECK(segkit_type_size((segkit_type)42) == 0);
    CHECK(strcmp(segkit_type_name(SEGKIT_U16), "u16") == 0);
}

static void test_views(void)
{
    segkit_image img;
    CHECK(segkit_image_create(&img, 6, 5, 3, SEGKIT_U8) == SEGKIT_OK);
    if (!img.data)
        return;
    /* pixel (x, y) channel c = 100*y + 10*x + c, so every byte says where it
     * came from */
    for (int y = 0; y < 5; y++) {
        uint8_t *r = segkit_image_row(&img, y);
        for (int x = 0; x < 6; x++)
            for (int c = 0; c < 3; c++)
                r[3 * x + c] = (uint8_t)(100 * y + 10 * x + c) ;
    }
    segkit_image v;
    CHECK(segkit_image_view(&img, 2, 1, 3, 2, &v) == SEGKIT_OK);
    CHECK(v.width == 3 && v.height == 2 && v.channels == 3);
    CHECK(v.owns_data == 0 && v.stride == img.stride);
    /* offset = 1 row * 18 bytes + 2 px * 3 bytes = 24 */
    CHECK((uint8_t *)v.data == (uint8_t *)img.data + 24);
    /* (0,0) of the view is (2,1) of the image: 100 + 20 = 120 */
    CHECK(((uint8_t *)segkit_image_row(&v, 0))[0] == 120);
    /* (2,1) ch 2 of the view is (4,2) of the image: 200 + 40 + 2 = 242 */
    CHECK(((uint8_t *)segkit_image_row(&v, 1))[2 * 3 + 2] == 242);
    /* shared: a write through the view shows in the image */
    ((uint8_t *)segkit_image_row(&v, 1))[0] = 7;
    CHECK(((uint8_t *)segkit_image_row(&img, 2))[2 * 3] == 7);

    /* a view of a view */
    segkit_image vv;
    CHECK(segkit_image_view(&v, 1, 1, 2, 1, &vv) == SEGKIT_OK);
    CHECK((uint8_t *)vv.data == (uint8_t *)img.data + 2 * 18 + 3 * 3);

    /* out of bounds */
    CHECK(segkit_image_view(&img, 4, 0, 3, 1, &v) == SEGKIT_ERR_ARG);
    CHECK(v.data == NULL);
    CHECK(segkit_image_view(&img, 0, 4, 1, 2, &v) == SEGKIT_ERR_ARG);
    CHECK(segkit_image_view(&img, -1, 0, 1, 1, &v) == SEGKIT_ERR_ARG);
    CHECK(segkit_image_view(&img, 0, 0, 0, 1, &v) == SEGKIT_ERR_ARG);
    CHECK(segkit_image_view(&img, 0, 0, 6, 5, &v) == SEGKIT_OK);

    /* freeing a view leaves the image's data alone (ASan would see a double
     * free otherwise) */
    segkit_image_free(&vv);
    CHECK(vv.data == NULL);

    /* copy of a strided view: tightly packed, same pixels, own buffer */
    segkit_image c;
    CHECK(segkit_image_view(&img, 2, 1, 3, 2, &v) == SEGKIT_OK);
    CHECK(segkit_image_copy(&v, &c) == SEGKIT_OK);
    CHECK(c.width == 3 && c.height == 2 && c.stride == 9 && c.owns_data == 1);
    CHECK(c.data != v.data);
    int same = 1;
    for (int y = 0; y < 2; y++)
        same &= memcmp(segkit_image_row(&c, y), segkit_image_row(&v, y), 9) == 0;
    CHECK(same);
    ((uint8_t *)c.data)[0] = 99;
    CHECK(((uint8_t *)v.data)[0] == 120);
    segkit_image_free(&c);

    segkit_image z = {0};
    CHECK(segkit_image_copy(&z, &c) == SEGKIT_ERR_ARG);
    segkit_image_free(&img);
}

static void test_wrap(void)
{
    uint16_t buf[2 * 8] = {0};
    segkit_image w;
    /* stride 16 bytes holds 3 u16 samples per row + padding */
    CHECK(segkit_image_wrap(&w, buf, 3, 2, 1, SEGKIT_U16, 16) == SEGKIT_OK);
    CHECK(w.owns_data == 0 && w.stride == 16);
    CHECK(segkit_image_row(&w, 1) == (void *)(buf + 8));
    segkit_image_free(&w); /* must not free the stack buffer */
    /* stride shorter than a row */
    CHECK(segkit_image_wrap(&w, buf, 3, 2, 1, SEGKIT_U16, 5) == SEGKIT_ERR_ARG);
    CHECK(segkit_image_wrap(&w, NULL, 3, 2, 1, SEGKIT_U16, 16) ==
          SEGKIT_ERR_ARG);
}

int main(void)
{
    test_layout();
    test_create_free();
    test_views();
    test_wrap();
    return check_done();
}
