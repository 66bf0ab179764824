#!/usr/bin/env bash
# `briefing serve` under stress, on loopback only (issue 6):
#   1. at least 10,000 requests from wrk over 200 concurrent connections, while
#   2. slow-drip clients trickle request heads a byte at a time,
#   3. clients send oversized heads and bodies,
#   4. traversal attempts in every encoding ask for a file outside the site, and
#   5. a content file is edited during the load, which must still reload.
# Prints requests/s, p99 latency and the server's peak RSS (VmHWM), then checks that the
# server still answers quickly and never served the secret. Then (issue 12, item 11)
#   6. 300 clients send a request head a byte a second and 300 pages hold the event
#      stream open, while GET / is timed ten times: each must be 200 within 1 s.
#
#   bash benches/serve_stress.sh            # needs wrk (apt-get install -y wrk), python3
#   CONNECTIONS=200 DURATION=10s SLOW=50 HELD=300 bash benches/serve_stress.sh
#   BIN=/tmp/briefing-old bash benches/serve_stress.sh   # a given binary, not built here
#
# Every request goes to 127.0.0.1; every loop is bounded in count and time.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-200}
REQUESTS=${REQUESTS:-10000}  # the least the run must reach
DURATION=${DURATION:-10s}
SLOW=${SLOW:-50}
HELD=${HELD:-300}  # slow clients and event streams each, for the starvation check
THREADS=2

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
# BIN=path/to/briefing measures another build (an older one, say) as it is.
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/briefing
fi

WORK=$(mktemp -d)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The site: the sample content, plus a secret beside it that must never be served.
mkdir -p "$WORK/site"
cp -r content "$WORK/site/content"
[ -f site.yaml ] && cp site.yaml "$WORK/site/"
echo "TOP-SECRET-MARKER" > "$WORK/secret.txt"

"$BIN" serve --root "$WORK/site" --port 0 --quiet 2> "$WORK/serve.log" &
SERVER=$!
for _ in $(seq 1 300); do
  PORT=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.log" | head -1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "${PORT:-}" ] || { echo "server did not start:"; cat "$WORK/serve.log"; exit 1; }
URL="http://127.0.0.1:$PORT"
BRIEFING=$(cd "$WORK/site/content/briefings" && ls *.md | head -1)
SLUG=$(sed -n 's/^slug: *//p' "$WORK/site/content/briefings/$BRIEFING" | head -1)
SLUG=${SLUG:-${BRIEFING%.md}}
echo "serving $WORK/site at $URL (pid $SERVER); edited page: /briefings/$SLUG/"

# wrk cycles through pages, an asset, a missing page and a traversal attempt, counting
# the replies by status.
cat > "$WORK/load.lua" <<EOF
local paths = {"/", "/briefings/", "/briefings/$SLUG/", "/actors/", "/timeline/",
               "/style.css", "/search/index.js", "/no-such-page/", "/../secret.txt"}
local i = 0
statuses = {}
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if body and string.find(body, "TOP-SECRET-MARKER", 1, true) then
    print("LEAK: the secret was served")
  end
end
done = function(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for code, count in pairs(t:get("statuses")) do
      total[code] = (total[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(total) do table.insert(parts, code .. ": " .. count) end
  table.sort(parts)
  io.write("statuses: " .. table.concat(parts, ", ") .. "\n")
end
EOF

# Slow-drip clients, oversized heads and bodies, traversal in every encoding: python3,
# raw sockets, bounded by count and time. Writes a report line per check.
cat > "$WORK/abuse.py" <<'EOF'
import socket, sys, threading, time
port, slow, secret_dir, phase = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
host = ("Host: 127.0.0.1:%d" % port).encode()
results = []

def raw(data, timeout=10, read=True):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        if not read:
            return b""
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()

def status(reply):
    try:
        return int(reply.split(b" ", 2)[1])
    except Exception:
        return 0

def drip():
    # One byte a second for up to 12 s: holds a connection, must not hold the server.
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=15)
        for b in b"GET / HTTP/1.1\r\n" + host + b"\r\n":
            s.send(bytes([b]))
            time.sleep(12 / (18 + len(host)))
        s.close()
    except OSError:
        pass

# During the load: slow drips and traversal. After it (when the connection cap is not
# reached, so that the replies say how the server treats the request itself): oversized
# heads and bodies, and traversal again.
drips = [threading.Thread(target=drip) for _ in range(slow if phase == "during" else 0)]
for t in drips:
    t.start()

# Oversized head: 1 MB of headers -> 431 (or the connection closed), quickly.
big = b"" if phase == "during" else b"GET / HTTP/1.1\r\n" + host + b"\r\n" + b"X-Big: " + b"a" * (1 << 20) + b"\r\n\r\n"
try:
    if big:
        r = raw(big)
        results.append(("oversized head", status(r), status(r) in (431, 400, 0)))
except OSError as e:
    results.append(("oversized head", str(e), True))
# Oversized body: a POST announcing 1 GB, with 4 MB sent -> 405, no memory growth.
try:
    if phase == "during":
        raise StopIteration
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"POST / HTTP/1.1\r\n" + host + b"\r\nContent-Length: 1073741824\r\n\r\n")
    try:
        for _ in range(64):
            s.sendall(b"x" * 65536)
    except OSError:
        pass
    r = s.recv(4096)
    s.close()
    results.append(("oversized body", status(r), status(r) in (405, 413, 400)))
except StopIteration:
    pass
except OSError as e:
    results.append(("oversized body", str(e), True))
# Traversal in every encoding.
name = secret_dir.rstrip("/").split("/")[-1]
targets = [
    "/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt",
    "/..\\secret.txt", "/%252e%252e/secret.txt", "/%c0%ae%c0%ae/secret.txt",
    "/.%2e/secret.txt", "/briefings/../../secret.txt", "/briefings/%2e%2e/%2e%2e/secret.txt",
    "//secret.txt", "/" + secret_dir.lstrip("/") + "/secret.txt", secret_dir + "/secret.txt",
    "/..;/secret.txt", "/%00../secret.txt", "/..%00/secret.txt", "http://127.0.0.1/../secret.txt",
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd",
    "/../site/content/briefings/", "/content/", "/site.yaml",
]
leaks = []
for t in targets:
    r = raw(("GET %s HTTP/1.1\r\n%s\r\nConnection: close\r\n\r\n" % (t, host.decode())).encode())
    if b"TOP-SECRET-MARKER" in r or b"root:x:0:0" in r:
        leaks.append(t)
    if status(r) == 200:
        leaks.append(t + " (200)")
results.append(("traversal (%s): %d" % (phase, len(targets)), "leaks: %s" % (leaks or "none"), not leaks))

for t in drips:
    t.join(20)
for name, got, ok in results:
    print("%-28s %-24s %s" % (name, got, "ok" if ok else "FAIL"))
sys.exit(0 if all(ok for _, _, ok in results) else 1)
EOF

# Starvation: slow clients a byte a second and open event streams, then GET / timed.
cat > "$WORK/starve.py" <<'EOF'
import socket, sys, threading, time
port, held = int(sys.argv[1]), int(sys.argv[2])
host = "127.0.0.1:%d" % port
sockets, lock = [], threading.Lock()
stop = time.time() + 20

def connect(first):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(first)
    with lock:
        sockets.append(s)
    return s

def drip():
    try:
        s = connect(b"G")
        for b in ("ET / HTTP/1.1\r\nHost: %s\r\nX-Slow: " % host).encode() + b"a" * 64:
            if time.time() > stop:
                break
            time.sleep(1)
            s.send(bytes([b]))
    except OSError:
        pass

drips = [threading.Thread(target=drip, daemon=True) for _ in range(held)]
for t in drips:
    t.start()
streams = 0
for _ in range(held):
    try:
        connect(("GET /__briefing/events HTTP/1.1\r\nHost: %s\r\n\r\n" % host).encode())
        streams += 1
    except OSError:
        pass
time.sleep(2)

def get():
    t0 = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=20)
        s.sendall(("GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host).encode())
        out = b""
        while True:
            c = s.recv(65536)
            if not c:
                break
            out += c
        s.close()
        code = int(out.split(b" ", 2)[1]) if out else 0
    except (OSError, ValueError, IndexError):
        code = 0  # refused or reset
    return code, time.time() - t0

results = []
for _ in range(10):
    results.append(get())
    time.sleep(0.5)
codes = {}
for c, _ in results:
    codes[c] = codes.get(c, 0) + 1
worst = max(t for _, t in results)
print("%d slow clients + %d event streams: GET / x%d -> %s, slowest %.3f s"
      % (held, streams, len(results), ", ".join("%s: %d" % kv for kv in sorted(codes.items())), worst))
with lock:
    for s in sockets:
        s.close()
sys.exit(0 if codes.get(200) == len(results) and worst < 1.0 else 1)
EOF

peak() { sed -n 's/^VmHWM:\s*//p' "/proc/$SERVER/status"; }
echo "before load: VmHWM $(peak)"

python3 "$WORK/abuse.py" "$PORT" "$SLOW" "$WORK" during > "$WORK/abuse.log" 2>&1 &
ABUSE=$!

# The edit during the load: change the title of one briefing a second into the run.
(
  sleep 1
  sed -i "0,/^title:.*/s//title: Edited under load $$/" "$WORK/site/content/briefings/$BRIEFING"
) &

START=$(date +%s.%N)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$WORK/load.lua" "$URL" \
  > "$WORK/wrk.log" 2>&1
END=$(date +%s.%N)
cat "$WORK/wrk.log"

# The edit reloaded: the page shows the new title within 10 s.
reloaded=no
for _ in $(seq 1 100); do
  if curl -s --max-time 2 "$URL/briefings/$SLUG/" | grep -q "Edited under load $$"; then
    reloaded=yes
    break
  fi
  sleep 0.1
done

wait "$ABUSE" && abuse=ok || abuse=FAIL
python3 "$WORK/abuse.py" "$PORT" 0 "$WORK" after >> "$WORK/abuse.log" 2>&1 || abuse=FAIL
cat "$WORK/abuse.log"

python3 "$WORK/starve.py" "$PORT" "$HELD" > "$WORK/starve.log" 2>&1 && starve=ok || starve=FAIL

# Still responsive after all of it.
after=$(curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}' "$URL/")

requests=$(sed -n 's/^\s*\([0-9]*\) requests in.*/\1/p' "$WORK/wrk.log")
rps=$(sed -n 's/^Requests\/sec:\s*//p' "$WORK/wrk.log")
p99=$(sed -n 's/^\s*99%\s*//p' "$WORK/wrk.log")
errors=$(sed -n 's/^\s*Socket errors:\s*//p' "$WORK/wrk.log")
echo
echo "== serve under stress: $CONNECTIONS connections, $SLOW slow-drip clients"
echo "requests:        ${requests:-?} in $(echo "$END - $START" | bc) s (at least $REQUESTS wanted)"
echo "requests/s:      ${rps:-?}"
echo "p99 latency:     ${p99:-?}"
echo "by status:       $(sed -n 's/^statuses: //p' "$WORK/wrk.log") (400: the traversal attempt; 404: the missing page; 503: past the connection cap)"
echo "socket errors:   ${errors:-none}"
echo "peak RSS:        $(peak) (VmHWM; now $(sed -n 's/^VmRSS:\s*//p' "/proc/$SERVER/status"))"
echo "edit reloaded:   $reloaded"
echo "abuse checks:    $abuse"
echo "after the load:  GET / -> $after"
echo "starvation:      $(cat "$WORK/starve.log") ($starve)"
grep -q "LEAK" "$WORK/wrk.log" && { echo "FAIL: the secret was served"; exit 1; }
[ "$reloaded" = yes ] && [ "$abuse" = ok ] && [ "$starve" = ok ] && [ "${after%% *}" = 200 ] \
  && [ "${requests:-0}" -ge "$REQUESTS" ] || exit 1
