# Gray PNGs for the batch examples (makefile_example.sh,
# snakemake_example.sh), written with python's zlib alone:
#   python3 squares_png.py SEED COUNT DX YMOD DY SIDE DIR
# writes DIR/im0.png .. im{COUNT-1}.png, 40 x 30 noise (30..55) where image i
# has i + 1 bright squares (200..230) of SIDE pixels, square k at
# (2 + DX k, 3 + (k % YMOD) DY).
import random
import struct
import sys
import zlib


def png(path, w, h, rows):
    raw = b"".join(b"\0" + bytes(r) for r in rows)

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main(seed, count, dx, ymod, dy, side, out):
    random.seed(seed)
    for i in range(count):
        w, h = 40, 30
        img = [[30 + random.randint(0, 25) for _ in range(w)] for _ in range(h)]
        for k in range(i + 1):
            x0, y0 = 2 + dx * k, 3 + (k % ymod) * dy
            for y in range(y0, y0 + side):
                for x in range(x0, x0 + side):
                    img[y][x] = 200 + random.randint(0, 30)
        png(f"{out}/im{i}.png", w, h, img)


if __name__ == "__main__":
    main(*map(int, sys.argv[1:7]), sys.argv[7])
