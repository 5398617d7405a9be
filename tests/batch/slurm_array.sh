# docs/batch.md's Slurm job array, taken from the document, on a one-node
# Slurm that this test starts (Debian slurm-wlm + munge, as root: its own
# munge key and socket, its own slurm.conf, state and spool in the temp dir,
# controller and node on free ports of 127.0.0.1, killed at the end).
# 10 images in 3 array tasks (--shard K/3 each), the per-task --jsonl files
# merged by a dependent job: every mask equals the tool run by hand, every
# input is in exactly one shard (index - 1 = K mod 3) and in the merged
# report once.  Skips (77) when not root, when slurm/munge are missing, or
# when the daemons do not come up within 60 s (tests/batch/shard.sh tests
# --shard without Slurm).
. "$(dirname "$0")/../cli/lib.sh"
if [ "$(id -u)" != 0 ]; then echo "SKIP: a one-node Slurm needs root (slurmd)"; exit 77; fi
for t in slurmctld slurmd munged mungekey sbatch squeue sinfo python3; do
    if ! command -v $t >/dev/null && [ ! -x /usr/sbin/$t ]; then
        echo "SKIP: $t not installed (Debian: apt-get install slurm-wlm munge)"
        exit 77
    fi
done
PATH=$PATH:/usr/sbin
if ! "$BIN/segkit-threshold" --help | grep -q -- '--shard'; then
    echo "SKIP: segkit-threshold has no --shard yet"
    exit 77
fi
DOC=$(cd "$(dirname "$0")/../.." && pwd)/docs/batch.md
D=$TMP/slurm
PIDS=()
cleanup() {
    [ -n "${SLURM_CONF:-}" ] && scancel --quiet -u root 2>/dev/null
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$D/state" "$D/spool" "$D/munge" "$D/log"
chmod 700 "$D/munge"
mungekey -c -k "$D/munge/munge.key" 2>/dev/null || { echo "SKIP: mungekey failed"; exit 77; }
chmod 400 "$D/munge/munge.key"
munged -F --key-file="$D/munge/munge.key" --socket="$D/munge/sock" \
    --pid-file="$D/munge/pid" --log-file="$D/munge/log" --seed-file="$D/munge/seed" --force \
    2>"$D/log/munged.err" &
PIDS+=($!)
ports=$(python3 -c 'import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
set -- $ports
H=$(hostname)
cat >"$D/slurm.conf" <<CFG
ClusterName=segkit-test
SlurmctldHost=$H(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
AuthType=auth/munge
AuthInfo=socket=$D/munge/sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
NodeName=$H NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$H Default=YES MaxTime=10 State=UP
CFG
export SLURM_CONF=$D/slurm.conf
slurmctld -D -f "$SLURM_CONF" >"$D/log/ctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" >"$D/log/d.out" 2>&1 &
PIDS+=($!)
up=0
for i in $(seq 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -q idle; then up=1; break; fi
    sleep 1
done
if [ $up = 0 ]; then
    echo "SKIP: the test's Slurm did not come up in 60 s:"
    tail -n 3 "$D/log/"* | sed 's/^/  /'
    exit 77
fi

# 10 gray images, a list of them, the array script from docs/batch.md
mkdir -p "$TMP/w/images" && cd "$TMP/w" || exit 1
python3 - <<'PY'
import random
random.seed(7)
for i in range(10):
    w, h = 48, 32
    px = bytearray(min(255, 20 + x + random.randint(0, 30) + (150 if (x - 24) ** 2 + (y - 16) ** 2 < (4 + i) ** 2 else 0))
                   for y in range(h) for x in range(w))
    open(f"images/p{i}.pgm", "wb").write(b"P5\n%d %d\n255\n" % (w, h) + bytes(px))
PY
ls images/*.pgm >list.txt
{ echo '#!/bin/bash'; awk '/^# otsu-array.sh/ { on = 1 } /^```$/ { on = 0 } on' "$DOC"; } >otsu-array.sh
CHECKS=$((CHECKS + 1))
grep -q -- '--shard' otsu-array.sh || fail "no array script in docs/batch.md"
mkdir -p logs masks reports
export PATH=$BIN:$PATH
array=$(sbatch --parsable --array=0-2 --cpus-per-task=1 otsu-array.sh list.txt)   # the node has 2 CPUs
CHECKS=$((CHECKS + 1))
[ -n "$array" ] || fail "sbatch refused the array"
merge=$(sbatch --parsable --dependency=afterany:$array --wrap 'cat reports/part-*.jsonl > report.jsonl')
for i in $(seq 120); do
    [ -z "$(squeue -h 2>/dev/null)" ] && break
    sleep 1
done
CHECKS=$((CHECKS + 1))
[ -z "$(squeue -h)" ] || { fail "jobs still queued after 120 s:"; squeue; }
for i in $(seq 0 9); do
    "$BIN/segkit-threshold" -m otsu images/p$i.pgm ref$i.png
    same ref$i.png masks/p$i.png
done
CHECKS=$((CHECKS + 1))
python3 - <<'PY' >"$TMP/check.out" 2>&1 || fail "reports: $(cat "$TMP/check.out")"
import json
rows = [json.loads(l) for l in open("report.jsonl")]
assert len(rows) == 10, f"{len(rows)} lines in report.jsonl"
assert sorted(r["index"] for r in rows) == list(range(1, 11)), "indexes"
assert all(r["status"] == "ok" for r in rows), "statuses"
for k in range(3):
    part = [json.loads(l) for l in open(f"reports/part-{k}.jsonl")]
    assert part and all((r["index"] - 1) % 3 == k for r in part), f"shard {k}: {[r['index'] for r in part]}"
PY
if [ "$FAILS" != 0 ]; then
    for k in 0 1 2; do sed 's/^/  task log: /' logs/${array}_$k.out | head -3; done
fi
cd / && finish
