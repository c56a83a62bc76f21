#!/usr/bin/env python3
"""Loopback servers for tests/suite_capture.sh: the clear-text side of STARTTLS and an HTTP
CONNECT proxy.  Each binds 127.0.0.1 on a free port, prints "READY <port>" once listening and
serves until it is killed (the suite stops it by PID).

  starttls PROTO --cert F --key F [--cafile F] [--refuse] [--delay SEC]
         PROTO is smtp, imap, pop3, ldap, postgres or ftp: greet, answer the upgrade command
         (SMTP EHLO/STARTTLS, IMAP a1 STARTTLS, POP3 STLS, LDAP extended request
         1.3.6.1.4.1.1466.20037, PostgreSQL SSLRequest, FTP AUTH TLS), then TLS with Python's
         ssl module (--cafile: a client certificate is required and checked), then answer the
         probe's one exchange and its goodbye.  --refuse: answer the upgrade with a refusal
         (SMTP 454, IMAP NO, POP3 -ERR, LDAP protocolError, PostgreSQL N, FTP 502).  --delay:
         wait that long before the greeting (a probe that stays alive to be looked at).
  ocsp --index F --cafile F --cert F --key F [--crl F]
         An OCSP responder over HTTP (POST, or GET with the request in the path): each request
         is answered by `openssl ocsp -index F -CA cafile -rsigner cert -rkey key` (the index of
         `openssl ca`, read again every time: the files may be made after the server started,
         with its port in their AIA).  Each request goes to stderr as "ocsp: request N".
         --crl: GET /ca.crl answers with that file (read at each request), logged "crl: get".
  proxy [--auth-file F]
         CONNECT HOST:PORT only (anything else: 405), tunnelled both ways.  --auth-file: the
         credentials "user:password" it demands (Basic; 407 otherwise).  Every request line and
         whether it carried a Proxy-Authorization header (never its value) go to stderr.
"""
import argparse
import base64
import socket
import ssl
import sys
import threading
import time


def log(msg):
    sys.stderr.write("capture_servers: %s\n" % msg)
    sys.stderr.flush()


def readline(conn, limit=8192):
    b = b""
    while not b.endswith(b"\n"):
        c = conn.recv(1)
        if not c:
            break
        b += c
        if len(b) > limit:
            break
    return b.decode("latin-1").rstrip("\r\n")


def recv_exact(conn, n):
    b = b""
    while len(b) < n:
        c = conn.recv(n - len(b))
        if not c:
            break
        b += c
    return b


def ber_read(conn):
    """One BER element: (tag, content)."""
    tag = recv_exact(conn, 1)
    if not tag:
        return None, b""
    first = recv_exact(conn, 1)[0]
    if first & 0x80:
        ln = int.from_bytes(recv_exact(conn, first & 0x7F), "big")
    else:
        ln = first
    return tag[0], recv_exact(conn, ln)


def upgrade(conn, proto, refuse):
    """The clear-text part; True when the client should now start TLS."""
    send = conn.sendall
    if proto == "smtp":
        send(b"220 mail.test ESMTP capture_servers\r\n")
        while True:
            line = readline(conn)
            if not line:
                return False
            verb = line.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                send(b"250-mail.test\r\n250-PIPELINING\r\n" + (b"" if refuse else b"250-STARTTLS\r\n") + b"250 8BITMIME\r\n")
            elif verb == "STARTTLS":
                if refuse:
                    send(b"454 4.7.0 TLS not available\r\n")
                    return False
                send(b"220 2.0.0 Ready to start TLS\r\n")
                return True
            else:
                send(b"502 5.5.2 unrecognized\r\n")
    if proto == "ftp":
        send(b"220-capture_servers FTP\r\n220 ready\r\n")
        line = readline(conn)
        if line.upper() == "AUTH TLS" and not refuse:
            send(b"234 AUTH TLS successful\r\n")
            return True
        send(b"502 Command not implemented\r\n")
        return False
    if proto == "pop3":
        send(b"+OK capture_servers POP3 ready\r\n")
        line = readline(conn)
        if line.upper() == "STLS" and not refuse:
            send(b"+OK Begin TLS negotiation\r\n")
            return True
        send(b"-ERR STLS not available\r\n")
        return False
    if proto == "imap":
        send(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] capture_servers ready\r\n")
        line = readline(conn)
        tag = line.split(" ")[0]
        if line.upper().endswith(" STARTTLS") and not refuse:
            send(b"* NOTE going secure\r\n" + tag.encode() + b" OK Begin TLS negotiation now\r\n")
            return True
        send(tag.encode() + b" NO STARTTLS not available\r\n")
        return False
    if proto == "ldap":
        tag, body = ber_read(conn)
        if tag != 0x30 or b"1.3.6.1.4.1.1466.20037" not in body:
            return False
        code = 2 if refuse else 0
        # LDAPMessage { messageID 1, [APPLICATION 24] { resultCode, matchedDN "", diagnosticMessage "" } }
        resp = bytes([0x78, 0x07, 0x0A, 0x01, code, 0x04, 0x00, 0x04, 0x00])
        msg = bytes([0x02, 0x01, 0x01]) + resp
        send(bytes([0x30, len(msg)]) + msg)
        return not refuse
    if proto == "postgres":
        req = recv_exact(conn, 8)
        if req != b"\x00\x00\x00\x08\x04\xd2\x16\x2f":
            return False
        send(b"N" if refuse else b"S")
        return not refuse
    return False


def after(tls, proto):
    """Answer the probe's one exchange after the handshake, then its goodbye."""
    send = tls.sendall
    if proto in ("smtp", "ftp", "pop3", "imap"):
        while True:
            line = readline(tls)
            if not line:
                return
            u = line.upper()
            if proto == "smtp":
                send(b"221 2.0.0 Bye\r\n" if u == "QUIT" else b"250-mail.test\r\n250 8BITMIME\r\n")
            elif proto == "ftp":
                send(b"221 Goodbye\r\n" if u == "QUIT" else b"211-Features:\r\n UTF8\r\n211 End\r\n")
            elif proto == "pop3":
                send(b"+OK bye\r\n" if u == "QUIT" else b"+OK\r\n")
            else:
                tag = line.split(" ")[0].encode()
                if u.endswith(" LOGOUT"):
                    send(b"* BYE\r\n" + tag + b" OK LOGOUT completed\r\n")
                else:
                    send(tag + b" OK NOOP completed\r\n")
            if u == "QUIT" or u.endswith(" LOGOUT"):
                return
    elif proto == "ldap":
        ber_read(tls)  # the UnbindRequest
    elif proto == "postgres":
        ln = int.from_bytes(recv_exact(tls, 4), "big")
        recv_exact(tls, max(ln - 4, 0))
        body = b"SFATAL\x00" + b"Mrole \"tlsexplain\" does not exist\x00" + b"\x00"
        send(b"E" + (4 + len(body)).to_bytes(4, "big") + body)  # ErrorResponse
        recv_exact(tls, 5)  # Terminate


def starttls_conn(conn, args, ctx):
    try:
        conn.settimeout(20)
        time.sleep(args.delay)
        if not upgrade(conn, args.proto, args.refuse):
            return
        tls = ctx.wrap_socket(conn, server_side=True)
        try:
            after(tls, args.proto)
            tls.unwrap()
        except (OSError, ssl.SSLError):
            pass
    except (OSError, ssl.SSLError) as e:
        log("%s: %s" % (args.proto, e))
    finally:
        conn.close()


def tunnel(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    finally:
        try:
            b.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def proxy_conn(conn, args, want):
    try:
        conn.settimeout(20)
        while True:
            line = readline(conn)
            if not line:
                return
            headers = {}
            while True:
                h = readline(conn)
                if not h:
                    break
                k, _, v = h.partition(":")
                headers[k.strip().lower()] = v.strip()
            got = headers.get("proxy-authorization")
            log("request %r auth=%s" % (line, "yes" if got else "no"))
            parts = line.split(" ")
            if len(parts) != 3 or parts[0] != "CONNECT":
                conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            if want and got != "Basic " + want:
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                             b"Proxy-Authenticate: Basic realm=\"capture-test\"\r\nContent-Length: 0\r\n\r\n")
                continue
            host, _, port = parts[1].rpartition(":")
            host = host.strip("[]")
            try:
                up = socket.create_connection((host, int(port)), timeout=10)
            except OSError as e:
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                log("connect %s: %s" % (parts[1], e))
                return
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            conn.settimeout(None)
            up.settimeout(None)
            t = threading.Thread(target=tunnel, args=(up, conn), daemon=True)
            t.start()
            tunnel(conn, up)
            t.join(20)
            up.close()
            return
    except OSError as e:
        log("proxy: %s" % e)
    finally:
        conn.close()


def ocsp_conn(conn, args, counter):
    import subprocess
    import tempfile
    import urllib.parse
    try:
        conn.settimeout(10)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            c = conn.recv(4096)
            if not c:
                return
            head += c
        head, _, body = head.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path = lines[0].split(" ")[:2]
        if method == "GET" and path == "/ca.crl" and args.crl:
            with open(args.crl, "rb") as f:
                crl = f.read()
            log("crl: get")
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: %d\r\n"
                         b"Connection: close\r\n\r\n" % len(crl) + crl)
            return
        if method == "POST":
            n = 0
            for l in lines[1:]:
                if l.lower().startswith("content-length:"):
                    n = int(l.split(":", 1)[1])
            while len(body) < n:
                c = conn.recv(n - len(body))
                if not c:
                    break
                body += c
            req = body[:n]
        else:
            req = base64.b64decode(urllib.parse.unquote(path.lstrip("/")))
        counter[0] += 1
        log("ocsp: request %d" % counter[0])
        with tempfile.TemporaryDirectory() as d:
            with open(d + "/req.der", "wb") as f:
                f.write(req)
            subprocess.run(["openssl", "ocsp", "-index", args.index, "-CA", args.cafile, "-rsigner", args.cert,
                            "-rkey", args.key, "-reqin", d + "/req.der", "-respout", d + "/resp.der"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
            with open(d + "/resp.der", "rb") as f:
                resp = f.read()
        conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: %d\r\n"
                     b"Connection: close\r\n\r\n" % len(resp) + resp)
    except (OSError, ValueError, subprocess.SubprocessError) as e:
        log("ocsp: %s" % e)
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["starttls", "proxy", "ocsp"])
    ap.add_argument("proto", nargs="?")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--cafile")
    ap.add_argument("--refuse", action="store_true")
    ap.add_argument("--delay", type=float, default=0)
    ap.add_argument("--auth-file")
    ap.add_argument("--index")
    ap.add_argument("--crl")
    args = ap.parse_args()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    if args.mode == "starttls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        if args.cafile:
            ctx.load_verify_locations(args.cafile)
            ctx.verify_mode = ssl.CERT_REQUIRED
        handler, extra = starttls_conn, ctx
    elif args.mode == "ocsp":
        handler, extra = ocsp_conn, [0]
    else:
        want = None
        if args.auth_file:
            with open(args.auth_file, "rb") as f:
                want = base64.b64encode(f.read().splitlines()[0]).decode()
        handler, extra = proxy_conn, want
    print("READY %d" % srv.getsockname()[1], flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handler, args=(conn, args, extra), daemon=True).start()


if __name__ == "__main__":
    main()
