#!/usr/bin/env bash
# Build 法治台账 on Linux, the CI check of the Windows packaging: the PyInstaller one-folder
# build, the frozen application's self-check (offscreen), then the NSIS installer script.
#
#   installer/build.sh [--fast] [--no-installer] OUTPUT_DIR
#
# OUTPUT_DIR receives LawLedger/ (the build), work/ (PyInstaller's scratch files) and
# 法治台账-安装程序-<version>.exe. --fast stores the installer uncompressed (seconds instead of
# minutes); --no-installer stops after the self-check. Needs `pip install ".[test]"` (it holds
# PyInstaller) and, for the installer, makensis (Debian: apt-get install nsis).
set -euo pipefail

fast=0
installer=1
out=""
for arg in "$@"; do
    case "$arg" in
        --fast) fast=1 ;;
        --no-installer) installer=0 ;;
        -h | --help)
            sed -n '2,10p' "$0"
            exit 0
            ;;
        -*)
            echo "unknown option: $arg" >&2
            exit 2
            ;;
        *) out="$arg" ;;
    esac
done
if [[ -z "$out" ]]; then
    echo "usage: installer/build.sh [--fast] [--no-installer] OUTPUT_DIR" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
python=${PYTHON:-python}
cd "$root"

version=$("$python" -c 'import desktop_app; print(desktop_app.__version__)')
file_version=$("$python" -c '
import re, sys
numbers = [int(n) for n in re.findall(r"\d+", sys.argv[1].split("+")[0])[:4]]
print(".".join(map(str, (numbers + [0, 0, 0, 0])[:4])))
' "$version")

started=$(date +%s)
echo "== PyInstaller: 法治台账 ${version} -> ${out}/LawLedger"
"$python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$out" --workpath "$out/work" installer/lawledger.spec
built=$(date +%s)
echo "   built in $((built - started)) s, $(du -sh "$out/LawLedger" | cut -f1)"

echo "== Self-check of the frozen application"
QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" LAWLEDGER_DATA_DIR="$out/selfcheck-data" \
    "$out/LawLedger/LawLedger" --self-check

if ((installer == 0)); then
    exit 0
fi
if ! command -v makensis >/dev/null 2>&1; then
    echo "makensis not found: install NSIS (Debian: apt-get install nsis)" >&2
    exit 1
fi
echo "== NSIS installer"
compressor=()
if ((fast)); then
    compressor=(-DCOMPRESSOR=none)
fi
makensis -V2 -WX -DVERSION="$version" -DFILE_VERSION="$file_version" \
    -DSOURCE_DIR="$out/LawLedger" -DOUT_DIR="$out" ${compressor[@]+"${compressor[@]}"} \
    installer/lawledger.nsi
setup="$out/法治台账-安装程序-${version}.exe"
echo "   $setup ($(du -h "$setup" | cut -f1)) in $(($(date +%s) - built)) s"
