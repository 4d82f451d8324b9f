#!/usr/bin/env bash
# The .deb's maintainer scripts (extracted into DIR by deb_test.sh), run
# against a scratch root: /var/lib/cordon becomes DIR/var/lib/cordon, and
# the commands that would change this machine (adduser, install -o,
# systemctl, deb-systemd-*) are stubs that log their arguments.
# usage: maintainer_scripts_test.sh DIR
set -euo pipefail
DIR="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
state="$DIR/var/lib/cordon"
mkdir -p "$DIR/stubs" "$DIR/var/lib"
for script in postinst prerm postrm; do
  sed "s|/var/lib/cordon|$state|g" "$DIR/$script" >"$DIR/scratch-$script"
done
for stub in getent addgroup adduser install chown chmod systemctl \
    deb-systemd-helper deb-systemd-invoke; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$stub" "$DIR" >"$DIR/stubs/$stub"
  chmod +x "$DIR/stubs/$stub"
done
# getent finds the cordon user and group unless NO_USER is set.
# shellcheck disable=SC2016  # $* and $NO_USER are the stub's own
printf '#!/bin/sh\necho "getent $*" >>"%s/calls"\n[ -z "$NO_USER" ]\n' "$DIR" \
  >"$DIR/stubs/getent"
run() {  # run SCRIPT ARGS...: its calls
  : >"$DIR/calls"
  PATH="$DIR/stubs:$PATH" sh "$DIR/scratch-$1" "${@:2}" || fail "$* exited $?"
  cat "$DIR/calls"
}

calls=$(NO_USER=1 run postinst configure)
grep -qxF "install -d -o cordon -g cordon -m 0700 $state" <<<"$calls" ||
  fail "a first install does not create the state dir: $calls"
grep -qE "^addgroup --system .*cordon$" <<<"$calls" || fail "no group cordon: $calls"
grep -qE "^adduser --system .*--shell /usr/sbin/nologin .*cordon$" <<<"$calls" ||
  fail "no system user cordon without a login shell: $calls"
echo "ok: first install creates the system user and the state dir"
calls=$(run postinst configure)
! grep -qE "^add(user|group) " <<<"$calls" || fail "an existing user made again: $calls"

# An existing state dir with data, owned by whoever: nothing is touched.
mkdir -p "$state/data" && echo precious >"$state/data/CURRENT" && chmod 0750 "$state"
calls=$(run postinst configure 0.1.0)
! grep -qE "^(install|chown|chmod) " <<<"$calls" ||
  fail "an upgrade touched the existing state dir: $calls"
[[ "$(cat "$state/data/CURRENT")" == precious && $(stat -c %a "$state") == 750 ]] ||
  fail "an upgrade changed the data"
echo "ok: an upgrade leaves existing data and its owner alone"

run prerm remove >/dev/null
run postrm remove >/dev/null
run postrm purge >/dev/null
[[ "$(cat "$state/data/CURRENT")" == precious ]] || fail "remove or purge deleted data"
echo "ok: remove and purge keep the data"
rm -r "$state/data"
run postrm purge >/dev/null
[[ ! -e "$state" ]] || fail "purge left the empty state dir it made"
echo "ok: purge removes an empty state dir"
