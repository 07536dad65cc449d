#!/usr/bin/env bash
# Prepares this machine for certsweep, idempotently and quietly when nothing is missing:
#   1. the C++ runtime TorchSharp 0.107's native library needs (libstdc++ with GLIBCXX_3.4.32);
#   2. Debian packages: the Fashion-MNIST data set and a font for the plots, plus redis-server, prometheus and
#      procps for --tests;
#   3. the NuGet packages of the solution.
# Usage: scripts/setup.sh [--tests]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_tests=0
[[ "${1:-}" == "--tests" ]] && want_tests=1

say() { printf 'setup: %s\n' "$*" >&2; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

os_id=""; os_version=""; os_like=""
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  os_id="${ID:-}"; os_version="${VERSION_ID:-}"; os_like="${ID_LIKE:-}"
fi
is_debian_family() { [[ "$os_id" == debian || "$os_id" == ubuntu || "$os_like" == *debian* ]]; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 99
  fi
}
need_root() { # $1: what we are about to do, $2: the command a person can run instead
  [[ $(id -u) -eq 0 ]] && return 0
  command -v sudo >/dev/null && sudo -n true 2>/dev/null && return 0
  fail "$1 needs root. Run this script as root (or with passwordless sudo), or run by hand: $2"
}

apt_log=$(mktemp)
trap 'rm -f "$apt_log"' EXIT
# Runs apt-get quietly; its output is shown only when it fails.
apt_quiet() {
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get "$@" >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    return 1
  fi
}
apt_updated=0
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then
    apt_quiet update -qq || fail "apt-get update failed (see above); check that the Debian mirrors are reachable."
    apt_updated=1
  fi
}

# --- 1. libstdc++ new enough for TorchSharp's libtorch (GLIBCXX_3.4.32 = GCC 13) -------------
libstdcxx_path() {
  local p
  p=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}')
  [[ -n "$p" ]] || p=$(ls /usr/lib/*-linux-gnu/libstdc++.so.6 2>/dev/null | head -n1)
  printf '%s' "$p"
}
has_glibcxx_3_4_32() {
  local p; p=$(libstdcxx_path)
  [[ -n "$p" ]] && grep -qa 'GLIBCXX_3\.4\.32' "$p"
}

if ! has_glibcxx_3_4_32; then
  if [[ "$os_id" == debian && "$os_version" == 12 ]]; then
    need_root "Upgrading libstdc++6 from Debian 13 (TorchSharp needs GLIBCXX_3.4.32)" \
      "add the trixie suite with a low pin priority and 'apt-get install -t trixie libstdc++6'"
    say "Debian 12's libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp 0.107 needs; installing libstdc++6 from Debian 13 (trixie) with its dependencies (libc6 2.41, libgcc-s1, gcc-14-base); the suite is pinned low, so nothing else comes from it."
    as_root tee /etc/apt/sources.list.d/certsweep-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    as_root tee /etc/apt/preferences.d/certsweep-trixie >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
    apt_update_once
    apt_quiet install -y -qq -t trixie libstdc++6 || fail "apt-get install -t trixie libstdc++6 failed (see above)."
    has_glibcxx_3_4_32 || fail "libstdc++6 from trixie is installed but GLIBCXX_3.4.32 is still missing in $(libstdcxx_path)."
    say "libstdc++6 upgraded: $(dpkg-query -W -f='${Version}' libstdc++6)."
  elif is_debian_family; then
    fail "this ${os_id} ${os_version} has no GLIBCXX_3.4.32 in $(libstdcxx_path); TorchSharp 0.107 needs libstdc++ from GCC 13 or newer. Install a newer libstdc++6 (Ubuntu 24.04 and Debian 13 ship one)."
  else
    fail "TorchSharp 0.107 needs libstdc++ with GLIBCXX_3.4.32 (GCC 13+), not found in '$(libstdcxx_path)'; this script only knows how to fix that on Debian 12. Install GCC 13's libstdc++ with your package manager."
  fi
fi

# --- 2. Debian packages ----------------------------------------------------------------------
# fonts-dejavu-core: the text of the report's plots (a minimal Debian 12 has no font; the plots came out without text).
packages=(dataset-fashion-mnist fonts-dejavu-core)
# procps: the tests signal processes with kill(1), which minimal images (debootstrap, containers) lack.
[[ $want_tests -eq 1 ]] && packages+=(redis-server prometheus procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  if ! is_debian_family || ! command -v apt-get >/dev/null; then
    fail "missing ${missing[*]}; this script installs them with apt on Debian/Ubuntu only. Install them by hand (Fashion-MNIST IDX files under /usr/share/datasets/fashion-mnist/, the DejaVu fonts, redis-server, prometheus and kill on PATH)."
  fi
  need_root "Installing ${missing[*]}" "apt-get install ${missing[*]}"
  say "installing ${missing[*]} ..."
  apt_update_once
  # Package scripts must not leave system daemons behind: tests start their own on free ports.
  policy_rc=/usr/sbin/policy-rc.d
  created_policy=0
  if [[ ! -e $policy_rc ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy_rc && chmod +x $policy_rc"
    created_policy=1
  fi
  status=0
  apt_quiet install -y -qq --no-install-recommends "${missing[@]}" || status=$?
  [[ $created_policy -eq 1 ]] && as_root rm -f $policy_rc
  [[ $status -eq 0 ]] || fail "apt-get install ${missing[*]} failed (exit $status)."
fi

# --- 3. .NET SDK and NuGet packages ----------------------------------------------------------
command -v dotnet >/dev/null || fail "the .NET 10 SDK is not on PATH; install it from https://dot.net (dotnet-sdk-10.0)."
sdk_major=$(dotnet --version 2>/dev/null | cut -d. -f1)
[[ "${sdk_major:-0}" -ge 10 ]] || fail "certsweep needs the .NET 10 SDK; 'dotnet --version' says $(dotnet --version 2>/dev/null || echo none)."
if ! dotnet restore "$repo/Distributed.sln" --nologo -v quiet >"$apt_log" 2>&1; then
  cat "$apt_log" >&2
  fail "restoring NuGet packages failed (see above); check that nuget.org is reachable."
fi
