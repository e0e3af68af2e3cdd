#!/usr/bin/env bash
# Smoke test of the Linux installers, run by .ci/run after the tests:
#   bash packaging/smoke-test.sh            builds them (mvn -Pinstallers -DskipTests package), then checks
#   bash packaging/smoke-test.sh --no-build checks what packaging/target/installers already holds
# The .deb is unpacked with dpkg -x into a temporary root (not installed), and its launcher runs there:
# `opsdeck --version` (pom version, Java 17, JavaFX 21) with the class-data archive required
# (-Xshare:on) and serving the app's classes at this new location; `opsdeck snapshot --demo` under
# Xvfb and headless (Monocle) for every view, each PNG checked to be non-blank; the console window
# up to its first frame under Xvfb; no error, warning or exception in opsdeck.log or on stderr; the
# declared dependencies, and that apt can resolve them (apt-get install --simulate).
# What can be checked here of the Windows and macOS installers is checked too: the argument files of
# every OS against JDK 17's jpackage rules (tools/Installers.java check, and that it rejects known
# faults), and the javafx.graphics jmod made from the Windows jars (no runtime DLL that java.base ships).
# Needs: Xvfb and xauth (xvfb-run), fakeroot, dpkg-deb, rpmbuild (Debian package rpm), JDK 17, Maven.
# Exits non-zero when any check fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/target/installers"

if [[ "${1:-}" != "--no-build" ]]; then
  # dpkg-deb compresses with xz -6 by default (~2 min for this package on 2 cores); -3 takes ~30 s
  # for a package ~8% larger. Releases build with the default.
  export DPKG_DEB_COMPRESSOR_LEVEL="${DPKG_DEB_COMPRESSOR_LEVEL:-3}"
  (cd "$root" && mvn -B -q -Pinstallers -DskipTests package)
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok   $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL $*"; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml")"
deb="$(ls "$out"/opsdeck_*_amd64.deb 2>/dev/null | head -1 || true)"
rpm="$(ls "$out"/opsdeck-*.rpm 2>/dev/null | head -1 || true)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "smoke test of the installers in $out (Opsdeck $version)"

# --- Windows and macOS, as far as Linux can tell -------------------------------------------------
# The argument files of linux, windows and macos, in the order Installers.java passes them
check "argument files of every OS pass JDK 17's jpackage rules" java "$here/tools/Installers.java" "$here/target" check
# ... and the check does catch what it is for: a copy with the faults of issue #18 put back
broken="$work/broken" && mkdir -p "$broken/target" && cp -r "$here/target/args" "$broken/target/"
for d in linux windows macos; do ln -s "$here/$d" "$broken/$d"; done
ln -s "$root/icons" "$work/icons"
sed -i 's/^--app-version .*/--app-version 0.1.0/' "$broken/target/args/macos/app.args"
sed -i 's/^--mac-app-category .*/--mac-app-category public.app-category.developer-tools/' "$broken/target/args/macos/app-image.args"
sed -i 's/^--app-version .*/--app-version 256.0.0/' "$broken/target/args/windows/app.args"
echo '--win-console' >>"$broken/target/args/windows/package.args"
echo '--linux-shortcut' >>"$broken/target/args/windows/msi.args"
java "$here/tools/Installers.java" "$broken/target" check >"$work/broken.out" 2>&1 || true
for fault in 'macos app-image, macos/app.args: --app-version 0.1.0: macOS refuses a first number of 0' \
    'macos/app-image.args: --mac-app-category public.app-category.developer-tools: jpackage 17 prepends' \
    'windows/app.args: --app-version 256.0.0: an MSI version is at most 255.255.65535' \
    'windows msi, windows/package.args: --win-console is not valid with --type msi made from --app-image' \
    'windows msi, windows/msi.args: --linux-shortcut is not supported on windows' \
    ', 6 problems'; do
  check "the argument check rejects: ${fault#*: }" grep -qF -- "$fault" "$work/broken.out"
done
[[ "$failed" -eq 0 ]] || sed 's/^/       /' "$work/broken.out"

# javafx.graphics for Windows, made by FxJmods.java from the win jars as the Windows build makes it:
# java.base ships these runtime DLLs in bin\ on Windows (JDK 17's make/modules/java.base/Copy.gmk:
# vcruntime140, vcruntime140_1, msvcp140, and the UCRT's ucrtbase and api-ms-win-*), and jlink
# refuses a second module that puts the same file there ("Duplicate resources", JDK-8207015)
jmod="$(dirname "$(readlink -f "$(command -v java)")")/jmod"
if java "$here/tools/FxJmods.java" "$here/target/fx-jars-win" "$work/jmods-win" >"$work/fxjmods-win.out" 2>&1; then
  "$jmod" list "$work/jmods-win/javafx.graphics.jmod" | grep -v '^classes/' >"$work/graphics-win.list" || true
  for dll in glass prism_d3d prism_sw javafx_font; do
    check "the Windows javafx.graphics jmod has lib/$dll.dll" grep -qx "lib/$dll.dll" "$work/graphics-win.list"
  done
  dupes="$(grep -iE '^lib/(vcruntime140|vcruntime140_1|msvcp140|ucrtbase|api-ms-win-.*)\.dll$' "$work/graphics-win.list" || true)"
  check "the Windows javafx.graphics jmod ($(grep -c '\.dll$' "$work/graphics-win.list") DLLs) has none that java.base ships${dupes:+: $(echo $dupes)}" test -z "$dupes"
else
  bad "FxJmods.java on the Windows jars: $(tail -c 600 "$work/fxjmods-win.out")"
fi

# --- the Linux installers -----------------------------------------------------------------------
check "app-image: $out/opsdeck/bin/opsdeck" test -x "$out/opsdeck/bin/opsdeck"
check "rpm: $rpm" test -s "$rpm"
if [[ ! -s "$deb" ]]; then
  bad "deb: none in $out"
  echo "smoke: $passed passed, $failed failed"
  exit 1
fi
ok "deb: $deb ($(du -h "$deb" | cut -f1))"

# package metadata: the runtime dependencies are declared
depends="$(dpkg-deb -f "$deb" Depends)"
for pkg in libgtk-3-0 libgl1 libxtst6 libasound2 libfontconfig1 xdg-utils fonts-dejavu-core; do
  check "deb depends on $pkg" grep -q "\\b$pkg\\b" <<<"$depends"
done
resolves() { apt-get install --simulate -qq "$1" >/dev/null 2>&1; }
if command -v apt-get >/dev/null && compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
  check "deb's dependencies resolve here (apt-get install --simulate)" resolves "$deb"
fi
if command -v rpm >/dev/null && [[ -s "$rpm" ]]; then
  check "rpm requires libgtk-3.so.0" grep -q 'libgtk-3.so.0' <<<"$(rpm -qp --requires "$rpm" 2>/dev/null)"
fi

# unpacked, not installed: a root of its own
dpkg -x "$deb" "$work/root"
app="$work/root/opt/opsdeck"
opsdeck="$app/bin/opsdeck"
check "unpacked launcher $opsdeck" test -x "$opsdeck"
check "desktop entry says Name=Opsdeck" grep -qx 'Name=Opsdeck' "$app/lib/opsdeck-opsdeck.desktop"
check "desktop entry starts /opt/opsdeck/bin/opsdeck" grep -qx 'Exec=/opt/opsdeck/bin/opsdeck' "$app/lib/opsdeck-opsdeck.desktop"
check "class-data archive shipped" test -s "$app/lib/app/opsdeck.jsa"

# --version, with the archive required: -Xshare:on makes the JVM exit when it cannot map it here
export OPSDECK_HOME="$work/home"
# the sandbox only, whatever kubeconfig this machine has
export KUBECONFIG="$work/no-kubeconfig"
if v="$(JAVA_TOOL_OPTIONS=-Xshare:on "$opsdeck" --version 2>"$work/version.err")"; then
  ok "opsdeck --version with the archive at a new location"
else
  bad "opsdeck --version: $(cat "$work/version.err")"
fi
echo "$v" | sed 's/^/       /'
check "--version says Opsdeck $version" grep -qx "Opsdeck $version" <<<"$v"
check "--version says Java 17" grep -q '^Java 17\.' <<<"$v"
check "--version says JavaFX 21" grep -q '^JavaFX 21\.' <<<"$v"
# the JVM options Opsdeck runs with everywhere (app/jvm.options): in effect in the installed launcher's JVM
flags="$(JAVA_TOOL_OPTIONS=-XX:+PrintFlagsFinal "$opsdeck" --version 2>/dev/null || true)"
while read -r option; do
  if [[ "$option" =~ ^-XX:([A-Za-z0-9_]+)=(.*)$ ]]; then
    check "JVM runs with $option (app/jvm.options)" \
        grep -qE "^ *[a-z0-9_]+ +${BASH_REMATCH[1]} += ${BASH_REMATCH[2]} " <<<"$flags"
  else
    check "launcher gives $option (app/jvm.options)" grep -qxF "java-options=$option" "$app/lib/app/opsdeck.cfg"
  fi
done < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$root/app/jvm.options")
JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$work/classes.log" "$opsdeck" --version >/dev/null 2>&1 || true
from_archive="$(grep -c 'io\.opsdeck\..* source: shared objects file (top)' "$work/classes.log" || true)"
check "Opsdeck's classes come from the archive ($from_archive)" test "${from_archive:-0}" -gt 5
# a live context's way to its first request comes from the archive too (train-cds --console): a report against a
# loopback port nothing listens on (tcpmux, port 1; exit 3, unreachable; its warnings go to a log of its own)
port=1
printf '%s\n' "apiVersion: v1" "kind: Config" \
    "clusters: [{name: dead, cluster: {server: \"http://127.0.0.1:$port\"}}]" \
    "users: [{name: dead, user: {token: smoke}}]" \
    "contexts: [{name: dead, context: {cluster: dead, user: dead}}]" "current-context: dead" >"$work/dead-kubeconfig"
dead_exit=0
OPSDECK_HOME="$work/home-dead" JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$work/live-classes.log" "$opsdeck" report --kubeconfig "$work/dead-kubeconfig" \
    --json --timeout 3 >/dev/null 2>&1 || dead_exit=$?
check "report on a dead context exits 3 (it exited $dead_exit)" test "$dead_exit" -eq 3
check "the Kubernetes client's classes come from the archive" \
    grep -q 'io\.fabric8\.kubernetes\.client\.KubernetesClientBuilder source: shared objects file (top)' "$work/live-classes.log"

run() { # run NAME cmd...: exit 0, and nothing alarming on stderr
  local name="$1"; shift
  if "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    if grep -v '^Picked up JAVA_TOOL_OPTIONS' "$work/$name.err" | grep -q -i -E 'exception|error|unsupported javafx'; then
      bad "$name: stderr: $(head -c 600 "$work/$name.err")"
    else
      ok "$name"
    fi
  else
    bad "$name exited $?: $(tail -c 600 "$work/$name.err")"
  fi
}
xvfb=(xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp")

run "snapshot topology under Xvfb" "${xvfb[@]}" "$opsdeck" snapshot --demo --view topology \
  --out "$work/xvfb-topology.png" --width 1280 --height 800
check "xvfb-topology.png is a non-blank 1280x800 PNG" java "$here/tools/PngCheck.java" "$work/xvfb-topology.png" 1280 800

for view in topology caches services alerts activity settings; do
  run "headless snapshot $view" env -u DISPLAY -u WAYLAND_DISPLAY "$opsdeck" snapshot --demo --view "$view" \
    --out "$work/$view.png" --width 1280 --height 800
  check "$view.png is a non-blank 1280x800 PNG" java "$here/tools/PngCheck.java" "$work/$view.png" 1280 800
done

run "console window up to its first frame under Xvfb" "${xvfb[@]}" "$opsdeck" --demo --exit-after-first-frame
check "opsdeck.log has the first frame" grep -q 'First frame shown' "$OPSDECK_HOME/logs/opsdeck.log"
grep -m1 -o 'First frame shown.*' "$OPSDECK_HOME/logs/opsdeck.log" | sed 's/^/       /' || true
problems="$(grep -E ' (WARN|ERROR) |Exception' "$OPSDECK_HOME/logs/opsdeck.log" || true)"
check "opsdeck.log has no warning, error or exception" test -z "$problems"
[[ -z "$problems" ]] || echo "$problems" | head -20

# On a machine without a GPU device (like this CI's), the launcher keeps GTK and Prism from loading
# OpenGL (Mesa's llvmpipe, ~50 MiB) that JavaFX would not use: Launcher.softwareWithoutOpenGl
check "the launcher's JNI library is shipped" test -s "$app/lib/app/libopsdeck-env.so"
if ! ls /dev/dri/renderD* /dev/dri/card* /dev/nvidia0 /dev/nvidiactl /dev/dxg >/dev/null 2>&1; then
  check "no GPU device: the log says so (software, OpenGL not loaded)" \
    grep -q 'Graphics: no GPU device under /dev: drawing in software, OpenGL not loaded' "$OPSDECK_HOME/logs/opsdeck.log"
  display=":$((300 + $$ % 100))"
  Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  xpid=$!
  sleep 1
  mkdir -p "$work/home-maps"
  DISPLAY="$display" OPSDECK_HOME="$work/home-maps" "$opsdeck" --demo >/dev/null 2>&1 &
  apid=$!
  for _ in $(seq 200); do grep -q 'First frame' "$work/home-maps/logs/opsdeck.log" 2>/dev/null && break; sleep 0.1; done
  check "the console is up (for its memory map)" grep -q 'First frame' "$work/home-maps/logs/opsdeck.log"
  gl="$(grep -E 'libLLVM|libGLX_mesa|swrast_dri|libprism_es2' "/proc/$apid/maps" 2>/dev/null | awk '{print $6}' | sort -u || true)"
  kill "$apid" 2>/dev/null || true
  wait "$apid" 2>/dev/null || true
  kill "$xpid" 2>/dev/null || true
  check "no GPU device: no OpenGL library mapped${gl:+ (found: $gl)}" test -z "$gl"
fi

echo "smoke: $passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
