#!/usr/bin/env python3
"""Writes small hostile image files (and a benign twin of each, built the
same way, that must decode) into the directory given as argument.

Usage: hostile_files.py DIR

Every file is built from the format's specification with the standard
library only (struct, zlib).  Names: <case>.bad.<ext> must be refused,
<case>.ok.<ext> must decode.  See tests/cli/hostile_inputs.sh."""
import os
import struct
import sys
import zlib

out = sys.argv[1]


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- PNG
def chunk(kind, data, length=None):
    n = len(data) if length is None else length
    return (struct.pack(">I", n) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


def png(w, h, depth, ctype, rows=None, extra=b"", idat=None):
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0)
    if idat is None:
        idat = zlib.compress(rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))


gray1 = b"\x00\x80"  # one row: filter 0, one 8-bit gray sample
for kind in (b"tEXt", b"zTXt", b"iTXt", b"sPLT"):
    name = kind.decode().lower()
    # the chunk claims ~2 GB but holds 9 bytes (and a CRC over those)
    bad = chunk(kind, b"Comment\x00x", length=0x7ffffff0)
    put("png_%s.bad.png" % name, png(1, 1, 8, 0, gray1, extra=bad))
# a benign twin: real text chunks of each kind
text = (chunk(b"tEXt", b"Comment\x00hello") +
        chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"hello")) +
        chunk(b"iTXt", b"Comment\x00\x00\x00\x00\x00hello") +
        chunk(b"sPLT", b"p\x00\x08" + b"\x01\x02\x03\x04\x00\x05"))
put("png_text.ok.png", png(1, 1, 8, 0, gray1, extra=text))

# zTXt bombs: 64 chunks of 8 MB of zeros each (~8 KB compressed)
bomb = chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(bytes(8 << 20), 9))
put("png_ztxt_bomb.ok.png", png(1, 1, 8, 0, gray1, extra=bomb * 64))

# 16-bit RGBA, 16384 x 16384 = 2^28 pixels (the pixel limit allows it):
# 2 GiB decoded, over the 1 GiB budget.  The IDAT holds a few rows only.
put("png_budget.bad.png",
    png(16384, 16384, 16, 6, idat=zlib.compress(bytes(4 * (1 + 16384 * 8)))))
put("png_budget.ok.png", png(4, 4, 16, 6, bytes(4 * (1 + 4 * 8))))

# ---------------------------------------------------------------- GIF
def gif(sw, sh, fw, fh, data=b"\x02\x44\x01\x00", trailer=b";"):
    # 2-entry global color table; one frame; LZW min code size 2 and the
    # codes clear (4), pixel 0, end (5) in 3 bits each: bytes 0x44 0x01
    lsd = struct.pack("<HHBBB", sw, sh, 0x80, 0, 0)
    desc = b"," + struct.pack("<HHHHB", 0, 0, fw, fh, 0)
    return (b"GIF89a" + lsd + b"\x00\x00\x00\xff\xff\xff" + desc + b"\x02" +
            data + trailer)


# a 16000 x 16000 logical screen with one 1x1 frame
put("gif_screen.bad.gif", gif(16000, 16000, 1, 1))
put("gif_screen.ok.gif", gif(16, 16, 1, 1))
# the raster's sub-blocks stop before their terminator
put("gif_cut.bad.gif", gif(1, 1, 1, 1, data=b"\x02\x44", trailer=b""))
# 65535 x 65535: beyond stb_image's int-sized 4-byte canvas even when the
# pixel limit and the budget are raised
put("gif_stb.bad.gif", gif(65535, 65535, 1, 1))

# ---------------------------------------------------------------- TGA
def tga(kind, w, h, bpp, data):
    return struct.pack("<BBBHHBHHHHBB", 0, 0, kind, 0, 0, 0, 0, 0, w, h,
                       bpp, 0) + data


# RLE truecolor header claiming 16000 x 16000, no pixel data
put("tga_rle.bad.tga", tga(10, 16000, 16000, 24, b""))
# 2x2 RLE: one run packet of 4 pixels, then a raw packet is missing
put("tga_rle_cut.bad.tga", tga(10, 2, 3, 24, b"\x83\x10\x20\x30"))
put("tga_rle.ok.tga", tga(10, 2, 2, 24, b"\x83\x10\x20\x30"))
# uncompressed gray, one row short
put("tga_raw.bad.tga", tga(3, 4, 4, 8, bytes(12)))
put("tga_raw.ok.tga", tga(3, 4, 4, 8, bytes(16)))

# ---------------------------------------------------------------- BMP
def bmp_os2(w, h, rows):
    # OS/2 v1 header (12 bytes), 24 bits, rows padded to 4 bytes
    off = 14 + 12
    return (b"BM" + struct.pack("<IHHI", off + len(rows), 0, 0, off) +
            struct.pack("<IHHHH", 12, w, h, 1, 24) + rows)


put("bmp_os2.bad.bmp", bmp_os2(2, 2, bytes(8)))
put("bmp_os2.ok.bmp", bmp_os2(2, 2, bytes(16)))
# 8-bit palette BMPs (v3 header, 2x2, rows padded to 4 bytes) with a
# 2-entry palette: an index past it, or no palette at all, would make
# stb_image read its uninitialized stack palette (found by fuzz_stb)
def bmp_pal(entries, rows):
    off = 14 + 40 + 4 * entries
    return (b"BM" + struct.pack("<IHHI", off + len(rows), 0, 0, off) +
            struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 8, 0, 0, 0, 0, 0, 0) +
            b"\x00\x00\x00\x00\xff\xff\xff\x00"[:4 * entries] + rows)


put("bmp_palette.bad.bmp", bmp_pal(2, b"\x00\x05\x00\x00\x01\x00\x00\x00"))
put("bmp_nopalette.bad.bmp", bmp_pal(0, b"\x00\x01\x00\x00\x01\x00\x00\x00"))
put("bmp_palette.ok.bmp", bmp_pal(2, b"\x00\x01\x00\x00\x01\x00\x00\x00"))
# width 2^24 + 1: beyond stb_image's STBI_MAX_DIMENSIONS
put("bmp_stb.bad.bmp", b"BM" + struct.pack("<IHHI", 54, 0, 0, 54) +
    struct.pack("<IiiHHIIiiII", 40, (1 << 24) + 1, 1, 1, 8, 0, 0, 0, 0, 0, 0))

# ---------------------------------------------------------------- PSD
def psd(w, h, channels, compression, data):
    head = (b"8BPS" + struct.pack(">H6xHIIHH", 1, channels, h, w, 8, 3) +
            struct.pack(">III", 0, 0, 0) + struct.pack(">H", compression))
    return head + data


put("psd_raw.bad.psd", psd(4, 4, 3, 0, bytes(3 * 16 - 1)))
put("psd_raw.ok.psd", psd(4, 4, 3, 0, bytes(3 * 16)))
# RLE: per-row counts (3 channels x 4 rows), then per channel one run of
# 16 values: 0xf1 (= -15: 16 copies) and the value; the last one missing
counts = struct.pack(">12H", *([2] * 12))
put("psd_rle.bad.psd", psd(4, 4, 3, 1, counts + b"\xf1\x10" * 2 + b"\xf1"))
put("psd_rle.ok.psd", psd(4, 4, 3, 1, counts + b"\xf1\x10" * 3))

# ---------------------------------------------------------------- HDR
def hdr(w, h, data):
    return (b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y %d +X %d\n" % (h, w) +
            data)


# RLE scanlines of width 8: header 2 2 0 8, then per component one run of
# 8 (count 136) and its value.  The file stops inside the second row (stb
# would spin for ever there: a zero count reads nothing and stb's reader
# stops advancing at the end of the buffer).
row = b"\x02\x02\x00\x08" + b"\x88\x80" * 4
put("hdr_rle.bad.hdr", hdr(8, 2, row + row[:6]))
put("hdr_rle.ok.hdr", hdr(8, 2, row * 2))

# ---------------------------------------------------------------- PNM
# a 16-bit PGM label map with 3000 distinct values (semantic metrics: at
# most 2048 classes) and the same with 2000 values
def pgm16(w, h, values):
    return (b"P5\n%d %d\n65535\n" % (w, h) +
            b"".join(struct.pack(">H", v) for v in values))


put("labels3000.pgm", pgm16(60, 50, range(3000)))
put("labels2000.pgm", pgm16(40, 50, range(2000)))
