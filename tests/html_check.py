#!/usr/bin/env python3
"""html_check.py - the browser-free check of an HTML report (tests/suite_htmlcheck.sh).

    python3 tests/html_check.py [--log-context] FILE...
                                            one line per problem; exit 1 if any

--log-context: every context block must hold the log's own lines
(data-context="log"), not the fallback that says they were not available.

Every file must parse with html.parser with every element closed in order
(void elements aside), ids unique, every #fragment link resolving to an id,
every evidence line (<ul class="ev"> item) linking to its log line
(#...-L<n>, with n its line) and holding its context block (<pre class="ctx"
data-line="n"> with the line itself marked) in which no hex-dump row shows
(decrypted data), every SVG titled, and nothing that would load
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
        self.in_ctx = 0         # depth inside an evidence line's <pre class="ctx">
        self.in_mark = 0

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
        if self.in_ev and self.ev_items and tag == "pre" and "ctx" in (a.get("class") or "").split():
            # [data-line, data-context, text, marked text]
            self.ev_items[-1].append([a.get("data-line"), a.get("data-context"), [], []])
            self.in_ctx = 1
        elif self.in_ctx and tag == "mark":
            self.in_mark += 1
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
        if tag == "pre" and self.in_ctx:
            self.in_ctx = 0
        if tag == "mark" and self.in_mark:
            self.in_mark -= 1

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)
        if self.in_ctx and self.ev_items and len(self.ev_items[-1]) > 2:
            self.ev_items[-1][2][2].append(data)
            if self.in_mark:
                self.ev_items[-1][2][3].append(data)
        if self.in_ev and self.ev_items and self.ev_items[-1][0] is None:
            m = re.search(r":(\d+)$", data)
            if m:
                self.ev_items[-1][0] = m.group(1)


HEXROW = re.compile(r"[0-9A-Fa-f]{4}: ([0-9A-Fa-f]{2} ){4}")


def check(path, log_context=False):
    text = open(path, encoding="utf-8").read()
    p = Check()
    p.feed(text)
    p.close()
    if p.stack:
        p.problem("unclosed at the end: %s" % " ".join(p.stack))
    for frag, line in p.hrefs:
        if frag not in p.ids:
            p.problems.append("line %d: link to #%s, which no element has" % (line, frag))
    nlog = 0
    for item in p.ev_items:
        line, hrefs = item[0], item[1]
        want = [h for h in hrefs if re.search(r"-L%s$" % re.escape(line or "x"), h)]
        if not line or not want:
            p.problems.append("an evidence line (%s) without a link to its log line (%s)" % (line, hrefs))
        ctx = item[2] if len(item) > 2 else None
        if not ctx:
            p.problems.append("evidence line %s: no context block" % line)
            continue
        if len(item) > 3:
            p.problems.append("evidence line %s: %d context blocks" % (line, len(item) - 2))
        cline, kind, ctext, marked = ctx[0], ctx[1], "".join(ctx[2]), "".join(ctx[3])
        if cline != line:
            p.problems.append("evidence line %s: its context block is of line %s" % (line, cline))
        if not ctx[3] or ctx[3][0] != line:  # <mark><span class="ln">n</span>...
            p.problems.append("evidence line %s: the line is not marked in its context" % line)
        nlog += kind == "log"
        if log_context and kind != "log":
            p.problems.append("evidence line %s: the log's lines around it are not shown (%s)" % (line, kind))
        # (the evidence line itself is shown as the finding shows it)
        rest = ctext.replace(marked, "", 1) if marked else ctext
        if HEXROW.search(rest):
            p.problems.append("evidence line %s: a hex-dump row in its context: %r" % (line, HEXROW.search(rest).group(0)))
    css = "".join(p.styles)
    if "url(" in css or "@import" in css:
        p.problems.append("the CSS loads something")
    if not p.csp:
        p.problems.append("no Content-Security-Policy forbidding scripts and fetches")
    if not text.startswith("<!DOCTYPE html>"):
        p.problems.append("no doctype")
    return p.problems, len(p.ev_items), nlog


def main():
    bad = 0
    args = sys.argv[1:]
    log_context = "--log-context" in args
    for path in [a for a in args if a != "--log-context"]:
        problems, nev, nlog = check(path, log_context)
        for m in problems[:20]:
            print("%s: %s" % (path, m))
        if problems:
            bad = 1
        else:
            print("%s: ok (%d evidence lines, %d with the log's lines around)" % (path, nev, nlog))
    return bad


if __name__ == "__main__":
    sys.exit(main())
