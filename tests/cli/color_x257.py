# An 8-bit PPM of varied colours (smooth ramps, flat patches, pseudo-random
# pixels, reds on both sides of hue 0) and its 16-bit x257 twin (each sample
# byte doubled: v * 257 big-endian).
import sys, random
w, h = 96, 64
rnd = random.Random(12)
px = []
for y in range(h):
    for x in range(w):
        if x < 32:
            c = (x * 8, y * 4, 255 - x * 4)              # ramps
        elif x < 64:
            c = [(200, 10, 20), (250, 20, 5), (30, 140, 40), (240, 240, 235)][(y // 16)]
            c = tuple(min(255, v + rnd.randrange(8)) for v in c)   # noisy patches
        else:
            c = tuple(rnd.randrange(256) for _ in range(3))
        px.append(c)
raw8 = bytes(v for c in px for v in c)
with open(sys.argv[1], 'wb') as f:
    f.write(b'P6\n%d %d\n255\n' % (w, h) + raw8)
with open(sys.argv[2], 'wb') as f:
    f.write(b'P6\n%d %d\n65535\n' % (w, h) + bytes(b for v in raw8 for b in (v, v)))
