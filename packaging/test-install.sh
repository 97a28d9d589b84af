#!/usr/bin/env bash
# Prove the built Linux packages as a plant IT engineer would use them: no Python, no
# checkout, a clean environment.
#
#   packaging/test-install.sh              test dist/'s .deb and tarball (about 1-2 min)
#   packaging/test-install.sh --deb-only   or --tarball-only
#   packaging/test-install.sh --cold       drop the page cache before the first start
#                                          (root only; a true cold start figure)
#   packaging/test-install.sh --chroot     also install the .deb with apt into a minimal
#                                          Debian 12 chroot (root, debootstrap, network to
#                                          the Debian mirror; first run ~5 min, cached in
#                                          build/chroot-bookworm): proves Depends suffice
#                                          and the xcb platform loads (under Xvfb);
#                                          --chroot-only runs just that part
#
# .deb: installed with dpkg into an empty root (its own dpkg database, maintainer scripts
# run chrootless against that root), then upgraded in place, removed and purged: the
# station's records must survive all of it. Tarball: unpacked into an empty folder.
# Each installed binary must print the project's version, render the overview offscreen
# to a PNG that is not blank, and carry every shipped resource. Prints the package sizes
# and the start time to the first drawn frame. Exit 0 only if everything held.
set -euo pipefail
cd "$(dirname "$0")/.."

DO_DEB=1 DO_TARBALL=1 COLD=0 CHROOT=0
for arg in "$@"; do
    case "$arg" in
        --deb-only) DO_TARBALL=0 ;;
        --tarball-only) DO_DEB=0 ;;
        --cold) COLD=1 ;;
        --chroot) CHROOT=1 ;;
        --chroot-only) CHROOT=1 DO_DEB=0 DO_TARBALL=0 ;;
        *) echo "usage: $0 [--deb-only|--tarball-only] [--cold] [--chroot|--chroot-only]" >&2; exit 2 ;;
    esac
done

VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCH=$(dpkg --print-architecture)
DEB=dist/celldeck_${VERSION}_${ARCH}.deb
TARBALL=dist/celldeck-${VERSION}-linux-${ARCH}.tar.gz
WORK=$(mktemp -d /tmp/celldeck-install-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0

say() { printf '\n== %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() { printf '   FAIL: %s\n' "$*" >&2; FAILURES=$((FAILURES + 1)); }
size_mb() { python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.1f} MB')" "$1"; }

# Run the installed program as a fresh user would: empty environment and home, no Python.
run_clean() {
    local home=$1; shift
    env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 \
        XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
        XDG_STATE_HOME="$home/.local/state" XDG_RUNTIME_DIR="$home/run" \
        QT_QPA_PLATFORM=offscreen CELLDECK_FIRST_FRAME=1 "$@"
}

# check_installed LABEL EXECUTABLE RESOURCES_DIR HOME
check_installed() {
    local label=$1 exe=$2 resources=$3 home=$4
    mkdir -p "$home/run" && chmod 700 "$home/run"

    local shown
    shown=$(run_clean "$home" "$exe" --version)
    if [ "$shown" = "celldeck $VERSION" ]; then ok "--version: $shown"; else fail "--version said '$shown', pyproject.toml says $VERSION"; fi

    # Every shipped resource (plants, alarms, recipes and their images, themes, sounds,
    # icons) is in the installed tree; translations as their compiled .qm (checked below),
    # the .ts sources stay in the checkout.
    local missing=0 file
    while IFS= read -r file; do
        [ -e "$resources/${file#resources/}" ] || { fail "resource missing: $file"; missing=1; }
    done < <(git ls-files resources | grep -Ev '\.(py|ts)$')
    [ "$missing" = 0 ] && ok "all $(git ls-files resources | grep -Evc '\.(py|ts)$') shipped resource files present"

    # Dutch and Japanese: CellDeck's compiled translations and Qt's qtbase (the standard
    # dialogs' buttons) for each, and no other language of Qt's (bundle_rules.py).
    local lang qt_dir="$resources/../PySide6/Qt/translations"
    for lang in nl ja; do
        [ -f "$resources/translations/celldeck_$lang.qm" ] && [ -f "$qt_dir/qtbase_$lang.qm" ] \
            && ok "translations: celldeck_$lang.qm, qtbase_$lang.qm" || fail "translations for $lang missing"
    done
    local others
    others=$(find "$qt_dir" -name '*.qm' ! -name qtbase_nl.qm ! -name qtbase_ja.qm | wc -l)
    [ "$others" = 0 ] && ok "no Qt translations of other languages" || fail "$others other Qt translations ship"

    if [ "$COLD" = 1 ]; then
        sync && echo 3 > /proc/sys/vm/drop_caches && ok "page cache dropped (cold start)"
    fi
    local out="$WORK/$label-overview.png" start stop log="$WORK/$label-screenshot.log"
    for attempt in first second; do
        start=$(date +%s.%N)
        if run_clean "$home" "$exe" screenshot --page overview --size 1920x1080 \
            --out "$out" --wait 3 >"$log" 2>&1; then
            stop=$(date +%s.%N)
            local frame
            frame=$(sed -n 's/^celldeck: first frame \([0-9.]*\).*/\1/p' "$log")
            if [ -n "$frame" ]; then
                python3 -c "import sys; s, f, e = map(float, sys.argv[1:4]); print(f'   figure: {sys.argv[4]} start, launch to first drawn frame {f - s:.2f} s (whole screenshot run {e - s:.1f} s)')" \
                    "$start" "$frame" "$stop" "$attempt"
            else
                fail "no first-frame line in the screenshot log"
            fi
        else
            fail "screenshot failed:"; sed 's/^/      /' "$log" >&2; return
        fi
    done
    if python3 packaging/check_png.py "$out" --size 1920x1080 | sed 's/^/   /'; then
        ok "overview rendered"
    else
        fail "overview PNG looks wrong ($out)"
    fi
    cp "$out" "dist/test-install-$label-overview.png"
    # Japanese loads from the installed tree (a translation that fails to load is logged).
    local ja_out="$WORK/$label-overview-ja.png" ja_log="$WORK/$label-screenshot-ja.log"
    if run_clean "$home" "$exe" --lang ja screenshot --page overview --size 1280x800 \
        --out "$ja_out" --wait 2 >"$ja_log" 2>&1 && ! grep -Eq "no ja translation|no font" "$ja_log" \
        && python3 packaging/check_png.py "$ja_out" --size 1280x800 >/dev/null; then
        ok "--lang ja: both translations load, overview rendered"
        cp "$ja_out" "dist/test-install-$label-overview-ja.png"
    else
        fail "--lang ja:"; sed 's/^/      /' "$ja_log" >&2
    fi

    # Tools that need no window: configuration, recipes, the audit trail just written.
    run_clean "$home" "$exe" check-config >/dev/null 2>&1 && ok "check-config" || fail "check-config"
    run_clean "$home" "$exe" recipe check car-t-autologous >/dev/null 2>&1 \
        && ok "recipe check (shipped recipe)" || fail "recipe check"
    run_clean "$home" "$exe" audit verify >/dev/null 2>&1 && ok "audit verify" || fail "audit verify"

    # OPC UA (asyncua) both ways: serve the simulated plant, inject and clear a fault.
    local port=$((40000 + RANDOM % 20000)) server_log="$WORK/$label-sim-server.log" server
    run_clean "$home" "$exe" sim-server --port "$port" >"$server_log" 2>&1 &
    server=$!
    for _ in $(seq 60); do grep -q serving "$server_log" && break; sleep 1; done
    local endpoint="opc.tcp://127.0.0.1:$port/celldeck/"
    if run_clean "$home" "$exe" fault --endpoint "$endpoint" shuttle-01 stuck \
        --target shuttle-01/bay-03/bioreactor/temperature >/dev/null 2>&1 \
        && run_clean "$home" "$exe" fault --endpoint "$endpoint" shuttle-01 clear >/dev/null 2>&1; then
        ok "OPC UA sim-server serves; fault injected and cleared over OPC UA"
    else
        fail "OPC UA sim-server or fault command"; sed 's/^/      /' "$server_log" >&2
    fi
    kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
}

if [ "$DO_DEB" = 1 ]; then
    say ".deb: $DEB ($(size_mb "$DEB"))"
    [ -f "$DEB" ] || { echo "no $DEB: run packaging/build-linux.sh first" >&2; exit 1; }
    info=$(dpkg-deb --info "$DEB")
    depends=$(sed -n 's/^ Depends: //p' <<<"$info")
    for lib in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libegl1 libpulse0 fonts-dejavu-core fonts-noto-cjk; do
        grep -qw -- "$lib" <<<"$depends" && ok "Depends on $lib" || fail "Depends lacks $lib"
    done
    installed_kb=$(sed -n 's/^ Installed-Size: //p' <<<"$info")
    echo "   figure: installed size $((installed_kb / 1024)) MB"

    ROOT="$WORK/root"
    mkdir -p "$ROOT/var/lib/dpkg/info" "$ROOT/var/lib/dpkg/updates"
    touch "$ROOT/var/lib/dpkg/status"
    # Dependencies are the host's business here; the bundle itself must need no Python.
    DPKG=(dpkg --root="$ROOT" --force-script-chrootless --force-depends --log=/dev/null)
    "${DPKG[@]}" -i "$DEB" >"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log" >&2; fail "dpkg -i"; }
    "${DPKG[@]}" -s celldeck | grep -q "^Status: install ok installed" && ok "installed into a clean root" || fail "dpkg status"
    for path in opt/celldeck/celldeck usr/bin/celldeck usr/share/applications/celldeck.desktop \
        usr/share/icons/hicolor/256x256/apps/celldeck.png usr/share/icons/hicolor/scalable/apps/celldeck.svg \
        usr/lib/systemd/user/celldeck-kiosk.service usr/share/celldeck/kiosk/celldeck-kiosk.desktop \
        usr/share/celldeck/kiosk/celldeck-cage.service usr/share/celldeck/plant.toml.example etc/celldeck; do
        [ -e "$ROOT/$path" ] || fail "/$path not installed"
    done
    ok "launcher, desktop entry, icons, kiosk units, /etc/celldeck in place"
    if [ -e "$ROOT/etc/xdg/autostart/celldeck-kiosk.desktop" ] || [ -e "$ROOT/etc/systemd/user/graphical-session.target.wants/celldeck-kiosk.service" ]; then
        fail "kiosk autostart is enabled by the package"
    else
        ok "kiosk autostart shipped but not enabled"
    fi
    grep -q '^exec /opt/celldeck/celldeck "\$@"' "$ROOT/usr/bin/celldeck" && [ -x "$ROOT/usr/bin/celldeck" ] \
        && ok "/usr/bin/celldeck starts /opt/celldeck/celldeck" || fail "launcher"
    grep -q '^Exec=celldeck$' "$ROOT/usr/share/applications/celldeck.desktop" && ok "desktop entry" || fail "desktop entry"

    HOME_DEB="$WORK/home-deb"
    check_installed deb "$ROOT/opt/celldeck/celldeck" "$ROOT/opt/celldeck/_internal/resources" "$HOME_DEB"

    # Upgrade (reinstall over itself: prerm upgrade, new files, postinst configure OLD),
    # removal and purge keep the records and the administrator's plant file.
    records="$HOME_DEB/.local/share/CellDeck/celldeck.sqlite3"
    key="$HOME_DEB/.config/CellDeck/audit.key"
    cp "$ROOT/usr/share/celldeck/plant.toml.example" "$ROOT/etc/celldeck/plant.toml"
    before=$(sha256sum "$records" "$key" | cut -c1-64 | tr '\n' ' ')
    "${DPKG[@]}" -i "$DEB" >"$WORK/dpkg.log" 2>&1 && ok "upgrade in place" || { cat "$WORK/dpkg.log" >&2; fail "upgrade"; }
    run_clean "$HOME_DEB" "$ROOT/opt/celldeck/celldeck" audit verify >/dev/null 2>&1 && ok "records verify after the upgrade" || fail "audit verify after upgrade"
    "${DPKG[@]}" -r celldeck >"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log" >&2; fail "dpkg -r"; }
    [ ! -e "$ROOT/opt/celldeck/celldeck" ] && ok "removed: /opt/celldeck gone" || fail "/opt/celldeck left after removal"
    "${DPKG[@]}" -P celldeck >"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log" >&2; fail "dpkg -P"; }
    after=$(sha256sum "$records" "$key" 2>/dev/null | cut -c1-64 | tr '\n' ' ')
    # The database may have grown (the audit verify above only reads), never vanished.
    [ -f "$records" ] && [ -f "$key" ] && ok "purged: station database and audit key kept" || fail "records lost on purge"
    [ "$before" = "$after" ] && ok "records unchanged by upgrade, removal and purge" || fail "records changed: $before / $after"
    [ -f "$ROOT/etc/celldeck/plant.toml" ] && ok "purged: /etc/celldeck/plant.toml kept" || fail "plant.toml lost on purge"
fi

if [ "$DO_TARBALL" = 1 ]; then
    say "tarball: $TARBALL ($(size_mb "$TARBALL"))"
    [ -f "$TARBALL" ] || { echo "no $TARBALL: run packaging/build-linux.sh first" >&2; exit 1; }
    mkdir -p "$WORK/portable"
    tar -xzf "$TARBALL" -C "$WORK/portable"
    top="$WORK/portable/celldeck-$VERSION-linux-$ARCH"
    check_installed tarball "$top/celldeck" "$top/_internal/resources" "$WORK/home-tarball"
fi

if [ "$CHROOT" = 1 ]; then
    # A minimal Debian 12 with nothing but what apt installs for the .deb's Depends.
    JAIL="$PWD/build/chroot-bookworm"
    say "apt install into a minimal Debian 12 chroot ($JAIL)"
    if [ ! -x "$JAIL/usr/bin/apt-get" ]; then
        command -v debootstrap >/dev/null || { echo "needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
        debootstrap --variant=minbase bookworm "$JAIL" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
            || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
    fi
    chroot "$JAIL" id kiosk >/dev/null 2>&1 || chroot "$JAIL" useradd --create-home kiosk
    for fs in proc dev; do mountpoint -q "$JAIL/$fs" || mount --bind "/$fs" "$JAIL/$fs"; done
    trap 'umount "$JAIL/proc" "$JAIL/dev" 2>/dev/null; rm -rf "$WORK"' EXIT
    cp "$DEB" "$JAIL/tmp/celldeck.deb"
    in_jail() { chroot "$JAIL" env -i PATH=/usr/bin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@"; }
    as_kiosk() {
        chroot --userspec=kiosk:kiosk "$JAIL" env -i PATH=/usr/bin:/bin HOME=/home/kiosk \
            LANG=C.UTF-8 XDG_RUNTIME_DIR=/tmp "$@"
    }
    in_jail apt-get update -q >"$WORK/apt.log" 2>&1
    if in_jail apt-get install -y -q --no-install-recommends /tmp/celldeck.deb xvfb xauth cage xwayland \
        >>"$WORK/apt.log" 2>&1; then
        ok "apt installed the .deb and its Depends ($(in_jail dpkg-query -W -f '${Version}' celldeck))"
    else
        tail -20 "$WORK/apt.log" >&2; fail "apt install"
    fi
    shown=$(as_kiosk /usr/bin/celldeck --version)
    [ "$shown" = "celldeck $VERSION" ] && ok "/usr/bin/celldeck --version: $shown" || fail "--version in chroot: $shown"
    # xcb, the platform a plant PC's X11 session uses, with only the Depends installed.
    if as_kiosk env QT_QPA_PLATFORM=xcb CELLDECK_FIRST_FRAME=1 xvfb-run -a -s "-screen 0 1920x1080x24" \
        /usr/bin/celldeck screenshot --page overview --size 1920x1080 --out /tmp/xcb.png --wait 3 \
        >"$WORK/xcb.log" 2>&1; then
        python3 packaging/check_png.py "$JAIL/tmp/xcb.png" --size 1920x1080 | sed 's/^/   /' \
            && ok "xcb platform under Xvfb renders the overview" || fail "xcb screenshot blank"
        cp "$JAIL/tmp/xcb.png" dist/test-install-chroot-xcb-overview.png
        sed -n 's/^celldeck: first frame [0-9.]* (\(.*\) after process start)/   figure: xcb (Xvfb), first drawn frame \1 after process start/p' "$WORK/xcb.log"
        grep -q "alarm sounds unavailable" "$WORK/xcb.log" \
            && fail "QtMultimedia did not load (alarm sounds)" || ok "QtMultimedia loads (alarm sounds possible)"
    else
        sed 's/^/      /' "$WORK/xcb.log" >&2; fail "xcb screenshot in chroot"
    fi
    # Japanese on a plain Debian: the font comes with the Depends (fonts-noto-cjk).
    if as_kiosk env QT_QPA_PLATFORM=offscreen /usr/bin/celldeck --lang ja screenshot \
        --page overview --size 1280x800 --out /tmp/ja.png --wait 2 >"$WORK/ja.log" 2>&1 \
        && ! grep -Eq "no font|no ja translation" "$WORK/ja.log"; then
        ok "--lang ja: a Japanese font and both translations found"
        cp "$JAIL/tmp/ja.png" dist/test-install-chroot-ja-overview.png
    else
        sed 's/^/      /' "$WORK/ja.log" >&2; fail "--lang ja in chroot"
    fi
    # The cage kiosk: a headless cage (wlroots, software rendering) runs CellDeck on Qt's
    # Wayland platform, full screen on cage's 1280x720 output.
    mkdir -p "$JAIL/tmp/kiosk-runtime" && chroot "$JAIL" chown kiosk:kiosk /tmp/kiosk-runtime
    chmod 700 "$JAIL/tmp/kiosk-runtime"
    if as_kiosk env XDG_RUNTIME_DIR=/tmp/kiosk-runtime WLR_BACKENDS=headless WLR_RENDERER=pixman \
        WLR_LIBINPUT_NO_DEVICES=1 QT_QPA_PLATFORM=wayland CELLDECK_FIRST_FRAME=1 timeout 120 \
        cage -- /usr/bin/celldeck screenshot --page overview --out /tmp/cage.png --wait 3 \
        >"$WORK/cage.log" 2>&1 && [ -f "$JAIL/tmp/cage.png" ]; then
        python3 packaging/check_png.py "$JAIL/tmp/cage.png" | sed 's/^/   /' \
            && ok "cage -- celldeck (Wayland platform) renders full screen" || fail "cage screenshot blank"
        cp "$JAIL/tmp/cage.png" dist/test-install-chroot-cage-overview.png
        sed -n 's/^celldeck: first frame [0-9.]* (\(.*\) after process start)/   figure: cage (Wayland), first drawn frame \1 after process start/p' "$WORK/cage.log"
    else
        grep -v '\[ERROR\]' "$WORK/cage.log" | tail -20 | sed 's/^/      /' >&2; fail "celldeck under cage"
    fi
    db=/home/kiosk/.local/share/CellDeck/celldeck.sqlite3
    in_jail apt-get purge -y -q celldeck >>"$WORK/apt.log" 2>&1 && ok "apt purge" || fail "apt purge"
    [ -f "$JAIL$db" ] && [ ! -e "$JAIL/opt/celldeck" ] && ok "records kept after purge, program gone" \
        || fail "purge in chroot: records or program wrong"
    rm -f "$JAIL$db"*
fi

say "result"
if [ "$FAILURES" = 0 ]; then echo "   all checks passed"; else echo "   $FAILURES check(s) FAILED"; fi
exit $((FAILURES > 0))
