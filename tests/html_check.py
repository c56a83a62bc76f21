#!/usr/bin/env python3
"""html_check.py - the browser-free check of an HTML report (tests/suite_htmlcheck.sh).

    python3 tests/html_check.py FILE...     one line per problem; exit 1 if any

Every file must parse with html.parser with every element closed in order
(void elements aside), ids unique, every #fragment link resolving to an id,
every evidence line (<ul class="ev"> item) linking to its log line
(#...-L<n>, with n its line), every SVG titled, and nothing that would load
or run: no <script>, <link>, <iframe>, <object>, <embed>, <base>; no src or
href but #fragments and data:; no url( or @import in CSS; and the
Content-Security-Policy meta that forbids it all.
"""
import html.parser
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FORBIDDEN = {"script", "link", "iframe", "object", "embed", "base", "frame", "applet"}


class Check(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.hrefs, self.problems = [], {}, [], []
        self.in_ev = 0          # depth inside <ul class="ev">
        self.ev_items = []      # [line cited in the text, [hrefs]]
        self.svg_titled = []    # per <svg>: saw a <title> child
        self.csp = False
        self.in_style = False
        self.styles = []
        self.text_in_ev = []

    def problem(self, msg):
        self.problems.append("line %d: %s" % (self.getpos()[0], msg))

    def attrs_check(self, tag, attrs):
        a = dict(attrs)
        if tag in FORBIDDEN:
            self.problem("<%s> is not allowed" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.problem("event handler attribute %s on <%s>" % (k, tag))
            if k in ("src", "href", "xlink:href", "action", "formaction", "poster", "srcset") and v is not None:
                if not (v.startswith("#") or v.startswith("data:")):
                    self.problem("<%s %s=%r>: not a fragment" % (tag, k, v))
                if v.startswith("#"):
                    self.hrefs.append((v[1:], self.getpos()[0]))
            if k == "style" and v and ("url(" in v or "@import" in v):
                self.problem("style attribute loads something")
        if "id" in a:
            if a["id"] in self.ids:
                self.problem("duplicate id %r" % a["id"])
            self.ids[a["id"]] = 1
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            c = a.get("content") or ""
            if "default-src 'none'" in c and "script-src" not in c:
                self.csp = True
        return a

    def handle_starttag(self, tag, attrs):
        a = self.attrs_check(tag, attrs)
        if tag == "title" and self.stack and self.stack[-1] == "svg" and self.svg_titled:
            self.svg_titled[-1] = True
        if tag == "svg":
            self.svg_titled.append(False)
        if tag == "ul" and "ev" in (a.get("class") or "").split():
            self.in_ev += 1
        elif self.in_ev and tag == "li" and self.stack and self.stack[-1] == "ul":
            self.ev_items.append([None, []])
        if self.in_ev and tag == "a" and self.ev_items and "href" in a:
            self.ev_items[-1][1].append(a["href"])
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.attrs_check(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problem("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "ul" and self.in_ev:
            self.in_ev -= 1  # an evidence list holds no other list
        if tag == "svg" and self.svg_titled and not self.svg_titled.pop():
            self.problem("an <svg> without a <title>")
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)
        if self.in_ev and self.ev_items and self.ev_items[-1][0] is None:
            m = re.search(r":(\d+)$", data)
            if m:
                self.ev_items[-1][0] = m.group(1)


def check(path):
    text = open(path, encoding="utf-8").read()
    p = Check()
    p.feed(text)
    p.close()
    if p.stack:
        p.problem("unclosed at the end: %s" % " ".join(p.stack))
    for frag, line in p.hrefs:
        if frag not in p.ids:
            p.problems.append("line %d: link to #%s, which no element has" % (line, frag))
    for line, hrefs in p.ev_items:
        want = [h for h in hrefs if re.search(r"-L%s$" % re.escape(line or "x"), h)]
        if not line or not want:
            p.problems.append("an evidence line (%s) without a link to its log line (%s)" % (line, hrefs))
    css = "".join(p.styles)
    if "url(" in css or "@import" in css:
        p.problems.append("the CSS loads something")
    if not p.csp:
        p.problems.append("no Content-Security-Policy forbidding scripts and fetches")
    if not text.startswith("<!DOCTYPE html>"):
        p.problems.append("no doctype")
    return p.problems, len(p.ev_items)


def main():
    bad = 0
    for path in sys.argv[1:]:
        problems, nev = check(path)
        for m in problems[:20]:
            print("%s: %s" % (path, m))
        if problems:
            bad = 1
        else:
            print("%s: ok (%d evidence lines)" % (path, nev))
    return bad


if __name__ == "__main__":
    sys.exit(main())
