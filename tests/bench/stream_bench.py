#!/usr/bin/python3
"""Frame-stream benchmark (issue 14): a 1080p video made on the fly by
ffmpeg (lavfi testsrc2, yuv420p, 30 fps; never stored) piped as Y4M through
segkit-threshold -m otsu - - into /dev/null:

  ffmpeg -f lavfi -i testsrc2=size=1920x1080:rate=30 -t SECONDS -pix_fmt yuv420p \
         -f yuv4mpegpipe - | segkit-threshold -m otsu [--jobs J] - - >/dev/null

Reports frames per second (frames / wall time of the pipe), segkit's CPU
time, and its resident memory sampled every second (first sample after 5 s,
the last, the peak; plus the kernel's ru_maxrss at the end): flat memory
means the last and the 5-s sample agree.  ffmpeg alone (to /dev/null) is
timed first, since the pipe cannot go faster than its source.

usage: stream_bench.py BIN_DIR [SECONDS=60] [JOBS=0 (segkit's default)]
"""
import os
import subprocess
import sys
import threading
import time


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    th = os.path.join(os.path.abspath(sys.argv[1]), "segkit-threshold")
    secs = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    frames = secs * 30
    gen = ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
           "testsrc2=size=1920x1080:rate=30", "-t", str(secs), "-pix_fmt", "yuv420p",
           "-f", "yuv4mpegpipe", "-"]
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run(gen, stdout=null, check=True)
    gen_wall = time.perf_counter() - t0
    print(f"ffmpeg alone: {frames} frames 1920x1080 in {gen_wall:.1f} s = {frames / gen_wall:.0f} fps",
          flush=True)

    cmd = [th, "-m", "otsu"] + (["--jobs", str(jobs)] if jobs else []) + ["-", "-"]
    null = open(os.devnull, "wb")
    t0 = time.perf_counter()
    g = subprocess.Popen(gen, stdout=subprocess.PIPE)
    s = subprocess.Popen(cmd, stdin=g.stdout, stdout=null)
    g.stdout.close()
    samples = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            r = rss_kib(s.pid)
            if r:
                samples.append((time.perf_counter() - t0, r))
            done.wait(1.0)

    th_s = threading.Thread(target=sample)
    th_s.start()
    _, status, ru = os.wait4(s.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    th_s.join()
    g.wait()
    if status != 0 or g.returncode != 0:
        sys.exit(f"pipe failed: segkit {status}, ffmpeg {g.returncode}")
    after5 = next((r for t, r in samples if t >= 5), samples[0][1] if samples else 0)
    last = samples[-1][1] if samples else 0
    peak = max((r for _, r in samples), default=0)
    print(f"segkit-threshold -m otsu{' --jobs %d' % jobs if jobs else ''} - -: {frames} frames in "
          f"{wall:.1f} s = {frames / wall:.1f} fps; segkit CPU {ru.ru_utime + ru.ru_stime:.1f} s "
          f"({(ru.ru_utime + ru.ru_stime) / frames * 1e3:.2f} ms/frame)")
    print(f"  RSS: {after5 / 1024:.1f} MiB at 5 s, {last / 1024:.1f} MiB at the end, "
          f"peak sampled {peak / 1024:.1f} MiB, ru_maxrss {ru.ru_maxrss / 1024:.1f} MiB "
          f"({len(samples)} samples); load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
