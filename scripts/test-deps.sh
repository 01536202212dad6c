#!/usr/bin/env bash
# Installs what Ferry's tests and benchmarks need on Debian 12: vsftpd, lftp,
# curl and openssl from apt, and pure-ftpd unpacked into .cache/pure-ftpd
# (vsftpd and pure-ftpd conflict as packages, so pure-ftpd is not installed).
# Safe to run again: it only does what is missing. Run as root, or as a user
# who may sudo.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="$repo/.cache/pure-ftpd"
pureftpd="$cache/usr/sbin/pure-ftpd"
packages=(vsftpd lftp curl openssl)

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	sudo=(sudo)
fi

installed() {
	dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

policy=/usr/sbin/policy-rc.d
policy_backup=""

# Keep apt from starting an FTP server as a system service while installing.
block_services() {
	if [ -e "$policy" ]; then
		policy_backup="$(mktemp)"
		"${sudo[@]}" cp -p "$policy" "$policy_backup"
	fi
	printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
	"${sudo[@]}" chmod 755 "$policy"
	trap restore_services EXIT
}

restore_services() {
	if [ -n "$policy_backup" ]; then
		"${sudo[@]}" cp -p "$policy_backup" "$policy"
		rm -f "$policy_backup"
	else
		"${sudo[@]}" rm -f "$policy"
	fi
}

apt_updated=no
apt_install() {
	[ "$#" -gt 0 ] || return 0
	if [ "$apt_updated" = no ]; then
		block_services
		"${sudo[@]}" apt-get update -q
		apt_updated=yes
	fi
	echo "test-deps: installing $*"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

missing=()
for p in "${packages[@]}"; do
	installed "$p" || missing+=("$p")
done
apt_install "${missing[@]}"

if [ ! -x "$pureftpd" ]; then
	if [ "$apt_updated" = no ] && ! apt-cache show pure-ftpd >/dev/null 2>&1; then
		block_services
		"${sudo[@]}" apt-get update -q
		apt_updated=yes
	fi
	work="$(mktemp -d)"
	sandbox=() # as root, apt would drop to a user that cannot write in $work
	[ "$(id -u)" -ne 0 ] || sandbox=(-o APT::Sandbox::User=root)
	(cd "$work" && apt-get download -q "${sandbox[@]}" pure-ftpd)
	mkdir -p "$cache"
	dpkg -x "$work"/pure-ftpd_*.deb "$cache"
	# Libraries the binary needs, from the package's own dependencies.
	libs=()
	for dep in $(dpkg-deb -f "$work"/pure-ftpd_*.deb Depends | tr ',|' '\n\n' | awk '{print $1}'); do
		case "$dep" in
		lib*) installed "$dep" || libs+=("$dep") ;;
		esac
	done
	rm -rf "$work"
	apt_install "${libs[@]}"
fi

if ldd "$pureftpd" | grep -q 'not found'; then
	echo "test-deps: $pureftpd lacks shared libraries:" >&2
	ldd "$pureftpd" | grep 'not found' >&2
	exit 1
fi
echo "test-deps: vsftpd $(command -v vsftpd || echo /usr/sbin/vsftpd), pure-ftpd $pureftpd: ready"
