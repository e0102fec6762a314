#!/usr/bin/env bash
# Side by side: smpolicy's PDF before the typography work (3fe6afd), after it (HEAD), and
# typst's rendering of the same Markdown (pandoc to typst, smpolicy's fonts, page and
# margins), as page images with three labelled panels each (before | after | typst):
#
#   1-first-page.png      the first page of the external policy
#   2-accounts-table.png  the accounts table ("I nostri account"), from its heading to the
#                         next heading, across a page break if it has one
#   3-list-page-break.png a list with its lead-in that the "after" PDF runs across a page
#                         break (external policy first, then internal), the same list in
#                         the other two (as that commit's text has it)
#   4-list-typst-break.png a list typst runs across a page break, one whose lead-in ending
#                         in ':' typst leaves on the page before if there is one; the same
#                         list in the other two
#
# and metrics.md: counts measured on the text of each PDF (pdftotext): pages, straight and
# curly apostrophes and quotes, legal abbreviations parted from their number at a line end
# ("art." | "9"), longest line, lead-ins ending in ':' left as the last line of a page,
# headings left at the foot of a page, lists run across a page break (lead-in parted from
# its list; one item alone on a page), lines past the right margin, lines ending in '-'.
#
#   scripts/side-by-side.sh [OUTDIR]          (default benches/side-by-side)
#
# The PDFs are not committed (out/**/*.pdf is ignored), so "before" and "after" are built
# from their commits: `git archive REV` into a cache folder outside the work tree, then
# `nice -n 15 cargo build --release --locked --offline` there (own target folder, once per
# commit; about 15 minutes on 2 cores) and
# `smpolicy build policy-src --out ...`. The work tree and git state are never touched, and
# nothing goes to the network. To skip the build, give the PDFs or a binary:
#
#   BEFORE_PDFS=DIR / AFTER_PDFS=DIR   folders holding external.pdf and internal.pdf (searched
#                                      recursively, e.g. an `out/` of that commit)
#   BEFORE_BIN=FILE / AFTER_BIN=FILE   smpolicy binaries of those commits
#   BEFORE_REV (3fe6afd), AFTER_REV (HEAD), DPI (80)
#   SIDE_BY_SIDE_CACHE                 where commits are built
#                                      (default ~/.cache/smpolicy-side-by-side, ~1 GB each)
#   LIST="words of a list or its lead-in"  the list of image 3 (default: chosen as above)
#   LIST2="..."                        the list of image 4 (default: chosen as above)
#   KEEP_WORK=1                        keep the work folder (typst sources and PDFs, crops)
#
# typst's side reads the committed Markdown of AFTER_REV (`git show REV:out/...`).
#
# Needs: pandoc >= 3.1.2 (typst writer; Debian 12's 2.17 has none, so the pandoc bundled
# by PyPI's pypandoc-binary is used when the system one lacks it), pdftoppm and pdftotext
# (poppler-utils), ImageMagick's convert, python3 with the `typst` package (PyPI), and for
# the build cargo with the crates of both Cargo.lock files in its cache.
set -euo pipefail
shopt -s inherit_errexit

repo="$(cd "$(dirname "$0")/.." && pwd)"
outdir="$(realpath -m "${1:-$repo/benches/side-by-side}")"
before_rev="${BEFORE_REV:-3fe6afd}"
after_rev="${AFTER_REV:-HEAD}"
dpi="${DPI:-80}"
cache="${SIDE_BY_SIDE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smpolicy-side-by-side}"
fonts="$repo/fonts"
label_font="$fonts/titillium-web/TitilliumWeb-SemiBold.ttf"

# --- tools -----------------------------------------------------------------------------
missing=()
pandoc=""
if command -v pandoc > /dev/null && pandoc --list-output-formats 2> /dev/null | grep -qx typst; then
  pandoc="$(command -v pandoc)"
elif command -v python3 > /dev/null &&
  p="$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())' 2> /dev/null)" &&
  "$p" --list-output-formats 2> /dev/null | grep -qx typst; then
  pandoc="$p"
else
  missing+=("pandoc >= 3.1.2 with the typst writer (apt's pandoc 2.17 has none: pip install pypandoc-binary)")
fi
for tool in pdftoppm pdftotext pdfinfo; do
  command -v "$tool" > /dev/null || missing+=("$tool (apt-get install poppler-utils)")
done
if ! command -v convert > /dev/null || ! convert -version 2> /dev/null | grep -q ImageMagick; then
  missing+=("ImageMagick's convert (apt-get install imagemagick)")
fi
if ! command -v python3 > /dev/null; then
  missing+=("python3")
elif ! python3 -c 'import typst' 2> /dev/null; then
  missing+=("the python typst package (pip install typst)")
fi
need_cargo=0
for side in BEFORE AFTER; do
  pdfs_var="${side}_PDFS"
  bin_var="${side}_BIN"
  [ -z "${!pdfs_var:-}" ] && [ -z "${!bin_var:-}" ] && need_cargo=1
done
if [ "$need_cargo" = 1 ] && ! command -v cargo > /dev/null; then
  missing+=("cargo (to build smpolicy at $before_rev / $after_rev; or set BEFORE_PDFS and AFTER_PDFS)")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'side-by-side: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

work="$(mktemp -d)"
if [ -n "${KEEP_WORK:-}" ]; then
  echo "side-by-side: work folder (kept): $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$outdir"

before_sha="$(git -C "$repo" rev-parse --verify "$before_rev^{commit}")"
after_sha="$(git -C "$repo" rev-parse --verify "$after_rev^{commit}")"

# --- before and after: the PDFs of each commit ---------------------------------------
# pdfs SIDE SHA: prints the folder holding that side's external.pdf and internal.pdf.
pdfs() {
  local side="$1" sha="$2" pdfs_var="${1}_PDFS" bin_var="${1}_BIN"
  if [ -n "${!pdfs_var:-}" ]; then
    realpath "${!pdfs_var}"
    return
  fi
  local src="$cache/src-$sha" bin="${!bin_var:-}"
  if [ ! -f "$src/Cargo.toml" ]; then
    rm -rf "$src"
    mkdir -p "$src"
    git -C "$repo" archive "$sha" | tar -x -C "$src"
  fi
  if [ -z "$bin" ]; then
    bin="$cache/target-$sha/release/smpolicy"
    if [ ! -x "$bin" ]; then
      echo "side-by-side: building smpolicy at ${sha:0:12} in $cache (cargo, offline)" >&2
      SMPOLICY_COMMIT="$sha" CARGO_TARGET_DIR="$cache/target-$sha" \
        nice -n 15 cargo build --release --locked --offline --quiet \
        --manifest-path "$src/Cargo.toml" --bin smpolicy >&2
    fi
  fi
  bin="$(realpath "$bin")"
  (cd "$src" && "$bin" build policy-src --out "$work/$side" > "$work/$side.log" 2>&1) || {
    cat "$work/$side.log" >&2
    echo "side-by-side: smpolicy at ${sha:0:12} could not build the example" >&2
    exit 1
  }
  echo "$work/$side"
}
before_dir="$(pdfs BEFORE "$before_sha")"
after_dir="$(pdfs AFTER "$after_sha")"

# --- typst: the committed Markdown of AFTER_REV, through pandoc ----------------------
cat > "$work/anchors.lua" << 'EOF'
-- smpolicy's Markdown gives a rule its stable anchor as raw HTML (<a id="M-01">) at the
-- start of its heading; typst drops raw HTML, so the id becomes the heading's label and
-- the links to it (#link(<M-01>)) resolve.
function Header(h)
  for _, el in ipairs(h.content) do
    if el.t == "RawInline" and el.format == "html" then
      local id = el.text:match('^<a id="([^"]+)"')
      if id then h.identifier = id end
    end
  end
  return h
end
EOF
# The preamble gives typst smpolicy's page (A4, 35 mm left and right, 20 mm top, body
# stopping 27 mm above the bottom edge), fonts (Titillium Web, DejaVu Sans as fallback,
# DejaVu Sans Mono), sizes, leading and colours (src/render/pdf/layout/style.rs) and a
# footer like furniture.rs's. Everything else is typst's and pandoc's own: ragged right,
# no hyphenation (typst hyphenates only justified text by default), pandoc's tables,
# smart quotes by typst for lang "it".
cat > "$work/preamble.typ" << 'EOF'
#let footer-text = sys.inputs.at("footer", default: "")
#let page-label = sys.inputs.at("page-label", default: "Pagina {n} di {N}")
#let muted = rgb(77, 77, 77)
#set page(
  width: 595.276pt, height: 841.89pt,
  margin: (left: 99.21pt, right: 99.21pt, top: 56.69pt, bottom: 76.54pt),
  footer-descent: 12pt,
  footer: context {
    set text(size: 8pt, fill: muted)
    set par(leading: 2pt)
    line(length: 100%, stroke: 0.5pt + rgb(205, 205, 205))
    v(-4pt)
    let label = page-label.replace("{n}", str(here().page())).replace("{N}", str(counter(page).final().first()))
    grid(columns: (1fr, auto), column-gutter: 16pt, footer-text, label)
  },
)
#set text(font: ("Titillium Web", "DejaVu Sans"), size: 11pt, lang: "it", region: "IT",
  fill: rgb(26, 26, 26), top-edge: 1em, bottom-edge: 0pt)
// 15.5 pt from baseline to baseline, 6 pt more between paragraphs.
#set par(leading: 4.5pt, spacing: 10.5pt)
#set list(indent: 0pt, body-indent: 9pt, spacing: 4.5pt)
#set enum(indent: 0pt, body-indent: 6pt, spacing: 4.5pt)
#show heading: set text(fill: rgb(0, 51, 102))
#show heading.where(level: 1): set text(size: 22pt, weight: "bold")
#show heading.where(level: 1): set block(above: 26pt, below: 14pt)
#show heading.where(level: 2): set text(size: 15pt, weight: "semibold")
#show heading.where(level: 2): set block(above: 22pt, below: 10pt)
#show heading.where(level: 3): set text(size: 12.5pt, weight: "semibold")
#show heading.where(level: 3): set block(above: 18pt, below: 8pt)
#show heading.where(level: 4): set text(size: 11pt, weight: "bold")
#show heading.where(level: 4): set block(above: 15pt, below: 7pt)
#show link: set text(fill: rgb(0, 82, 155))
// typst sets raw text at 0.8em; 1.1 of that is smpolicy's 0.88.
#show raw: set text(font: "DejaVu Sans Mono", size: 1.1em)
#show figure: set block(breakable: true)
// pandoc centres each table (align(center)[#table(...)]); its cells start at the left.
#show table: set align(left)
#show table: set text(size: 9.5pt)
#show table: set par(leading: 3.5pt)
#set table(
  inset: (x: 4pt, y: 3.5pt),
  stroke: 0.5pt + rgb(160, 160, 160),
  fill: (_, y) => if y == 0 { rgb(228, 234, 242) },
)
#show table.cell.where(y: 0): set text(weight: "bold")
#let horizontalrule = line(length: 100%, stroke: 0.5pt + rgb(160, 160, 160))
EOF

# md_of SHA NAME: the committed Markdown of that commit whose file is named NAME.
md_of() {
  local path
  path="$(git -C "$repo" ls-tree -r --name-only "$1" -- out/ | { grep "/$2\$" || true; } | head -n 1)"
  [ -n "$path" ] || {
    echo "side-by-side: no out/**/$2 at ${1:0:12}" >&2
    exit 1
  }
  git -C "$repo" show "$1:$path"
}
mkdir -p "$work/typst" "$work/md-before" "$work/md-after"
for doc in external internal; do
  md_of "$before_sha" "$doc.md" > "$work/md-before/$doc.md"
  md_of "$after_sha" "$doc.md" > "$work/md-after/$doc.md"
  "$pandoc" -f gfm+smart -t typst --lua-filter "$work/anchors.lua" "$work/md-after/$doc.md" \
    -o "$work/typst/$doc.body.typ"
  cat "$work/preamble.typ" "$work/typst/$doc.body.typ" > "$work/typst/$doc.typ"
done
typst_version="$(python3 -c 'import importlib.metadata as m; print(m.version("typst"))')"
pandoc_version="$("$pandoc" --version | awk 'NR == 1 {print $2}')"

# --- pick the pages, rasterise, compose ------------------------------------------------
cat > "$work/side.py" << 'EOF'
"""Finds the three cases in each PDF, crops them, composes the panels, measures the text."""
import html, json, os, re, statistics, subprocess, sys, unicodedata
import xml.etree.ElementTree as ET

work, outdir, dpi, label_font = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
cfg = json.loads(sys.argv[5])
SIDES = ["before", "after", "typst"]
DOCS = ["external", "internal"]


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def norm(tok):
    """A word as compared across renderers: letters and digits only, lower case, so
    straight or curly apostrophes and quotes, no-break spaces and punctuation don't count."""
    tok = unicodedata.normalize("NFKC", tok).lower()
    return "".join(ch for ch in tok if ch.isalnum())


# --- the PDFs' words and lines, with their positions (pdftotext -bbox-layout) ---------
class Pdf:
    def __init__(self, path):
        self.path = path
        xml = run("pdftotext", "-bbox-layout", path, "-")
        xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
        xml = xml.replace("&nbsp;", "\u00a0")
        root = ET.fromstring(xml)
        ns = {"h": "http://www.w3.org/1999/xhtml"}
        self.pages, self.words, self.lines = [], [], []
        for p, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), 1):
            self.pages.append((float(page.get("width")), float(page.get("height"))))
            for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
                ws = line.findall("h:word", ns)
                if not ws:
                    continue
                text = " ".join(w.text or "" for w in ws)
                y0 = float(line.get("yMin"))
                y1 = float(line.get("yMax"))
                x0 = float(line.get("xMin"))
                x1 = float(line.get("xMax"))
                self.lines.append(dict(page=p, text=text, y0=y0, y1=y1, x0=x0, x1=x1, h=y1 - y0))
                for w in ws:
                    n = norm(w.text or "")
                    if n:
                        self.words.append((n, p, float(w.get("yMin")), float(w.get("yMax"))))
        self.norms = [w[0] for w in self.words]
        # Body lines: the most common line height; footer lines are smaller and low.
        heights = [round(l["h"]) for l in self.lines]
        self.body_h = statistics.mode(heights) if heights else 12
        for l in self.lines:
            _, ph = self.pages[l["page"] - 1]
            l["footer"] = l["y0"] > ph * 0.88 and l["h"] < self.body_h * 0.85
            l["heading"] = l["h"] > self.body_h * 1.08 and not l["footer"]

    def find(self, phrase, start=0):
        """Index of the first word of `phrase` (normalised words) at or after `start`."""
        k = len(phrase)
        for i in range(start, len(self.norms) - k + 1):
            if self.norms[i : i + k] == phrase:
                return i
        return None


# --- the Markdown: headings, tables, lists with their lead-ins ------------------------
def inline_text(s):
    s = re.sub(r"<a [^>]*></a>", "", s)
    s = re.sub(r"\{#[^}]*\}", "", s)
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"<(https?://[^>]+|[^>@ ]+@[^> ]+)>", r"\1", s)
    s = s.replace("**", "").replace("`", "")
    return html.unescape(s)


def words(s):
    return [n for n in (norm(t) for t in inline_text(s).split()) if n]


LIST_RE = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")


def blocks(md):
    """Top-level blocks: (kind, lines) with kind heading / para / list / table / other."""
    out, cur, kind = [], [], None
    def flush():
        nonlocal cur, kind
        if cur:
            out.append((kind, cur))
        cur, kind = [], None
    for line in md.splitlines():
        if not line.strip():
            if kind != "list":
                flush()
            else:
                cur.append(line)
            continue
        m = LIST_RE.match(line)
        if line.startswith("#"):
            flush(); out.append(("heading", [line])); continue
        if line.startswith("|"):
            if kind != "table":
                flush(); kind = "table"
            cur.append(line); continue
        if m and not m.group(1):
            if kind != "list":
                flush(); kind = "list"
            cur.append(line); continue
        if kind == "list" and (line.startswith(" ") or (cur and cur[-1].strip())):
            cur.append(line); continue
        if kind != "para":
            flush(); kind = "para"
        cur.append(line)
    flush()
    # A list's trailing blank lines belong to nothing.
    return [(k, [l for l in ls if l.strip()]) for k, ls in out]


def list_items(lines):
    items = []
    for line in lines:
        m = LIST_RE.match(line)
        if m and not m.group(1):
            items.append(m.group(3))
        elif items:
            items[-1] += " " + line.strip()
    return items


def short(text, n=60):
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def heading_words(line):
    return words(line.lstrip("#").strip())


def cases(md):
    """(accounts table, [lists]) of a Markdown document as phrases to look for."""
    bs = blocks(md)
    table, lists, last_heading = None, [], None
    for i, (kind, ls) in enumerate(bs):
        if kind == "heading":
            last_heading = heading_words(ls[0])
        if kind == "table" and table is None and "piattaforma" in words(ls[0].split("|")[1]):
            nxt = next((heading_words(b[1][0]) for b in bs[i + 1 :] if b[0] == "heading"), None)
            table = dict(start=last_heading, end=nxt)
        if kind == "list":
            items = list_items(ls)
            prev = bs[i - 1] if i else None
            lead = prev[1] if prev and prev[0] == "para" else None
            lead_text = " ".join(lead) if lead else ""
            last = words(items[-1])
            lists.append(
                dict(
                    anchor=last_heading,
                    lead=words(lead_text)[-6:] if lead else None,
                    colon=lead_text.rstrip().endswith(":"),
                    first=words(items[0])[:6],
                    starts=[words(it)[:4] for it in items],
                    last=last[-5:],
                    items=len(items),
                    all=words(lead_text + " " + " ".join(items)),
                    text=short(inline_text(lead_text or items[0])),
                )
            )
    return table, lists


def locate(pdf, phrase, start=0):
    if not phrase:
        return None
    for k in (len(phrase), 4, 3):
        i = pdf.find(phrase[:k], start)
        if i is not None:
            return i
    return None


def region_of_list(pdf, lst):
    """(start word index, end word index) of a list and the last words of its lead-in in
    `pdf`, or None: the end is the first match of the last item's last words after the
    heading above the list, the start the nearest match of the lead-in (or first item)
    before it, so short or repeated lead-ins ("Azioni:") find their own list."""
    a = locate(pdf, lst["anchor"]) or 0
    e = None
    for k in (len(lst["last"]), 3, 2):
        i = pdf.find(lst["last"][-k:], a)
        if i is not None:
            e = i + k - 1
            break
    if e is None:
        return None
    for phrase in (lst["lead"], lst["first"]):
        if not phrase:
            continue
        for k in (len(phrase), 3):
            sub = phrase[-k:] if phrase is lst["lead"] else phrase[:k]
            for i in range(e - len(sub), a - 1, -1):
                if pdf.norms[i : i + len(sub)] == sub:
                    return (i, e)
    return None


def list_break(pdf, lst, r=None):
    """How `pdf` breaks the list `lst` across pages: dict(pages, parted, lone) or None.
    parted: the lead-in (a paragraph ending in ':') is on a page and the first item on the
    next one; lone: the list is broken so that one item stands alone on a page (its first
    item at a page foot or its last at the top of the next)."""
    r = r or region_of_list(pdf, lst)
    if r is None:
        return None
    s, e = r
    starts, i = [], s
    for k, st in enumerate(lst["starts"]):
        st = st[:3]
        if not st:
            return None
        j = pdf.find(st, i if k else s)
        if j is None or j > e:
            return None
        starts.append(j)
        i = j + len(st)
    page = lambda w: pdf.words[w][1]
    item_pages = [page(j) for j in starts]
    lead_page = page(starts[0] - 1) if lst["lead"] and starts[0] > s else item_pages[0]
    parted = lst["colon"] and lead_page < item_pages[0]
    lone = False
    if len(item_pages) > 1 and item_pages[0] != item_pages[-1]:
        lone = item_pages.count(item_pages[0]) == 1 or item_pages.count(item_pages[-1]) == 1
    return dict(pages=(page(s), page(e)), parted=parted, lone=lone)


def segments(pdf, s, e, end_exclusive=False):
    """Crop rectangles (page, y0, y1) in points from word s to word e."""
    _, ps, ys, _ = pdf.words[s]
    _, pe, ye0, ye1 = pdf.words[e]
    ys -= 22
    ye = ye0 - 4 if end_exclusive else ye1 + 12
    segs = []
    for p in range(ps, pe + 1):
        _, ph = pdf.pages[p - 1]
        top = max(0, ys) if p == ps else 0
        bottom = min(ph, ye) if p == pe else ph
        segs.append((p, top, bottom))
    return segs


# --- images -------------------------------------------------------------------------
def raster(side, doc, page):
    out = os.path.join(work, "png", f"{side}-{doc}-{page}")
    if not os.path.exists(out + ".png"):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        run("pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
            "-singlefile", cfg["pdf"][side][doc], out)
    return out + ".png"


def crop(side, doc, segs, name):
    parts = []
    for j, (p, y0, y1) in enumerate(segs):
        src = raster(side, doc, p)
        part = os.path.join(work, f"{name}-{j}.png")
        px = lambda v: int(round(v * dpi / 72))
        run("convert", src, "-crop", f"10000x{max(1, px(y1) - px(y0))}+0+{px(y0)}", "+repage", part)
        parts.append(part)
        if j + 1 < len(segs):  # the page break
            brk = os.path.join(work, f"{name}-brk{j}.png")
            run("convert", "-size", "10x14", "xc:#9aa5b1", brk)
            parts.append(brk)
    out = os.path.join(work, f"{name}.png")
    run("convert", *parts, "-background", "#9aa5b1", "-gravity", "center", "-append", out)
    return out


def compose(panels, labels, title, dest):
    framed = []
    for k, (img, lab) in enumerate(zip(panels, labels)):
        f = os.path.join(work, f"framed-{k}-{os.path.basename(dest)}")
        run("convert", img, "-bordercolor", "#9aa5b1", "-border", "1",
            "-background", "white", "-font", label_font, "-pointsize", "15",
            "-fill", "#1a1a1a", f"label:{lab}", "+swap", "-gravity", "center", "-append", f)
        framed.append(f)
    tmp = os.path.join(work, "row.png")
    gap = os.path.join(work, "gap.png")
    run("convert", "-size", "14x1", "xc:white", gap)
    row = [framed[0]]
    for f in framed[1:]:
        row += [gap, f]
    run("convert", *row, "-background", "white", "-gravity", "north", "+append", tmp)
    run("convert", tmp, "-background", "white", "-font", label_font, "-pointsize", "17",
        "-fill", "#003366", f"label:{title}", "+swap", "-gravity", "west", "-append",
        "-bordercolor", "white", "-border", "10",
        "-dither", "None", "-colors", "48", "-strip", "PNG8:" + dest)


# --- metrics ---------------------------------------------------------------------------
ABBR = re.compile(r"(^|\s)(art\.|artt\.|n\.|nn\.|n°|comma|commi|lett\.|p\.|par\.|DPR|D\.Lgs\.|D\.P\.R\.)$")


def metrics(pdf, lists):
    body = [l for l in pdf.lines if not l["footer"]]
    breaks = [b for b in (list_break(pdf, lst) for lst in lists) if b]
    left = min(l["x0"] for l in body)
    text = "\n".join(l["text"] for l in pdf.lines)
    broken = 0
    for a, b in zip(body, body[1:]):
        if ABBR.search(a["text"]) and re.match(r"^\d", b["text"]):
            broken += 1
    by_page = {}
    for l in body:
        by_page.setdefault(l["page"], []).append(l)
    colon_last = sum(
        1 for p, ls in by_page.items()
        if p < len(pdf.pages) and ls[-1]["text"].rstrip().endswith(":")
    )
    heading_last = sum(
        1 for p, ls in by_page.items() if p < len(pdf.pages) and ls[-1]["heading"]
    )
    lens = sorted(len(l["text"]) for l in body if not l["heading"])
    return {
        "pages": len(pdf.pages),
        "straight ' ": text.count("'"),
        "curly ’ ‘": text.count("\u2019") + text.count("\u2018"),
        'straight "': text.count('"'),
        "« »": text.count("\u00ab") + text.count("\u00bb"),
        "“ ”": text.count("\u201c") + text.count("\u201d"),
        "abbreviation / number parted at a line end": broken,
        "longest line (chars)": lens[-1] if lens else 0,
        "90th pct line (chars)": lens[int(len(lens) * 0.9)] if lens else 0,
        "page ends on a lead-in ':'": colon_last,
        "page ends on a heading": heading_last,
        "lists run across a page break": sum(1 for b in breaks if b["pages"][0] != b["pages"][1]),
        "… lead-in on one page, its list on the next": sum(1 for b in breaks if b["parted"]),
        "… one item alone on a page": sum(1 for b in breaks if b["lone"]),
        "lists found / in the Markdown": f"{len(breaks)} / {len(lists)}",
        "line past the right margin": sum(
            1 for l in body if l["x1"] > pdf.pages[l["page"] - 1][0] - left + 1),
        "line ends in '-'": sum(1 for l in body if re.search(r"\w-$", l["text"])),
    }


# --- main ------------------------------------------------------------------------------
pdfs = {s: {d: Pdf(cfg["pdf"][s][d]) for d in DOCS} for s in SIDES}
md = {
    "before": {d: open(os.path.join(work, "md-before", d + ".md")).read() for d in DOCS},
    "after": {d: open(os.path.join(work, "md-after", d + ".md")).read() for d in DOCS},
}
md["typst"] = md["after"]
lab = cfg["labels"]
notes = []

# 1. The first page.
panels = [raster(s, "external", 1) for s in SIDES]
compose(panels, [f"{lab[s]} · p. 1" for s in SIDES], "1 · First page of the external policy",
        os.path.join(outdir, "1-first-page.png"))

# 2. The accounts table, from its heading to the next heading.
panels, labels = [], []
for s in SIDES:
    pdf = pdfs[s]["external"]
    table, _ = cases(md[s]["external"])
    a = locate(pdf, table["start"])
    b = locate(pdf, table["end"], (a or 0) + 1)
    if a is None or b is None:
        sys.exit(f"side-by-side: the accounts table is not found in the {s} PDF")
    segs = segments(pdf, a, b, end_exclusive=True)
    panels.append(crop(s, "external", segs, f"table-{s}"))
    pages = sorted({p for p, _, _ in segs})
    labels.append(f"{lab[s]} · p. {'–'.join(map(str, [pages[0], pages[-1]] if len(pages) > 1 else pages))}")
compose(panels, labels, "2 · The accounts table (“I nostri account”)",
        os.path.join(outdir, "2-accounts-table.png"))


# 3 and 4. A list the after PDF runs across a page break, and one typst does (a lead-in
# parted from its list first): the same list in all three.
def contains(seq, sub):
    return any(seq[i : i + len(sub)] == sub for i in range(len(seq) - len(sub) + 1))


def spans(pdf, r):
    return pdf.words[r[0]][1] != pdf.words[r[1]][1]


def choose(side, wanted="", prefer_parted=False):
    want = [norm(w) for w in wanted.split()] if wanted else None
    found = []
    for d in DOCS:
        _, lists = cases(md[side][d])
        for lst in lists:
            if want and not contains(lst["all"], want):
                continue
            pdf = pdfs[side][d]
            r = region_of_list(pdf, lst)
            if r is None:
                continue
            b = list_break(pdf, lst, r)
            parted = bool(b and b["parted"])
            key = (not spans(pdf, r), prefer_parted and not parted, not lst["colon"], DOCS.index(d))
            found.append((key, d, lst))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    return found[0][1], found[0][2]


def same_list(side, doc, lst):
    """`lst` (a list of the after Markdown) in `side`'s PDF: (list, region), where the list
    is side's own version of it (same heading above, same lead-in or first item) when its
    text has changed since; (None, None) if side has no such list."""
    pdf = pdfs[side][doc]
    r = region_of_list(pdf, lst)
    if r is not None:
        return lst, r
    _, lists = cases(md[side][doc])
    for key in ("lead", "first"):
        for own in lists:
            if lst[key] and own[key] == lst[key] and own["anchor"] == lst["anchor"]:
                r = region_of_list(pdf, own)
                if r is not None:
                    return own, r
    return None, None


def list_image(pick, number, what, dest, env):
    if pick is None:
        sys.exit(f"side-by-side: no list found for image {number}" + (f" ({env})" if env else ""))
    doc, lst = pick
    panels, labels = [], []
    for s in SIDES:
        d_used, note = doc, ""
        use, r = same_list(s, doc, lst)
        if r is None and s == "before":
            # Not in the before text at all: the before document's own list across a page break.
            own = choose("before")
            if own is None:
                sys.exit("side-by-side: no list found in the before PDF")
            d_used, use = own
            r = region_of_list(pdfs[s][d_used], use)
            note = " · another list (not in its text)"
            notes.append(f"image {number}, before: the list “{lst['text']}” is not in its text; "
                         f"the panel shows its own list across a page break, “{use['text']}” ({d_used})")
        elif r is None:
            sys.exit(f"side-by-side: the list “{lst['text']}” is not found in the {s} PDF")
        elif use is not lst:
            note = " · its text then"
        pdf = pdfs[s][d_used]
        segs = segments(pdf, r[0], r[1])
        panels.append(crop(s, d_used, segs, f"list{number}-{s}"))
        pages = sorted({p for p, _, _ in segs})
        where = f"p. {pages[0]}–{pages[-1]}" if len(pages) > 1 else f"p. {pages[0]}, no break"
        b = list_break(pdf, use, r)
        if b and b["parted"]:
            where += ", lead-in parted"
        elif b and b["lone"]:
            where += ", one item alone"
        labels.append(f"{lab[s]} · {d_used} {where}{note}")
    compose(panels, labels, f"{number} · {what}: “{lst['text']}” ({doc})", dest)


list_image(choose("after", cfg["list"]), 3, "A list the after PDF runs across a page break",
           os.path.join(outdir, "3-list-page-break.png"), cfg["list"] and f"LIST={cfg['list']!r}")
list_image(choose("typst", cfg["list2"], prefer_parted=True), 4,
           "A list typst runs across a page break",
           os.path.join(outdir, "4-list-typst-break.png"), cfg["list2"] and f"LIST2={cfg['list2']!r}")

# Metrics.
rows = {}
for s in SIDES:
    for d in DOCS:
        rows[(s, d)] = metrics(pdfs[s][d], cases(md[s][d])[1])
keys = list(rows[("after", "external")].keys())
with open(os.path.join(outdir, "metrics.md"), "w") as f:
    f.write("<!-- written by scripts/side-by-side.sh -->\n")
    f.write("Measured with pdftotext (-bbox-layout) on each PDF; footer lines left out of the "
            "line counts.\n\n")
    cols = [(s, d) for d in DOCS for s in SIDES]
    f.write("| | " + " | ".join(f"{lab[s]} {d}" for s, d in cols) + " |\n")
    f.write("|---|" + "---:|" * len(cols) + "\n")
    for k in keys:
        f.write(f"| {k} | " + " | ".join(str(rows[c][k]) for c in cols) + " |\n")
    if notes:
        f.write("\n" + "\n".join(f"- {n}" for n in notes) + "\n")
print(open(os.path.join(outdir, "metrics.md")).read())
EOF

find_pdf() {
  local f
  f="$(find "$1" -name "$2" -type f | sort | head -n 1)"
  [ -n "$f" ] || {
    echo "side-by-side: no $2 under $1" >&2
    exit 1
  }
  realpath "$f"
}
before_external="$(find_pdf "$before_dir" external.pdf)"
before_internal="$(find_pdf "$before_dir" internal.pdf)"
after_external="$(find_pdf "$after_dir" external.pdf)"
after_internal="$(find_pdf "$after_dir" internal.pdf)"
# typst's footer says what smpolicy's says on page 1: its text lines joined (smpolicy wraps
# them to two lines), without the page label and the SHA-256 line.
for doc in external internal; do
  after_pdf="after_$doc"
  python3 - "$work/typst/$doc.typ" "$work/typst/$doc.pdf" "$fonts" \
    "$(pdftotext -f 1 -l 1 -y 760 -H 82 -W 596 -x 0 "${!after_pdf}" - |
      tr -d '\f' | sed -E 's/ *Pagina [0-9]+ di [0-9]+ *$//' |
      grep -v -e '^SHA-256' -e '^ *$' | paste -sd ' ')" << 'EOF'
import sys, typst
src, out, fonts, footer = sys.argv[1:5]
typst.compile(src, output=out, font_paths=[fonts], ignore_system_fonts=True,
              sys_inputs={"footer": footer})
EOF
done

cfg="$(python3 -c '
import json, sys
be, bi, ae, ai, t, bl, al, tl, lst, lst2 = sys.argv[1:11]
print(json.dumps({
  "pdf": {
    "before": {"external": be, "internal": bi},
    "after": {"external": ae, "internal": ai},
    "typst": {"external": t + "/external.pdf", "internal": t + "/internal.pdf"},
  },
  "labels": {"before": bl, "after": al, "typst": tl},
  "list": lst,
  "list2": lst2,
}))' "$before_external" "$before_internal" "$after_external" "$after_internal" "$work/typst" \
  "before ${before_sha:0:7}" "after ${after_sha:0:7}" \
  "typst $typst_version (pandoc $pandoc_version)" "${LIST:-}" "${LIST2:-}")"

python3 "$work/side.py" "$work" "$outdir" "$dpi" "$label_font" "$cfg"
echo "side-by-side: before ${before_sha:0:12}, after ${after_sha:0:12}, typst $typst_version, pandoc $pandoc_version ($pandoc)" >&2
ls -l "$outdir"/*.png >&2
