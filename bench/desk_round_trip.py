# The rounds of bench/desk_round_trip.sh against a running `jianbao serve`: each round takes
# one report and makes each kind of desk action on it as the desk's script posts it (remove a
# person from this report, reject a person everywhere, merge a person into another name, fix
# the title, add a missed name), each followed by an undo. The clock runs from the POST until
# the served page shows the result (polled every 10 ms). Prints one line per action with its
# wall seconds, serve's CPU seconds for it (user + system, all threads) and the load.
# usage: desk_round_trip.py PORT CONTENT ROUNDS SERVE_PID
import json, os, re, sys, time, urllib.parse, urllib.request

port, content, rounds, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
tick = os.sysconf("SC_CLK_TCK")
base = f"http://127.0.0.1:{port}"
host = f"127.0.0.1:{port}"


def cpu():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def settle():
    # wait until serve is idle (its background search-index job done) before an action
    last = cpu()
    while True:
        time.sleep(0.5)
        now = cpu()
        if now - last < 0.02:
            return
        last = now


def get(path):
    try:
        return urllib.request.urlopen(base + path).read().decode()
    except Exception:
        return ""


home = get("/")
token = re.search(r'data-desk-token="([0-9a-f]{32})"', home).group(1)


def post(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST", headers={
        "Host": host, "Origin": "http://" + host, "X-Desk-Token": token, "Content-Type": "application/json"})
    out = json.load(urllib.request.urlopen(req))
    assert out.get("ok"), out


def until(pred, limit=120):
    start = time.monotonic()
    while not pred():
        if time.monotonic() - start > limit:
            return float("nan")
        time.sleep(0.01)
    return time.monotonic() - start


def timed(kind, path, body, shown):
    settle()
    load = os.getloadavg()[0]
    start, c0 = time.monotonic(), cpu()
    post(path, body)
    until(shown)
    wall, used = time.monotonic() - start, cpu() - c0
    print(f"{kind} {wall:.3f} s cpu {used:.2f} s load {load:.1f}", flush=True)


def page(slug):
    return get(f"/reports/{slug}/")


people = json.loads(get("/_desk/names?kind=people"))
slugs = sorted(f[:-3] for f in os.listdir(os.path.join(content, "reports")))
step = max(1, len(slugs) // rounds)
for i in range(rounds):
    slug = slugs[i * step + step // 2]
    report = json.loads(get("/_desk/report?path=" + urllib.parse.quote(f"/reports/{slug}/")))
    key, first, second = report["key"], report["people"][0], report["people"][-1]
    target = next(n for n in people[i * 7 % len(people):] if n not in report["people"])
    has = lambda name: (lambda: f">{name}<" in page(slug))
    lacks = lambda name: (lambda: f">{name}<" not in page(slug))
    print(f"round {i + 1}: {slug}", flush=True)
    timed("remove", "/_desk/action", {"action": "remove", "report": key, "kind": "people", "name": first}, lacks(first))
    timed("undo", "/_desk/undo", {}, has(first))
    timed("reject", "/_desk/action", {"action": "reject", "kind": "people", "name": second}, lacks(second))
    timed("undo", "/_desk/undo", {}, has(second))
    merge = {"action": "merge", "kind": "people", "name": first, "target": target}
    # the body still names the variant, now linked as an alias of the target
    timed("merge", "/_desk/action", merge, has(target))
    # the variant is its own name again: the page no longer names the target
    timed("undo", "/_desk/undo", {}, lacks(target))
    title = report["title"] + "（改）"
    timed("fix", "/_desk/action", {"action": "fix", "report": key, "field": "title", "value": title},
          lambda: title in page(slug))
    timed("undo", "/_desk/undo", {}, lambda: title not in page(slug))
    added = "欧阳晓" + "一二三四五六七八九十"[i % 10]
    timed("add", "/_desk/action", {"action": "add", "report": key, "kind": "people", "name": added}, has(added))
    timed("undo", "/_desk/undo", {}, lacks(added))
