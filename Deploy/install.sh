#!/usr/bin/env bash
# Installs readinessd as a systemd service on this machine (run as root from the repository root):
#   binary   /usr/local/bin/readinessd
#   config   /etc/readinessd/readinessd.yaml  (kept if present), readinessd.env for secrets
#   snapshot /etc/readinessd/registry.json + artifacts/ (the sample; replace with yours)
#   units    /etc/systemd/system/readinessd.service, readinessd-fleet.service + .timer (nightly report; not enabled)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product readinessd
install -m 0755 .build/release/readinessd /usr/local/bin/readinessd
install -d -m 0750 /etc/readinessd
if [ ! -e /etc/readinessd/readinessd.yaml ]; then
    install -m 0640 Config/readinessd.yaml /etc/readinessd/readinessd.yaml
    cp -r Config/registry.json Config/artifacts /etc/readinessd/
fi
[ -e /etc/readinessd/readinessd.env ] || install -m 0600 /dev/null /etc/readinessd/readinessd.env
install -d /usr/local/share/doc/readinessd && install -m 0644 README.md /usr/local/share/doc/readinessd/
install -m 0644 Deploy/systemd/readinessd.service /etc/systemd/system/readinessd.service
install -m 0644 Deploy/systemd/readinessd-fleet.service Deploy/systemd/readinessd-fleet.timer /etc/systemd/system/
systemctl daemon-reload
echo "installed; edit /etc/readinessd/readinessd.yaml (kafka.bootstrap_servers), then: systemctl enable --now readinessd"
echo "nightly fleet report (optional): systemctl enable --now readinessd-fleet.timer"
