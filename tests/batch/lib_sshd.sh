# Sourced by tests/batch scripts (after tests/cli/lib.sh): a private sshd on
# the loopback interface, for GNU parallel's --sshlogin.
#
# start_sshd DIR: host key, user key, authorized_keys, known_hosts and an
# sshd_config in DIR; sshd listens on 127.0.0.1 only, at a free port above
# 1024 (never 22), in the foreground (-D) as a child of the test, killed by
# stop_sshd (called from the EXIT trap the caller sets).  Sets SSH_CFG (an
# ssh_config naming the hosts "host1" and "host2", both this sshd) and
# SSHD_PID.  Returns 77 with a "SKIP:" message when openssh is missing or
# the daemon does not come up.
start_sshd() {
    local d=$1
    local sshd
    sshd=$(command -v sshd || echo /usr/sbin/sshd)
    if [ ! -x "$sshd" ] || ! command -v ssh >/dev/null || ! command -v ssh-keygen >/dev/null; then
        echo "SKIP: openssh-server/openssh-client not installed (Debian: apt-get install openssh-server openssh-client)"
        return 77
    fi
    mkdir -p "$d" && chmod 700 "$d"
    ssh-keygen -q -t ed25519 -N '' -f "$d/host_key" || return 1
    ssh-keygen -q -t ed25519 -N '' -f "$d/user_key" || return 1
    cp "$d/user_key.pub" "$d/authorized_keys"
    chmod 600 "$d/authorized_keys"
    # a free port: bound by the kernel, then released for sshd
    SSHD_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # root's sshd needs its privilege-separation directory
    if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then mkdir -p /run/sshd && chmod 755 /run/sshd; fi
    cat >"$d/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $SSHD_PORT
HostKey $d/host_key
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
StrictModes no
AllowUsers $(id -un)
MaxStartups 50:30:100
MaxSessions 50
LogLevel ERROR
CFG
    echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$d/host_key.pub")" >"$d/known_hosts"
    cat >"$d/ssh_config" <<CFG
Host host1 host2
    HostName 127.0.0.1
    Port $SSHD_PORT
    User $(id -un)
    IdentityFile $d/user_key
    IdentitiesOnly yes
    UserKnownHostsFile $d/known_hosts
    StrictHostKeyChecking yes
    BatchMode yes
    ConnectTimeout 10
    LogLevel ERROR
    # one connection per host, shared by the many ssh/rsync calls that
    # parallel makes per job (a login costs ~1 s on a loaded machine)
    ControlMaster auto
    ControlPath $d/cm-%n
    ControlPersist 60
CFG
    SSH_CFG=$d/ssh_config
    "$sshd" -D -e -f "$d/sshd_config" 2>"$d/sshd.log" &
    SSHD_PID=$!
    local i
    for i in $(seq 50); do
        if ssh -F "$SSH_CFG" host1 true 2>/dev/null; then return 0; fi
        kill -0 "$SSHD_PID" 2>/dev/null || break
        sleep 0.2
    done
    echo "SKIP: the test's sshd on 127.0.0.1:$SSHD_PORT did not accept a login:"
    sed 's/^/  /' "$d/sshd.log" | head -5
    stop_sshd
    return 77
}

stop_sshd() {
    local h
    for h in host1 host2; do
        [ -n "${SSH_CFG:-}" ] && ssh -F "$SSH_CFG" -O exit $h 2>/dev/null
    done
    if [ -n "${SSHD_PID:-}" ]; then
        kill "$SSHD_PID" 2>/dev/null
        wait "$SSHD_PID" 2>/dev/null
        SSHD_PID=
    fi
}

# wait_remote_idle [SECONDS]: wait until no command runs in a session of the
# test's sshd (every process under SSHD_PID is an sshd).  A kill -9 of the
# local parallel leaves its remote jobs running: their --cleanup would then
# delete the files a resumed run has just transferred.  Returns 1 on timeout.
wait_remote_idle() {
    local t=${1:-30} i
    for i in $(seq $((t * 10))); do
        python3 - "$SSHD_PID" <<'PY' && return 0
import os, sys
root = int(sys.argv[1])
kids, comm = {}, {}
for p in os.listdir("/proc"):
    if not p.isdigit():
        continue
    try:
        st = open(f"/proc/{p}/stat").read()
    except OSError:
        continue
    r = st.rfind(")")
    kids.setdefault(int(st[r + 2:].split()[1]), []).append(int(p))
    comm[int(p)] = st[st.find("(") + 1:r]
stack, busy = [root], 0
while stack:
    for k in kids.get(stack.pop(), []):
        busy += comm.get(k) != "sshd"
        stack.append(k)
sys.exit(1 if busy else 0)
PY
        sleep 0.1
    done
    return 1
}
