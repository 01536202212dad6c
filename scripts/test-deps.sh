#!/usr/bin/env bash
# Installs what Ferry's tests and benchmarks need on Debian 12: vsftpd, lftp,
# curl, openssl, pyftpdlib and rclone (compared in the benchmarks) from apt,
# and pure-ftpd, proftpd and inetutils-ftpd unpacked into .cache/NAME (they
# conflict with vsftpd as packages, so they are not installed; their
# libraries are).
# Safe to run again: it only does what is missing. Run as root, or as a user
# who may sudo.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
packages=(vsftpd lftp curl openssl python3-pyftpdlib rclone)

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

# unpack PACKAGE DIR BINARY: extract PACKAGE's files into .cache/DIR unless
# BINARY (a path inside it) is there, install the libraries it depends on,
# and check that BINARY finds them all.
unpack() {
	local package="$1" cache="$repo/.cache/$2" binary="$repo/.cache/$2/$3"
	if [ ! -x "$binary" ]; then
		if [ "$apt_updated" = no ] && ! apt-cache show "$package" >/dev/null 2>&1; then
			block_services
			"${sudo[@]}" apt-get update -q
			apt_updated=yes
		fi
		local work
		work="$(mktemp -d)"
		local sandbox=() # as root, apt would drop to a user that cannot write in $work
		[ "$(id -u)" -ne 0 ] || sandbox=(-o APT::Sandbox::User=root)
		(cd "$work" && apt-get download -q "${sandbox[@]}" "$package")
		mkdir -p "$cache"
		dpkg -x "$work"/"${package}"_*.deb "$cache"
		# Libraries the binary needs, from the package's own dependencies.
		local libs=() dep
		for dep in $(dpkg-deb -f "$work"/"${package}"_*.deb Depends | tr ',|' '\n\n' | awk '{print $1}'); do
			case "$dep" in
			lib*) installed "$dep" || libs+=("$dep") ;;
			esac
		done
		rm -rf "$work"
		apt_install "${libs[@]}"
	fi
	if ldd "$binary" | grep -q 'not found'; then
		echo "test-deps: $binary lacks shared libraries:" >&2
		ldd "$binary" | grep 'not found' >&2
		exit 1
	fi
}

unpack pure-ftpd pure-ftpd usr/sbin/pure-ftpd
unpack proftpd-core proftpd usr/sbin/proftpd
unpack inetutils-ftpd inetutils-ftpd usr/sbin/ftpd
if ! /usr/bin/python3 -c 'import pyftpdlib' 2>/dev/null; then
	echo "test-deps: /usr/bin/python3 cannot import pyftpdlib" >&2
	exit 1
fi
echo "test-deps: vsftpd, pure-ftpd, proftpd, inetutils-ftpd and pyftpdlib: ready"
