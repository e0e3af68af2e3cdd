#!/usr/bin/env bash
# Measures the installed app (the .deb unpacked with dpkg -x, as smoke-test.sh does) for README
# "Installers": installer and app-image sizes; time from launch to the console's first frame, median
# of RUNS runs each with and without the class-data archive (runs alternate); resident memory after
# 10 s idle on the sandbox. Build first: mvn -Pinstallers -DskipTests package.
#   bash packaging/measure-start.sh [RUNS]        (default 9; needs Xvfb when there is no display)
#   MEASURE_RT=1 bash packaging/measure-start.sh  the same, with the app and its Xvfb at real-time
#                                                 priority (chrt -r, root): on a machine shared with
#                                                 other builds, what an otherwise idle one gives
# Time to first frame: from just before exec to the instant the app logs "First frame shown at epoch
# ms …" (wiring/FirstFrame.java: the pulse after the one that drew the first frame), both read from
# the same clock. The machine's load average is printed with each run: other work on it shows there,
# and in the wall-clock times, less in the CPU time (user + system, to the process's exit).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/installers"
runs="${1:-9}"
deb="$(ls "$out"/opsdeck_*.deb | head -1)"
rpm="$(ls "$out"/opsdeck-*.rpm 2>/dev/null | head -1 || true)"
work="$(mktemp -d)"
prio=()
[[ "${MEASURE_RT:-0}" == 1 ]] && prio=(chrt -r 50)
xvfb_pid=""
cleanup() { [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [[ -z "${DISPLAY:-}" ]]; then
  display=":$((200 + $$ % 100))"
  "${prio[@]}" Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY="$display"
  sleep 1
fi

export KUBECONFIG="$work/no-kubeconfig" # the sandbox only, whatever kubeconfig this machine has
dpkg -x "$deb" "$work/with"
cp -a "$work/with" "$work/without"
sed -i '/SharedArchiveFile/d' "$work/without/opt/opsdeck/lib/app/opsdeck.cfg"

first_frame() { # first_frame ROOT -> "external_ms app_ms cpu_ms"
  local home; home="$(mktemp -d -p "$work")"
  local TIMEFORMAT='%U %S'
  local t0; t0="$(date +%s%3N)"
  { time OPSDECK_HOME="$home" "${prio[@]}" "$1/opt/opsdeck/bin/opsdeck" --demo --exit-after-first-frame \
      >/dev/null 2>&1; } 2>"$home/cpu"
  local line; line="$(grep -o 'First frame shown at epoch ms [0-9]* ([0-9?]* ms' "$home/logs/opsdeck.log")"
  local at; at="$(awk '{print $7}' <<<"$line")"
  echo "$((at - t0)) $(awk '{print substr($8, 2)}' <<<"$line") $(awk '{printf "%d", ($1 + $2) * 1000}' "$home/cpu")"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

echo "Opsdeck start-up, $(nproc) cores, $runs runs each${prio:+ at real-time priority}:" \
  "ms from exec to first frame [the app's own count], CPU ms"
for f in with without with.cpu without.cpu; do : >"$work/$f.txt"; done
for i in $(seq "$runs"); do
  read -r a aa ac < <(first_frame "$work/with")
  read -r b bb bc < <(first_frame "$work/without")
  echo "$a" >>"$work/with.txt"; echo "$b" >>"$work/without.txt"
  echo "$ac" >>"$work/with.cpu.txt"; echo "$bc" >>"$work/without.cpu.txt"
  printf '  run %2d: with archive %5d [%s] cpu %5d   without %5d [%s] cpu %5d   load %s\n' \
    "$i" "$a" "$aa" "$ac" "$b" "$bb" "$bc" "$(cut -d' ' -f1 /proc/loadavg)"
done
with_ms="$(median <"$work/with.txt")"
without_ms="$(median <"$work/without.txt")"
with_cpu="$(median <"$work/with.cpu.txt")"
without_cpu="$(median <"$work/without.cpu.txt")"

rss=()
for i in 1 2 3; do
  home="$(mktemp -d -p "$work")"
  OPSDECK_HOME="$home" "${prio[@]}" "$work/with/opt/opsdeck/bin/opsdeck" --demo >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q 'First frame' "$home/logs/opsdeck.log" 2>/dev/null && break; sleep 0.1; done
  sleep 10
  rss+=("$(( $(ps -o rss= -p "$pid") / 1024 ))")
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
rss_mib="$(printf '%s\n' "${rss[@]}" | median)"

mib() { du -sm "$1" | cut -f1; }
echo
echo "| what | measured |"
echo "|---|---|"
echo "| \`$(basename "$deb")\` | $(mib "$deb") MiB |"
[[ -n "$rpm" ]] && echo "| \`$(basename "$rpm")\` | $(mib "$rpm") MiB |"
echo "| app-image (\`opsdeck/\`, installed size) | $(mib "$out/opsdeck") MiB, of which the runtime $(mib "$out/opsdeck/lib/runtime") MiB, the jars $(( $(du -cm "$out"/opsdeck/lib/app/*.jar | tail -1 | cut -f1) )) MiB, the archive $(mib "$out/opsdeck/lib/app/opsdeck.jsa") MiB |"
echo "| first frame, with the archive (median of $runs${prio:+, real-time priority}) | $with_ms ms (CPU $with_cpu ms) |"
echo "| first frame, without it (median of $runs${prio:+, real-time priority}) | $without_ms ms (CPU $without_cpu ms) |"
echo "| resident memory after 10 s idle on the sandbox (median of 3: ${rss[*]}) | $rss_mib MiB |"
