#!/usr/bin/env bash
# Debian packages the tests and packets need: headless Chromium for browser tests, CJK fonts
# for PDF packets, poppler-utils (pdftotext/pdffonts) and LibreOffice to check DOCX/XLSX.
# Installs only what is missing, so a second run costs nothing.
set -euo pipefail
packages=(chromium fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "安装系统软件包：${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
