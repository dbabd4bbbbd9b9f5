#!/usr/bin/env bash
# Installs (or upgrades) readinessd as a systemd service on this machine. Run as
# root from a checkout:
#   Deploy/install.sh                  builds the release binary, then installs
#   Deploy/install.sh --binary PATH    installs a prebuilt binary, no build
#
#   binary   /usr/local/bin/readinessd                      root:root 0755 (replaced atomically)
#   config   /etc/readinessd/                               root:root 0755
#            /etc/readinessd/readinessd.yaml                root:root 0644 (kept if present; no secrets)
#            /etc/readinessd/readinessd.env                 root:root 0600 (kept; secrets, read by systemd)
#            /etc/readinessd/registry.json + artifacts/     root:root 0644/0755 (the sample, only on first install)
#   units    /etc/systemd/system/readinessd.service,
#            readinessd-fleet.service, readinessd-fleet.timer  root:root 0644
#   docs     /usr/local/share/doc/readinessd/                  root:root 0644
# The service runs as a DynamicUser; it reads the configuration through the
# world-readable folder and writes only /run/readinessd (RuntimeDirectory=).
# Nothing is enabled or restarted: the last lines say what to run. Idempotent.
# Deploy/uninstall.sh removes all of this except /etc/readinessd.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=${2:?--binary needs a path}; shift 2 ;;
        --binary=*) binary=${1#--binary=}; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (usage: install.sh [--binary PATH])" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
if [ -z "$binary" ]; then
    swift build -c release --product readinessd
    binary=.build/release/readinessd
fi
[ -x "$binary" ] || { echo "install.sh: $binary is not an executable file" >&2; exit 1; }

# Binary: copy beside, then rename, so a running daemon's executable is never overwritten in place.
install -d -m 0755 /usr/local/bin
install -m 0755 -o root -g root "$binary" /usr/local/bin/.readinessd.new
mv -f /usr/local/bin/.readinessd.new /usr/local/bin/readinessd

# Configuration: readable by the dynamic user (systemd neither chowns a
# ConfigurationDirectory= nor changes the mode of an existing one).
install -d -m 0755 -o root -g root /etc/readinessd
chmod 0755 /etc/readinessd
if [ ! -e /etc/readinessd/readinessd.yaml ]; then
    install -m 0644 -o root -g root Config/readinessd.yaml /etc/readinessd/readinessd.yaml
    [ -e /etc/readinessd/registry.json ] || install -m 0644 -o root -g root Config/registry.json /etc/readinessd/registry.json
    if [ ! -e /etc/readinessd/artifacts ]; then
        install -d -m 0755 -o root -g root /etc/readinessd/artifacts
        install -m 0644 -o root -g root Config/artifacts/* /etc/readinessd/artifacts/
    fi
else
    # An upgrade from an install that made these 0640/0750: the service could not read them.
    mode=$(stat -c %a /etc/readinessd/readinessd.yaml)
    if [ "$mode" != 644 ]; then
        chmod 0644 /etc/readinessd/readinessd.yaml
        echo "note: /etc/readinessd/readinessd.yaml was $mode, now 0644 (the service user must read it);" \
             "keep secrets in /etc/readinessd/readinessd.env only"
    fi
    [ ! -e /etc/readinessd/registry.json ] || chmod a+r /etc/readinessd/registry.json
    [ ! -d /etc/readinessd/artifacts ] || chmod -R a+rX /etc/readinessd/artifacts
fi
if [ ! -e /etc/readinessd/readinessd.env ]; then
    install -m 0600 -o root -g root /dev/null /etc/readinessd/readinessd.env
    echo "# READINESSD_<KEY>=value overrides readinessd.yaml; secrets go here, e.g." >>/etc/readinessd/readinessd.env
    echo "# READINESSD_KAFKA_PROPERTIES_SASL_PASSWORD=..." >>/etc/readinessd/readinessd.env
fi
chown root:root /etc/readinessd/readinessd.env
chmod 0600 /etc/readinessd/readinessd.env

install -d -m 0755 /usr/local/share/doc/readinessd
install -m 0644 README.md /usr/local/share/doc/readinessd/README.md
[ ! -e docs/operations.md ] || install -m 0644 docs/operations.md /usr/local/share/doc/readinessd/operations.md

install -m 0644 -o root -g root Deploy/systemd/readinessd.service Deploy/systemd/readinessd-fleet.service \
    Deploy/systemd/readinessd-fleet.timer /etc/systemd/system/
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
fi

echo "installed /usr/local/bin/readinessd (sha256 $(sha256sum /usr/local/bin/readinessd | cut -c1-16)) from $binary"
if [ -d /run/systemd/system ] && systemctl is-active --quiet readinessd.service; then
    echo "readinessd is running the previous binary: systemctl restart readinessd"
else
    echo "edit /etc/readinessd/readinessd.yaml (kafka.bootstrap_servers), then: systemctl enable --now readinessd"
fi
echo "nightly fleet report (optional): systemctl enable --now readinessd-fleet.timer"
