#!/usr/bin/env bash
# Run the Garnetics test suite. Installs what the tests need when it is missing:
#   - Debian packages: lammps + lammps-examples (parity reference, `lmp`), python3 numpy/scipy/mpmath (independent sums),
#     python3-mdanalysis and python3-pymatgen (references for analysis and space groups),
#     libfftw3-double3 (libfftw3.so.3 + libfftw3_threads.so.3 for PPPM's FFTW path; only transitively via liblammps0,
#     so it is checked and installed explicitly: the FFTW tests fail, never skip, without it)
#   - the .NET SDK must already be installed (net10.0)
# Usage: tools/test.sh [extra dotnet test args]
set -uo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
command -v lmp >/dev/null 2>&1 || need_pkgs+=(lammps)
[ -f /usr/share/lammps/examples/melt/in.melt ] || need_pkgs+=(lammps-examples)
/usr/bin/python3 -c "import numpy, scipy, mpmath" >/dev/null 2>&1 || need_pkgs+=(python3-numpy python3-scipy python3-mpmath)
/usr/bin/python3 -c "import MDAnalysis" >/dev/null 2>&1 || need_pkgs+=(python3-mdanalysis)
/usr/bin/python3 -c "import pymatgen.core" >/dev/null 2>&1 || need_pkgs+=(python3-pymatgen)
{ ls /usr/lib/x86_64-linux-gnu/libfftw3.so.3 && ls /usr/lib/x86_64-linux-gnu/libfftw3_threads.so.3; } >/dev/null 2>&1 || need_pkgs+=(libfftw3-double3)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need_pkgs[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null || echo "warning: apt-get update failed"
  $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null || { echo "ERROR: could not install ${need_pkgs[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

if [ ! -e ../shared/data ]; then
  echo "ERROR: reference data ../shared/data (beside the repository) is missing"
  echo "0 passed, 1 failed"
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
echo "== build (Release)"
blog=$(mktemp)
dotnet build Garnetics.sln -c Release -nologo -v q >"$blog" 2>&1
brc=$?
tail -20 "$blog"; rm -f "$blog"
if [ "$brc" -ne 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

echo "== test"
log=$(mktemp)
dotnet test Garnetics.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=0; failed=0; skipped=0
while read -r f p s; do
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done < <(grep -E "Failed:[[:space:]]*[0-9]+, Passed:[[:space:]]*[0-9]+, Skipped:[[:space:]]*[0-9]+" "$log" \
          | sed -E 's/.*Failed:[[:space:]]*([0-9]+), Passed:[[:space:]]*([0-9]+), Skipped:[[:space:]]*([0-9]+).*/\1 \2 \3/')
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
[ "$skipped" -gt 0 ] && echo "($skipped tests skipped)"
echo "$passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
