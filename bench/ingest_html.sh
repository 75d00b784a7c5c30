#!/usr/bin/env bash
# Ingest throughput on saved web pages: MB of HTML per second on generated government-style
# pages (menus, breadcrumb, info line, article block, related lists, footer, inline scripts).
# usage: bench/ingest_html.sh [PAGES] [WORKDIR]   (defaults: 300, /dev/shm/jianbao-bench-html)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
work=${2:-/dev/shm/jianbao-bench-html}
cargo build --release --quiet --bin jianbao
bin=${CARGO_TARGET_DIR:-target}/release
rm -rf "$work" && mkdir -p "$work/seeds"
python3 - "$n" "$work/seeds" <<'PY'
import random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
words = "全县 乡镇 村民 合作社 产业 脱贫 项目 资金 道路 饮水 培训 就业 医疗 教育 住房 帮扶 干部 群众 调研 会议".split()
def sentence():
    return "，".join("".join(rng.choice(words) for _ in range(rng.randint(3, 7))) for _ in range(rng.randint(2, 5))) + "。"
menu = "".join(f'<li><a href="/c{i}/">栏目{i}</a></li>' for i in range(60))
script = "<script>var cfg = {" + ",".join(f'"k{i}": "{"x" * 40}"' for i in range(400)) + "};</script>"
for p in range(n):
    paras = "".join(f"<p>　　{''.join(sentence() for _ in range(rng.randint(2, 6)))}</p>\n" for _ in range(rng.randint(5, 40)))
    related = "".join(f'<li><a href="/r{p}{i}.html">{sentence()[:20]}</a><span>2019-0{i % 9 + 1}-1{i % 9}</span></li>' for i in range(40))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="青山县第{p}次产业推进会">
<meta name="PubDate" content="2019-05-{p % 28 + 1:02d} 10:00"><meta name="ContentSource" content="青山县人民政府">
<title>青山县第{p}次产业推进会_青山县人民政府</title><style>{".c{color:red}" * 200}</style>{script}</head><body>
<div class="header"><ul class="nav">{menu}</ul></div><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/x/">工作动态</a></div>
<div class="main"><h1>青山县第{p}次产业推进会</h1><div class="info">发布时间：2019-05-01 来源：青山县人民政府</div>
<div class="TRS_Editor">{paras}</div><div class="related"><ul>{related}</ul></div></div>
<div class="footer">版权所有 青山县人民政府 蜀ICP备00000000号</div>{script}</body></html>"""
    with open(f"{out}/p{p:04d}.html", "w", encoding="utf-8") as f:
        f.write(page)
PY
source bench/lib.sh
BIN=$bin time_ingest "ingest (html)" "pages of HTML" "$n" "$work/seeds" "$work/ingested"
