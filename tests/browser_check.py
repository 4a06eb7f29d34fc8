"""Open the built site in headless Chromium (Debian's, at /usr/bin/chromium) through Playwright,
served from 127.0.0.1, and report what a reader's browser met on each page.

Used by tests/test_site.py; also a command for looking at the site by hand:

    .venv/bin/python tests/browser_check.py                      # check every page of site/, at 390 and 1280 px
    .venv/bin/python tests/browser_check.py --shots /tmp/shots   # ... and save a screenshot of each, at each width

Playwright drives the system browser; it never downloads one (no `playwright install`).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
HOST = "127.0.0.1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-pings",
    "--disable-domain-reliability",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]

#: For every image: wait until it has loaded (bringing lazy ones into view first), then report it.
IMAGES_JS = """async () => {
  const settle = (img) => new Promise((resolve) => {
    if (img.complete) return resolve();
    img.addEventListener('load', resolve, {once: true});
    img.addEventListener('error', resolve, {once: true});
    setTimeout(resolve, 15000);
  });
  for (const img of Array.from(document.images)) { img.scrollIntoView(); await settle(img); }
  window.scrollTo(0, 0);
  return Array.from(document.images).map((i) => ({src: i.currentSrc || i.src, complete: i.complete,
                                                  width: i.naturalWidth, alt: i.getAttribute('alt')}));
}"""
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href], link[href], area[href]')).map((a) => ({
  href: a.href, raw: a.getAttribute('href'), download: a.hasAttribute('download'), tag: a.tagName.toLowerCase()}))"""
IDS_JS = "() => Array.from(document.querySelectorAll('[id]')).map((e) => e.id)"
#: Phone and desktop widths (CSS pixels) every page is checked at.
WIDTHS = (390, 1280)
#: A chart image may be shown no smaller than this share of its natural width (its text would shrink below
#: about 10 CSS pixels), unless it is an SVG whose smallest text stays at least MIN_TEXT CSS pixels.
MIN_SCALE = 0.45
MIN_TEXT = 9.5
#: How wide the page is laid out, against the viewport: wider means the reader scrolls sideways.
OVERFLOW_JS = "() => ({scroll: document.scrollingElement.scrollWidth, viewport: window.innerWidth})"
#: Every chart image as rendered: its file, its natural and rendered widths, and for an SVG the size of its
#: smallest text in CSS pixels (font-size in the SVG's units, scaled by rendered width / viewBox width).
CHARTS_JS = """async () => {
  const out = [];
  for (const img of Array.from(document.querySelectorAll('figure img, .gallery img'))) {
    const src = img.currentSrc || img.src;
    const item = {src: src, natural: img.naturalWidth, rendered: img.getBoundingClientRect().width, minText: null};
    if (src.endsWith('.svg')) {
      const svg = new DOMParser().parseFromString(await (await fetch(src)).text(), 'image/svg+xml').documentElement;
      const box = (svg.getAttribute('viewBox') || '').split(/[ ,]+/).map(Number);
      const sizes = Array.from(svg.querySelectorAll('text')).map((t) => {
        const m = /font-size:\\s*([\\d.]+)px/.exec(t.getAttribute('style') || '');
        return m ? Number(m[1]) : Number(t.getAttribute('font-size') || 0);
      }).filter((x) => x > 0);
      if (sizes.length && box[2]) item.minText = Math.min(...sizes) * item.rendered / box[2];
    }
    out.push(item);
  }
  return out;
}"""


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that drops a connection it no longer needs is not a fault of the site.
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL (ending in '/')."""
    server = _Server((HOST, 0), functools.partial(_Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == HOST


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)


def new_context(browser, requests: list[str], width: int = 1280):
    """A browser context ``width`` CSS pixels wide that records every request and lets none leave 127.0.0.1."""
    height = 844 if width < 600 else 900
    context = browser.new_context(
        viewport={"width": width, "height": height},
        service_workers="block",
        is_mobile=width < 600,
        has_touch=width < 600,
    )

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            r.abort("blockedbyclient")

    context.route("**/*", route)
    context.on("request", lambda req: requests.append(req.url))
    return context


#: Wait until every <picture> shows the source its media queries now pick (after a resize a browser swaps it
#: asynchronously; a lazy image picks nothing until it comes into view, so each is scrolled to), for at most ten
#: seconds in all; return the pictures that still show another source, as [wanted, shown].
PICTURES_JS = """async () => {
  const wanted = (pic) => {
    for (const s of pic.querySelectorAll('source')) {
      if (!s.media || window.matchMedia(s.media).matches) return s.getAttribute('srcset').split(/\\s+/)[0];
    }
    return pic.querySelector('img').getAttribute('src');
  };
  const deadline = Date.now() + 10000;
  const wrong = [];
  for (const pic of Array.from(document.querySelectorAll('picture'))) {
    const img = pic.querySelector('img');
    const url = new URL(wanted(pic), document.baseURI).href;
    if (img.currentSrc !== url) img.scrollIntoView();
    while (img.currentSrc !== url && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (img.currentSrc !== url) wrong.push([url, img.currentSrc]);
  }
  window.scrollTo(0, 0);
  return wrong;
}"""


#: Where the narrow layout's "On this page" summary stands (null without one): whether it shows, its top, and
#: the top of the article's first section heading, in page coordinates.
TOC_JS = """() => {
  const toc = document.querySelector('details.toc-narrow summary');
  if (!toc) return null;
  const box = toc.getBoundingClientRect();
  const first = document.querySelector('article h2');
  return {visible: box.width > 0 && box.height > 0 && getComputedStyle(toc).visibility !== 'hidden',
          y: box.top + window.scrollY, first: first ? first.getBoundingClientRect().top + window.scrollY : null};
}"""


def layout(page) -> dict:
    """What depends on the page's width: its images (each loaded), its width against the viewport's, its visible
    text, its charts' scale and where its "On this page" stands."""
    return {
        "pictures": page.evaluate(PICTURES_JS),
        "toc": page.evaluate(TOC_JS),
        "images": page.evaluate(IMAGES_JS),
        "overflow": page.evaluate(OVERFLOW_JS),
        "text": page.evaluate("() => document.body.innerText"),
        "charts": page.evaluate(CHARTS_JS),
    }


def visit(page, url: str, screenshot: Path | None = None, narrower: tuple[int, ...] = ()) -> dict:
    """Load one page in ``page`` (a browser tab, laid out at its context's width; one tab can visit every page
    in turn, which spares a new renderer process for each); return its console errors, page errors, failed
    requests and responses >= 400, its images, its links, its element ids, its visible text, its width against
    the viewport's and its charts' scale; and under ``narrower``, by width, what depends on the width when the
    page is resized. The tab is left at its context's width."""
    found: dict = {"console": [], "pageerrors": [], "failed": [], "bad_status": []}
    handlers = {
        "console": lambda m: found["console"].append(f"{m.type}: {m.text}") if m.type == "error" else None,
        "pageerror": lambda e: found["pageerrors"].append(str(e)),
        "requestfailed": lambda r: found["failed"].append(f"{r.url}: {r.failure}"),
        "response": lambda r: found["bad_status"].append(f"{r.url}: {r.status}") if r.status >= 400 else None,
    }
    for event, handler in handlers.items():
        page.on(event, handler)
    own_size = page.viewport_size
    try:
        response = page.goto(url, wait_until="load")
        found["status"] = response.status if response else None
        found["links"] = page.evaluate(LINKS_JS)
        found["ids"] = page.evaluate(IDS_JS)
        found.update(layout(page))
        found["narrower"] = {}
        for width in narrower or ():  # the same page laid out again at each narrower width, without a reload
            page.set_viewport_size({"width": width, "height": 844})
            found["narrower"][width] = layout(page)
        # Every image has loaded (IMAGES_JS scrolls each into view and waits) and every chart's SVG has been
        # fetched, and the context records every request: no need to wait half a second for the network to
        # fall idle, except for a screenshot of the finished page.
        if screenshot is not None:
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(screenshot), full_page=True)
    finally:
        if narrower:
            page.set_viewport_size(own_size)
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
        # Stop the page's loads still in flight (a picture's source it no longer shows): cancelled here, unheard,
        # rather than when the tab goes to its next page, whose failed requests they would seem to be.
        page.evaluate("() => window.stop()")
    return found


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path(__file__).resolve().parent.parent / "site")
    parser.add_argument("--shots", type=Path, help="save a full-page screenshot of each page here")
    parser.add_argument("pages", nargs="*", help="pages to open (default: every *.html)")
    args = parser.parse_args(argv)
    pages = args.pages or sorted(p.name for p in args.site.glob("*.html"))
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    problems = 0
    with serve(args.site) as base, sync_playwright() as pw:
        browser = launch(pw)
        requests: list[str] = []
        for width in WIDTHS:
            context = new_context(browser, requests, width)
            tab = context.new_page()
            for name in pages:
                shot = args.shots / f"{Path(name).stem}-{width}.png" if args.shots else None
                r = visit(tab, base + name, shot)
                bad_images = [i["src"] for i in r["images"] if not (i["complete"] and i["width"] > 0)]
                issues = r["console"] + r["pageerrors"] + r["failed"] + r["bad_status"] + bad_images
                if r["overflow"]["scroll"] > r["overflow"]["viewport"]:
                    issues.append(f"scrolls sideways: {r['overflow']['scroll']} px wide")
                small = [c for c in r["charts"] if c["natural"] and c["rendered"] / c["natural"] < MIN_SCALE]
                issues += [f"chart at {c['rendered'] / c['natural']:.2f} of its width: {c['src']}" for c in small]
                texts = [c["minText"] for c in r["charts"] if c["minText"] is not None]
                problems += len(issues)
                print(
                    f"{width:>4} px {name:<24} status {r['status']}, {len(r['images'])} images, {len(r['links'])} links, "
                    f"{r['overflow']['scroll']} px wide"
                    + (f", chart text >= {min(texts):.1f} px" if texts else "")
                    + "".join(f"\n  ! {i}" for i in issues)
                )
            context.close()
        outside = sorted({u for u in requests if not is_local(u)})
        problems += len(outside)
        print(f"{len(requests)} requests, {len(outside)} to other hosts" + "".join(f"\n  ! {u}" for u in outside))
        browser.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
