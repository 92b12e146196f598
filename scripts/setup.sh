#!/usr/bin/env bash
# Installs what the project needs; quick when nothing changed (stamp files in var/).
#  - Debian packages: postgresql, node-less (lessc), wkhtmltopdf, chromium, fonts, poppler-utils,
#    nginx and openssl (the production layout and its tests; the project runs nginx with its
#    own configuration in var/, so the Debian service that the package installs is stopped
#    and disabled when this script installed it)
#    (installed with apt-get when missing; as non-root, install them by hand, see README)
#  - .venv: Python packages from requirements*.txt (Odoo 11 wheels with --no-deps)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/log

DEBS="postgresql node-less wkhtmltopdf chromium fonts-dejavu-core poppler-utils nginx openssl"
missing=""
for pkg in $DEBS; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >var/log/apt.log 2>&1
    apt-get install -y -qq --no-install-recommends $missing >>var/log/apt.log 2>&1 \
      || { tail -20 var/log/apt.log; exit 1; }
    case " $missing " in *" nginx "*)
      # Debian starts its own nginx on port 80 with a default site: not ours, turn it off
      if [ -d /run/systemd/system ]; then
        systemctl disable --now nginx >>var/log/apt.log 2>&1 || true
      else
        service nginx stop >>var/log/apt.log 2>&1 || true
        update-rc.d nginx disable >>var/log/apt.log 2>&1 || true
      fi
      echo "(Debian's nginx service is disabled: \`make prod\` runs nginx from var/prod/)";;
    esac
  else
    echo "Missing Debian packages:$missing" >&2
    echo "Install them as root: sudo apt-get install$missing" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment .venv"
  "$PYTHON" -m venv .venv
fi
stamp=var/requirements.sha1
want=$(cat requirements.txt requirements-odoo.txt requirements-test.txt constraints.txt | sha1sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing Python packages into .venv (about a minute)"
  # (this machine's pip configuration warns about every missing local index: hide that)
  .venv/bin/pip install -q --disable-pip-version-check -c constraints.txt \
    -r requirements.txt -r requirements-test.txt 2> >(grep -v "^WARNING: Location" >&2)
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -r requirements-odoo.txt \
    2> >(grep -v "^WARNING: Location" >&2)
  echo "$want" > "$stamp"
fi

# this machine's master password (only its hash, in var/odoo-local.conf; not in git)
.venv/bin/python bin/ksm-odoo --version >/dev/null
