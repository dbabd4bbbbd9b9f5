#!/usr/bin/env bash
# Removes what Deploy/install.sh installed, except the configuration
# (/etc/readinessd stays, with its secrets file, for a later reinstall):
# stops and disables the units, removes them, the binary and the docs.
# The fleet reports in /var/lib/private/readinessd-fleet (systemd's
# StateDirectory=, not created by install.sh) are kept; remove them with
# `rm -rf /var/lib/private/readinessd-fleet /var/lib/readinessd-fleet`.
# Run as root. Idempotent.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "uninstall.sh: run as root" >&2; exit 1; }

units=(readinessd-fleet.timer readinessd-fleet.service readinessd.service)
if [ -d /run/systemd/system ]; then
    for unit in "${units[@]}"; do
        if [ -e "/etc/systemd/system/$unit" ]; then
            systemctl disable --now "$unit" 2>/dev/null || systemctl stop "$unit" 2>/dev/null || true
        fi
    done
fi
for unit in "${units[@]}"; do rm -f "/etc/systemd/system/$unit"; done
rm -f /usr/local/bin/readinessd /usr/local/bin/.readinessd.new
rm -rf /usr/local/share/doc/readinessd
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl reset-failed readinessd.service readinessd-fleet.service 2>/dev/null || true
fi
echo "uninstalled readinessd; kept /etc/readinessd (configuration and secrets)"
