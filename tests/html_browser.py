#!/usr/bin/env python3
"""html_browser.py - open HTML reports in headless Chromium (tests/suite_html.sh).

    python3 tests/html_browser.py [--no-pictures N1,N2] [--full-page] CHROMIUM OUTDIR FILE.html...

(--no-pictures: the pages that need neither ladder nor tree; --full-page:
screenshots of the whole page, as docs/report-sample.png is made.)

One browser for all the files, driven over the DevTools protocol (a
websocket client of the standard library's sockets: no pip).  For each
file, one line "ok - ..." or "not ok - ...":

  the page loads with no console message of level error, no exception and
  no request but the file itself (a CSP violation is an error too);
  it has a ladder (an <svg> in a figure.ladder with at least one rung) when
  the report has a Handshakes section, and a chain tree (ul.tree with a
  .cert) when it has a Certificate chains section - and at least one of
  them, unless the file is named in --no-pictures;
  the screenshot (OUTDIR/NAME.png) is not blank: its pixels are decoded
  here (PNG: zlib, unfiltered) and must hold more than a few colours;
  window.__pwned is never set (the injected-script fixture sets it if it
  runs) and the title is not "pwned";
  the light scheme, or the dark one for a NAME.dark.html (prefers-color-scheme
  emulated), is applied; a NAME.print.html prints to a PDF, and in black on
  white even from a dark desktop (print media with the dark scheme emulated);
  every evidence line holds the log's lines around it, shown when its
  <details> is opened (the marked line and more); no id is used twice.

Exit status 0 when every check passed.
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib


class WS:
    """A minimal websocket client (RFC 6455): text frames, client masking."""

    def __init__(self, url, timeout=60):
        assert url.startswith("ws://")
        hostport, path = url[5:].split("/", 1)
        host, port = hostport.rsplit(":", 1)
        self.s = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        req = ("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key))
        self.s.sendall(req.encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise IOError("websocket handshake: connection closed")
            buf += chunk
        head, self.rest = buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise IOError("websocket handshake: %r" % head[:80])

    def _read(self, n):
        while len(self.rest) < n:
            chunk = self.s.recv(1 << 20)
            if not chunk:
                raise IOError("websocket closed")
            self.rest += chunk
        out, self.rest = self.rest[:n], self.rest[n:]
        return out

    def send(self, obj):
        data = json.dumps(obj).encode()
        n = len(data)
        hdr = bytes([0x81])
        if n < 126:
            hdr += bytes([0x80 | n])
        elif n < 65536:
            hdr += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            hdr += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.s.sendall(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            if b1 & 0x80:
                mask = self._read(4)
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self._read(n)))
            else:
                payload = self._read(n)
            op = b0 & 0x0F
            if op == 8:
                raise IOError("websocket closed by the browser")
            if op in (9, 10):  # ping, pong
                continue
            msg += payload
            if b0 & 0x80:
                return json.loads(msg.decode())


class Page:
    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self.ws.send({"id": mid, "method": method, "params": params})
        while True:
            m = self.ws.recv()
            if m.get("id") == mid:
                if "error" in m:
                    raise IOError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def wait_event(self, method, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e["method"] == method:
                    del self.events[i]
                    return e
            m = self.ws.recv()
            if "method" in m:
                self.events.append(m)
        raise IOError("no %s within %ds" % (method, timeout))

    def drain(self, seconds):
        self.ws.s.settimeout(seconds)
        try:
            while True:
                m = self.ws.recv()
                if "method" in m:
                    self.events.append(m)
        except (socket.timeout, TimeoutError):
            pass
        finally:
            self.ws.s.settimeout(60)

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        return r.get("result", {}).get("value")


def png_colours(data):
    """Distinct colours among the decoded pixels of an 8-bit RGB(A) PNG (up to 64)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                return 0
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours = set()
    for y in range(len(raw) // (stride + 1)):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 0xFF
            elif f == 2:
                line[x] = (line[x] + b) & 0xFF
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        prev = line
        if y % 8 == 0:
            for x in range(0, stride, bpp * 7):
                colours.add(bytes(line[x:x + 3]))
        if len(colours) >= 64:
            break
    return len(colours)


CHECK_JS = r"""(() => {
  const figs = document.querySelectorAll('figure.ladder svg');
  let rungs = 0; figs.forEach(s => rungs += s.querySelectorAll('a, g').length);
  const certs = document.querySelectorAll('ul.tree .cert').length;
  const hs = [...document.querySelectorAll('h3')].map(h => h.textContent);
  const box = figs.length ? figs[0].getBoundingClientRect() : {width: 0, height: 0};
  return {ladders: figs.length, rungs, certs, hasHs: hs.some(t => t.startsWith('Handshakes') || t === 'Side by side'),
          hasCerts: hs.includes('Certificate chains'), w: box.width, h: box.height,
          pwned: window.__pwned === undefined ? 0 : window.__pwned, title: document.title,
          scriptText: document.body.textContent.includes('<script>'), scripts: document.scripts.length};
})()"""

# every evidence line's context block: the log's own lines (data-context="log"), and once its
# <details> is opened, shown (a box with height, the marked line and a line around it); ids unique
CONTEXT_JS = r"""(() => {
  const items = [...document.querySelectorAll('ul.ev > li')];
  let log = 0, shown = 0;
  items.forEach(li => {
    const d = li.querySelector('details'), pre = li.querySelector('details > pre.ctx');
    if (!d || !pre) return;
    if (pre.dataset.context === 'log') log++;
    d.open = true;
    const lines = pre.textContent.split('\n').filter(t => t.trim()).length;
    if (pre.getBoundingClientRect().height > 10 && pre.querySelector('mark') && lines >= 2) shown++;
  });
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  return {items: items.length, log, shown, dupIds: ids.length - new Set(ids).size};
})()"""


def main():
    args = sys.argv[1:]
    no_pictures, full = set(), False
    while args and args[0].startswith("--"):
        if args[0] == "--no-pictures":
            no_pictures = set(args[1].split(","))
            args = args[2:]
        elif args[0] == "--full-page":  # the screenshots take the whole page (docs/report-sample.png)
            full = True
            args = args[1:]
        else:
            print("not ok - html_browser.py: unknown option %s" % args[0])
            return 2
    chromium, outdir, files = args[0], args[1], args[2:]
    profile = tempfile.mkdtemp(prefix="tx-chromium-")
    proc = subprocess.Popen([chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                             "--no-default-browser-check", "--disable-dev-shm-usage", "--disable-extensions", "--disable-background-networking",
                             "--disable-sync", "--disable-component-update", "--remote-debugging-port=0",
                             "--user-data-dir=" + profile, "--window-size=1200,900", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fails = 0
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        end = time.time() + 60
        while not (os.path.exists(port_file) and open(port_file).read().count("\n") >= 1):
            if time.time() > end or proc.poll() is not None:
                print("not ok - chromium did not start (DevToolsActivePort)")
                return 1
            time.sleep(0.1)
        port, path = open(port_file).read().split("\n")[:2]
        browser = Page(WS("ws://127.0.0.1:%s%s" % (port, path)))
        for f in files:
            name = os.path.basename(f)
            url = "file://" + os.path.abspath(f)
            tid = browser.call("Target.createTarget", url="about:blank")["targetId"]
            page = Page(WS("ws://127.0.0.1:%s/devtools/page/%s" % (port, tid)))
            try:
                for d in ("Page", "Runtime", "Network", "Log"):
                    page.call(d + ".enable")
                dark = ".dark." in name
                if dark:
                    page.call("Emulation.setEmulatedMedia",
                              features=[{"name": "prefers-color-scheme", "value": "dark"}])
                page.call("Page.navigate", url=url)
                page.wait_event("Page.loadEventFired")
                page.drain(0.3)
                errs, reqs = [], []
                for e in page.events:
                    m, p = e["method"], e.get("params", {})
                    if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                        errs.append("console.%s" % p.get("type"))
                    elif m == "Runtime.exceptionThrown":
                        errs.append("exception: %s" % p.get("exceptionDetails", {}).get("text"))
                    elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                        errs.append("log: %s" % p["entry"].get("text", "")[:160])
                    elif m == "Network.requestWillBeSent":
                        u = p.get("request", {}).get("url", "")
                        if u != url and not u.startswith("data:"):
                            reqs.append(u)
                r = page.js(CHECK_JS)
                if full:
                    size = page.call("Page.getLayoutMetrics")["cssContentSize"]
                    # down to the log lines (the pictures and the findings, not the raw log)
                    end = page.js("(() => { const e = document.querySelector('h3[id$=\"-log\"]');"
                                  " return e ? e.getBoundingClientRect().top + window.scrollY : 0; })()")
                    clip = {"x": 0, "y": 0, "width": size["width"], "height": end or size["height"], "scale": 1}
                    shot = base64.b64decode(page.call("Page.captureScreenshot", format="png", clip=clip,
                                                      captureBeyondViewport=True)["data"])
                else:
                    shot = base64.b64decode(page.call("Page.captureScreenshot", format="png")["data"])
                png = os.path.join(outdir, name + ".png")
                with open(png, "wb") as o:
                    o.write(shot)
                colours = png_colours(shot)
                why = []
                bg = page.js("getComputedStyle(document.body).backgroundColor")
                if dark and bg not in ("rgb(19, 21, 24)",):
                    why.append("dark scheme not applied (background %s)" % bg)
                if not dark and bg != "rgb(255, 255, 255)":
                    why.append("light scheme not applied (background %s)" % bg)
                if ".print." in name:
                    pdf = base64.b64decode(page.call("Page.printToPDF")["data"])
                    with open(os.path.join(outdir, name + ".pdf"), "wb") as o:
                        o.write(pdf)
                    if not pdf.startswith(b"%PDF") or len(pdf) < 5000:
                        why.append("printing gave %d bytes" % len(pdf))
                    # printed from a dark desktop: still dark text on white paper
                    page.call("Emulation.setEmulatedMedia", media="print",
                              features=[{"name": "prefers-color-scheme", "value": "dark"}])
                    ink = page.js("[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]")
                    page.call("Emulation.setEmulatedMedia", media="", features=[])
                    if ink != ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]:
                        why.append("printed in the dark scheme: text %s on %s" % tuple(ink))
                c = page.js(CONTEXT_JS)  # opens the evidence lines: after the screenshot and the PDF
                if c["log"] != c["items"] or c["shown"] != c["items"]:
                    why.append("evidence lines: %d, with the log's lines around: %d, shown when opened: %d"
                               % (c["items"], c["log"], c["shown"]))
                if c["dupIds"]:
                    why.append("%d duplicate ids" % c["dupIds"])
                if errs:
                    why.append("console errors: %s" % "; ".join(errs[:3]))
                if reqs:
                    why.append("requests: %s" % ", ".join(reqs[:3]))
                if r["hasHs"] and (not r["ladders"] or not r["rungs"] or r["w"] < 100 or r["h"] < 40):
                    why.append("empty ladder (%r)" % r)
                if r["hasCerts"] and not r["certs"]:
                    why.append("empty certificate tree")
                if name.split(".html")[0] not in no_pictures and not (r["hasHs"] or r["hasCerts"]):
                    why.append("neither ladder nor certificate tree")
                if colours < 4:
                    why.append("blank screenshot (%d colours)" % colours)
                if r["pwned"] or "pwned" in (r["title"] or "") or r["scripts"]:
                    why.append("a script ran or is in the DOM (pwned=%r, scripts=%d)" % (r["pwned"], r["scripts"]))
                if why:
                    fails += 1
                    print("not ok - %s: %s" % (name, "; ".join(why)))
                else:
                    print("ok - %s opens in Chromium: %d ladder%s, %d rungs, %d certificates, %d evidence lines "
                          "opening on their context, no error, no request, screenshot %d+ colours"
                          % (name, r["ladders"], "" if r["ladders"] == 1 else "s", r["rungs"], r["certs"],
                             c["items"], colours))
            except (IOError, OSError, KeyError, ValueError) as ex:
                fails += 1
                print("not ok - %s: %s" % (name, ex))
            finally:
                try:
                    page.ws.s.close()
                    browser.call("Target.closeTarget", targetId=tid)
                except (IOError, OSError):
                    pass
            sys.stdout.flush()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
