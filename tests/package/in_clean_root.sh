#!/bin/sh
# Runs inside the clean Debian 12 root that package_test makes: installs the package with apt
# (so its Depends must be complete), does what docs/operations.md tells an operator to do
# (keys, the SMTP password, check-config, migrate), starts the binary as user samtal and asks
# /healthz and /readyz, then purges the package. Every step that fails ends the test.
#   in_clean_root.sh /tmp/samtal_<version>_amd64.deb
set -eu
deb="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "$deb" >/tmp/apt.log 2>&1 || { cat /tmp/apt.log >&2; fail "apt could not install $deb"; }
command -v samtal >/dev/null || fail "no samtal on the PATH"
samtal --help | grep -q 'samtal backup' || fail "--help does not list backup"
getent passwd samtal >/dev/null || fail "no system user samtal"
[ "$(stat -c '%U %a' /var/lib/samtal)" = "samtal 700" ] || fail "/var/lib/samtal: $(stat -c '%U %a' /var/lib/samtal)"
[ "$(stat -c '%U:%G %a' /etc/samtal/samtal.toml)" = "root:samtal 640" ] || fail "samtal.toml: $(stat -c '%U:%G %a' /etc/samtal/samtal.toml)"
dpkg-query -W -f='${Conffiles}\n' samtal | grep -q '/etc/samtal/samtal.toml' || fail "samtal.toml is no conffile"
[ -e /lib/systemd/system/samtal.service ] || fail "no systemd unit"
grep -q '^ExecStart=/usr/bin/samtal serve' /lib/systemd/system/samtal.service || fail "the unit does not run /usr/bin/samtal"
[ -z "$(ls -A /etc/samtal/keys)" ] || fail "the package made keys"

# As the operator: the keys, the relay's password.
key() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
key >/etc/samtal/keys/code.key
key >/etc/samtal/keys/seal.key
chown root:samtal /etc/samtal/keys/code.key /etc/samtal/keys/seal.key
chmod 0640 /etc/samtal/keys/code.key /etc/samtal/keys/seal.key
export SAMTAL_SMTP_PASSWORD=test-password

samtal check-config --config /etc/samtal/samtal.toml || fail "check-config refused the installed configuration"
runuser -u samtal -- samtal migrate --config /etc/samtal/samtal.toml --data-dir /var/lib/samtal ||
    fail "migrate failed"

# setpriv execs samtal itself (runuser would stay between), so the signal below reaches it.
# A samtal left running would keep mmdebstrap from unmounting the root: it goes on any exit.
: >/tmp/serve.out
pid=""
trap '[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true' EXIT
setpriv --reuid=samtal --regid=samtal --init-groups -- samtal serve --config /etc/samtal/samtal.toml \
    --data-dir /var/lib/samtal --listen 127.0.0.1:0 >/tmp/serve.out 2>/tmp/serve.log &
pid=$!
port=""
for _ in $(seq 100); do
    port="$(sed -n 's|^samtal listening on http://127.0.0.1:\([0-9]*\)$|\1|p' /tmp/serve.out)"
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { cat /tmp/serve.log >&2; fail "samtal exited at start"; }
    sleep 0.1
done
[ -n "$port" ] || fail "samtal did not start"
health="$(curl -s --max-time 5 "http://127.0.0.1:$port/healthz")"
ready="$(curl -s --max-time 5 "http://127.0.0.1:$port/readyz")"
kill -TERM "$pid"
wait "$pid" || { cat /tmp/serve.log >&2; fail "samtal did not stop cleanly"; }
pid=""
[ "$health" = '{"status":"up"}' ] || fail "/healthz said: $health"
echo "$ready" | grep -q '"status":"ready"' || fail "/readyz said: $ready"

apt-get purge -y samtal >/tmp/purge.log 2>&1 || { cat /tmp/purge.log >&2; fail "purge failed"; }
[ ! -e /usr/bin/samtal ] || fail "purge left /usr/bin/samtal"
[ ! -e /var/lib/samtal ] || fail "purge left /var/lib/samtal"
[ ! -e /etc/samtal/samtal.toml ] || fail "purge left the configuration"
[ -e /etc/samtal/keys/seal.key ] || fail "purge removed the operator's keys"
echo "package: installed, checked, migrated, served /healthz and /readyz, purged"
