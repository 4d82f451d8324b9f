#!/usr/bin/env bash
# The cordon-server .deb (docs/packaging.md), built from this build tree
# with cpack and inspected with dpkg-deb: its control fields and
# dependencies, its files (a stripped binary, the unit, the conffile),
# the unit's hardening, verified by systemd-analyze, and
# the maintainer scripts run against a scratch root: postinst makes the
# state dir only when missing and never touches existing data; remove and
# purge keep the data (purge removes an empty state dir only).
# usage: deb_test.sh BUILD_DIR
set -euo pipefail
BUILD="$1"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
has() {  # has WHAT TEXT LINE: TEXT has LINE as a whole line
  grep -qxF -- "$3" <<<"$2" || fail "$1 lacks '$3'"
}

cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/out" >"$WORK/cpack.log" 2>&1 ||
  { cat "$WORK/cpack.log" >&2; fail "cpack -G DEB"; }
debs=("$WORK"/out/cordon-server_*.deb)
[[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || fail "want one cordon-server .deb: ${debs[*]}"
deb="${debs[0]}"

# Control: name, the git version (- -> .), Debian's shared libraries.
info=$(dpkg-deb --info "$deb")
version=$(sed 's/-/./g; s/^\([0-9]*\.[0-9]*\.[0-9]*\)\./\1+/' "$BUILD/generated/version.txt")
has control "$info" " Package: cordon-server"
has control "$info" " Version: $version"
depends=$(dpkg-deb --field "$deb" Depends)
# RocksDB is linked statically (Debian's CMake package); its codecs are not.
for lib in adduser 'libgrpc++' libprotobuf libsnappy libzstd libabsl libssl3 libcurl4; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
echo "ok: control (version $version, shlibs)"

contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}')
for path in ./usr/bin/cordon-server ./usr/lib/systemd/system/cordon-server.service \
    ./etc/cordon/cordon-server.flags ./usr/share/doc/cordon-server/copyright \
    ./usr/share/doc/cordon/help/cordon-server.txt; do
  has contents "$contents" "$path"
done
! grep -qE 'cordon-(sim|agent)$' <<<"$contents" || fail "tools in the server package"
echo "ok: files"

root="$WORK/root"
dpkg-deb -x "$deb" "$root"
sections=$(readelf -S -W "$root/usr/bin/cordon-server")
! grep -qE '\.(symtab|debug_)' <<<"$sections" || fail "cordon-server is not stripped"
grep -q '\.debug_line' <(readelf -S -W "$BUILD/server/cordon-server") ||
  fail "the build tree's cordon-server lost its line tables"
"$root/usr/bin/cordon-server" --version | grep -q '^cordon-server ' ||
  fail "the packaged binary does not run"
echo "ok: stripped in the package only"

unit=$(cat "$root/usr/lib/systemd/system/cordon-server.service")
for line in "User=cordon" "Group=cordon" "StateDirectory=cordon" "NoNewPrivileges=yes" \
    "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" \
    "ReadWritePaths=/var/lib/cordon" "Restart=on-failure" \
    "ExecStart=/usr/bin/cordon-server --flagfile=/etc/cordon/cordon-server.flags" \
    "WantedBy=multi-user.target"; do
  has unit "$unit" "$line"
done
flags=$(cat "$root/etc/cordon/cordon-server.flags")
has config "$flags" "--data_dir=/var/lib/cordon/data"
dpkg-deb --ctrl-tarfile "$deb" | tar -x -C "$WORK" ./conffiles ./postinst ./prerm ./postrm
[[ "$(cat "$WORK/conffiles")" == /etc/cordon/cordon-server.flags ]] || fail "conffiles"
echo "ok: unit, config, conffiles"

# tools/dev.sh installs systemd for this check, so it never passes unseen.
command -v systemd-analyze >/dev/null ||
  fail "systemd-analyze is missing (tools/dev.sh installs the systemd package)"
# Beside the system's units (the targets it names), warnings count.
cp -r /lib/systemd/system/. "$root/usr/lib/systemd/system/"
dpkg-deb -x "$deb" "$root"
out=$(systemd-analyze verify --root="$root" \
      "$root/usr/lib/systemd/system/cordon-server.service" 2>&1) ||
  fail "systemd-analyze verify: $out"
[[ -z "$out" ]] || fail "systemd-analyze verify: $out"
echo "ok: systemd-analyze verify"

bash "$(dirname "$0")/maintainer_scripts_test.sh" "$WORK"
