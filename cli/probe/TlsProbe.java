// TlsProbe: the probe `tlsexplain capture` runs - a tiny "does this JVM trust that server?"
// check in the spirit of the knowledge base's ssltest.  It connects with the JVM's own trust
// and key settings (the standard javax.net.ssl.* system properties or the default cacerts),
// never disables a check, prints one line on success and the exception with its full stack
// trace on failure.  Java 8 source level: the class tlsexplain embeds runs on any JRE 8+.
//
//   java [-Djavax.net.debug=all] [-Djavax.net.ssl.trustStore=...] [-Djavax.net.ssl.keyStore=...]
//        TlsProbe https://host:port/ | tls://host:port
//
// https://... makes an HTTPS request (HttpsURLConnection, as most applications do); tls://
// opens a socket, speaks the clear-text upgrade of probe.starttls if set, then TLS on that
// socket with the host name checked (endpoint identification HTTPS, LDAPS for ldap).
//
// Settings (system properties):
//   probe.timeout.ms   connect and read timeout in milliseconds (default 5000)
//   probe.starttls     smtp, imap, pop3, ldap, postgres or ftp (tls:// targets only):
//                      SMTP EHLO + STARTTLS, IMAP "a1 STARTTLS", POP3 STLS, LDAP extended
//                      operation 1.3.6.1.4.1.1466.20037, PostgreSQL SSLRequest, FTP AUTH TLS
//   probe.proxy        host:port of an HTTP proxy: the connection is a CONNECT tunnel
// Environment (kept off the command line, where other users of the machine could read it;
// never printed):
//   TLSEXPLAIN_STOREPASS     the truststore password (javax.net.ssl.trustStorePassword)
//   TLSEXPLAIN_KEYSTOREPASS  the keystore password (javax.net.ssl.keyStorePassword)
//   TLSEXPLAIN_PROXY_AUTH    user:password for the proxy (Basic), with probe.proxy only
// All are set before any TLS class loads.
//
// It talks to the target (or probe.proxy) only: no other proxy, no redirects followed.
// What the server says in clear text is printed escaped, one line at most 200 characters,
// and a clear-text line is read up to 8192 bytes (TX_MAX_PROBE_LINE in parser/limits.h).
// Exit status: 0 connected (and for https: read an HTTP response), 1 failed, 2 usage error.

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

public final class TlsProbe {

    private static final int MAX_LINE = 8192;  // TX_MAX_PROBE_LINE
    private static final int MAX_LINES = 200;  // lines of one multi-line reply

    /** Where the clear-text helpers (tunnel, upgrade) print what the server said: stdout here;
     *  TlsScan, which shares them, points it elsewhere for its many handshakes. */
    static java.io.PrintStream out = System.out;

    /** Delegates to the JVM's default factory and remembers the last socket it made. */
    private static final class RecordingFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        volatile SSLSocket last;

        RecordingFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket remember(Socket s) {
            if (s instanceof SSLSocket) {
                last = (SSLSocket) s;
            }
            return s;
        }

        @Override public String[] getDefaultCipherSuites() { return delegate.getDefaultCipherSuites(); }
        @Override public String[] getSupportedCipherSuites() { return delegate.getSupportedCipherSuites(); }
        @Override public Socket createSocket() throws IOException { return remember(delegate.createSocket()); }
        @Override public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return remember(delegate.createSocket(s, host, port, autoClose));
        }
        @Override public Socket createSocket(String host, int port) throws IOException {
            return remember(delegate.createSocket(host, port));
        }
        @Override public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return remember(delegate.createSocket(host, port, localHost, localPort));
        }
        @Override public Socket createSocket(InetAddress host, int port) throws IOException {
            return remember(delegate.createSocket(host, port));
        }
        @Override public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return remember(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    /** The proxy's credentials, for HttpsURLConnection's own CONNECT (asked after a 407). */
    private static final class ProxyAuth extends Authenticator {
        private final String user;
        private final char[] pass;

        ProxyAuth(String user, char[] pass) {
            this.user = user;
            this.pass = pass;
        }

        @Override protected PasswordAuthentication getPasswordAuthentication() {
            return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(user, pass.clone()) : null;
        }
    }

    public static void main(String[] args) {
        if (args.length != 1 || !(args[0].startsWith("https://") || args[0].startsWith("tls://"))) {
            System.err.println("usage: java TlsProbe https://host:port/ | tls://host:port");
            System.exit(2);
        }
        storePasswords();
        String proxy = System.getProperty("probe.proxy");
        String auth = proxyAuth(proxy);
        String starttls = System.getProperty("probe.starttls");
        String target = args[0];
        int timeout = Integer.getInteger("probe.timeout.ms", 5000);
        System.out.println("[INFO] Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"));
        System.out.println("[INFO] Connecting to " + target
                + (starttls != null ? " (STARTTLS " + starttls + ")" : "")
                + (proxy != null ? " through the HTTP proxy " + proxy + (auth != null ? " (with credentials)" : "") : ""));
        try {
            if (target.startsWith("https://")) {
                https(target, proxy, auth, timeout);
            } else {
                tls(target, starttls, proxy, auth, timeout);
            }
            System.exit(0);
        } catch (Exception e) {
            System.out.println("[ERROR] Could not connect to " + target + ": " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** The store passwords from the environment into the standard properties, before any TLS
     *  class loads (TlsScan too). */
    static void storePasswords() {
        String pass = System.getenv("TLSEXPLAIN_STOREPASS");
        if (pass != null) {
            System.setProperty("javax.net.ssl.trustStorePassword", pass);
        }
        String kpass = System.getenv("TLSEXPLAIN_KEYSTOREPASS");
        if (kpass != null && System.getProperty("javax.net.ssl.keyStore") != null) {
            System.setProperty("javax.net.ssl.keyStorePassword", kpass);
        }
    }

    /** TLSEXPLAIN_PROXY_AUTH when there is a proxy (null otherwise); exits 2 when it is not
     *  user:password. */
    static String proxyAuth(String proxy) {
        String auth = proxy != null ? System.getenv("TLSEXPLAIN_PROXY_AUTH") : null;
        if (auth != null && auth.indexOf(':') <= 0) {
            System.err.println("[ERROR] TLSEXPLAIN_PROXY_AUTH is not user:password");
            System.exit(2);
        }
        return auth;
    }

    /** "host:port" or "[v6]:port": {host, port}. */
    static String[] hostPort(String s) {
        int c = s.lastIndexOf(':');
        String host = s.substring(0, c);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, s.substring(c + 1)};
    }

    private static void https(String target, String proxy, String auth, int timeout) throws Exception {
        Proxy via = Proxy.NO_PROXY;
        if (proxy != null) {
            String[] hp = hostPort(proxy);
            via = new Proxy(Proxy.Type.HTTP, new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
            if (auth != null) {
                // Basic for a CONNECT tunnel is off by default since 8u111: on for this one
                System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
                int c = auth.indexOf(':');
                Authenticator.setDefault(new ProxyAuth(auth.substring(0, c), auth.substring(c + 1).toCharArray()));
            }
        }
        URL url = new URL(target);
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection(via);
        conn.setConnectTimeout(timeout);
        conn.setReadTimeout(timeout);
        conn.setInstanceFollowRedirects(false);
        RecordingFactory factory = new RecordingFactory(HttpsURLConnection.getDefaultSSLSocketFactory());
        conn.setSSLSocketFactory(factory);
        conn.connect();
        SSLSession session = factory.last != null ? factory.last.getSession() : null;
        String protocol = session != null ? session.getProtocol() : "unknown-protocol";
        String suite = conn.getCipherSuite();
        // Read the response: with TLS 1.3 a server may reject the client certificate only
        // after the handshake, and the alert then arrives with the first read.
        int code = conn.getResponseCode();
        String message = conn.getResponseMessage();
        InputStream in = code >= HttpURLConnection.HTTP_BAD_REQUEST ? conn.getErrorStream() : conn.getInputStream();
        if (in != null) {
            byte[] buf = new byte[4096];
            long total = 0;
            int n;
            while ((n = in.read(buf)) != -1 && total < (1 << 20)) {
                total += n;
            }
            in.close();
        }
        System.out.println("[INFO] Connected: " + protocol + " " + suite);
        System.out.println("[INFO] HTTP response: " + code + (message != null ? " " + clean(message) : ""));
        conn.disconnect();
    }

    private static void tls(String target, String starttls, String proxy, String auth, int timeout) throws Exception {
        String[] hp = hostPort(target.substring("tls://".length()).replaceAll("/$", ""));
        String host = hp[0];
        int port = Integer.parseInt(hp[1]);
        Socket raw = open(host, port, starttls, proxy, auth, timeout);
        try {
            SSLSocketFactory f = (SSLSocketFactory) SSLSocketFactory.getDefault();
            SSLSocket s = (SSLSocket) f.createSocket(raw, host, port, true);
            SSLParameters sp = s.getSSLParameters();
            sp.setEndpointIdentificationAlgorithm("ldap".equals(starttls) ? "LDAPS" : "HTTPS");
            s.setSSLParameters(sp);
            s.startHandshake();
            SSLSession session = s.getSession();
            // With TLS 1.3 a server may reject the client certificate only after the
            // handshake: one exchange in the protocol (or one read) brings that alert.
            try {
                afterHandshake(s, starttls, timeout);
            } catch (SocketTimeoutException e) {
                System.out.println("[INFO] no answer within " + timeout + " ms after the handshake");
            }
            System.out.println("[INFO] Connected: " + session.getProtocol() + " " + session.getCipherSuite());
            s.close();
        } finally {
            raw.close();
        }
    }

    /** A socket to host:port - through a CONNECT tunnel of the HTTP proxy when proxy is set -
     *  with timeout as its connect and read timeout, the starttls upgrade done: the server
     *  expects a ClientHello next.  Closed again on failure.  (TlsScan opens its sockets so.) */
    static Socket open(String host, int port, String starttls, String proxy, String auth, int timeout)
            throws IOException {
        Socket raw = new Socket(Proxy.NO_PROXY);
        try {
            raw.setSoTimeout(timeout);
            if (proxy != null) {
                String[] pp = hostPort(proxy);
                raw.connect(new InetSocketAddress(pp[0], Integer.parseInt(pp[1])), timeout);
                tunnel(raw, host, port, auth);
            } else {
                raw.connect(new InetSocketAddress(host, port), timeout);
            }
            if (starttls != null) {
                upgrade(raw, starttls);
            }
            return raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** A CONNECT tunnel through the HTTP proxy on s to host:port. */
    static void tunnel(Socket s, String host, int port, String auth) throws IOException {
        String hp = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        StringBuilder req = new StringBuilder();
        req.append("CONNECT ").append(hp).append(" HTTP/1.1\r\nHost: ").append(hp).append("\r\n");
        if (auth != null) {
            req.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        req.append("\r\n");
        send(s, req.toString());
        InputStream in = s.getInputStream();
        String status = readLine(in);
        out.println("[INFO] proxy: " + clean(status));
        for (int i = 0; i < MAX_LINES; i++) {
            if (readLine(in).isEmpty()) {
                break;
            }
        }
        String[] w = status.split(" ", 3);
        if (w.length < 2 || !w[0].startsWith("HTTP/1.") || !w[1].equals("200")) {
            throw new IOException("the proxy refused the tunnel to " + hp + ": " + clean(status));
        }
    }

    /** The clear-text part of starttls: on return the server expects a ClientHello. */
    static void upgrade(Socket s, String proto) throws IOException {
        InputStream in = s.getInputStream();
        if (proto.equals("smtp")) {
            expect(reply(in), "220", "SMTP greeting");
            send(s, "EHLO tlsexplain.invalid\r\n");
            expect(reply(in), "250", "SMTP EHLO");
            send(s, "STARTTLS\r\n");
            expect(reply(in), "220", "SMTP STARTTLS");
        } else if (proto.equals("ftp")) {
            expect(reply(in), "220", "FTP greeting");
            send(s, "AUTH TLS\r\n");
            expect(reply(in), "234", "FTP AUTH TLS");
        } else if (proto.equals("pop3")) {
            expect(said(readLine(in)), "+OK", "POP3 greeting");
            send(s, "STLS\r\n");
            expect(said(readLine(in)), "+OK", "POP3 STLS");
        } else if (proto.equals("imap")) {
            expect(said(readLine(in)), "* OK", "IMAP greeting");
            send(s, "a1 STARTTLS\r\n");
            String line;
            int i = 0;
            while (!(line = said(readLine(in))).startsWith("a1 ")) {
                if (++i > MAX_LINES) {
                    throw new IOException("IMAP STARTTLS: no tagged answer");
                }
            }
            expect(line, "a1 OK", "IMAP STARTTLS");
        } else if (proto.equals("ldap")) {
            ldapStartTls(s);
        } else if (proto.equals("postgres")) {
            // SSLRequest: length 8, code 80877103; the answer is one byte, S or N
            s.getOutputStream().write(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});
            s.getOutputStream().flush();
            int b = in.read();
            out.println("[INFO] server: " + (b < 0 ? "(closed)" : clean(String.valueOf((char) b))));
            if (b != 'S') {
                throw new IOException("PostgreSQL SSLRequest: the server answered "
                        + (b == 'N' ? "N (no SSL on this server)" : b < 0 ? "nothing (closed)" : "byte " + b));
            }
        } else {
            throw new IOException("unknown STARTTLS protocol " + proto);
        }
    }

    /** LDAPv3 StartTLS: ExtendedRequest 1.3.6.1.4.1.1466.20037, messageID 1; resultCode 0 wanted. */
    private static void ldapStartTls(Socket s) throws IOException {
        byte[] oid = "1.3.6.1.4.1.1466.20037".getBytes(StandardCharsets.US_ASCII);
        byte[] req = new byte[7 + 2 + oid.length];
        int k = 0;
        req[k++] = 0x30;
        req[k++] = (byte) (3 + 2 + 2 + oid.length);
        req[k++] = 0x02; req[k++] = 0x01; req[k++] = 0x01;      // messageID 1
        req[k++] = 0x77; req[k++] = (byte) (2 + oid.length);    // [APPLICATION 23] ExtendedRequest
        req[k++] = (byte) 0x80; req[k++] = (byte) oid.length;   // [0] requestName
        System.arraycopy(oid, 0, req, k, oid.length);
        s.getOutputStream().write(req);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        if (in.read() != 0x30) {
            throw new IOException("LDAP StartTLS: the answer is not an LDAPMessage");
        }
        int len = berLength(in);
        if (len < 0 || len > MAX_LINE) {
            throw new IOException("LDAP StartTLS: an LDAPMessage of " + len + " bytes");
        }
        byte[] msg = new byte[len];
        for (int got = 0; got < len; ) {
            int n = in.read(msg, got, len - got);
            if (n < 0) {
                throw new IOException("LDAP StartTLS: the server closed the connection");
            }
            got += n;
        }
        // messageID, then [APPLICATION 24] ExtendedResponse { resultCode ENUMERATED, matchedDN, diagnosticMessage ... }
        int i = 0;
        if (msg.length < 3 || msg[i] != 0x02) {
            throw new IOException("LDAP StartTLS: no messageID in the answer");
        }
        i += 2 + (msg[i + 1] & 0xff);
        if (i + 2 > msg.length || (msg[i] & 0xff) != 0x78) {
            throw new IOException("LDAP StartTLS: the answer is not an ExtendedResponse");
        }
        i++;
        i += (msg[i] & 0x80) != 0 ? 1 + (msg[i] & 0x7f) : 1;
        if (i + 3 > msg.length || msg[i] != 0x0a || msg[i + 1] != 1) {
            throw new IOException("LDAP StartTLS: no resultCode in the answer");
        }
        int code = msg[i + 2] & 0xff;
        out.println("[INFO] server: LDAP extended response, resultCode " + code);
        if (code != 0) {
            throw new IOException("LDAP StartTLS: the server answered resultCode " + code
                    + (code == 2 ? " (protocolError: StartTLS not supported)" : ""));
        }
    }

    private static int berLength(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        if ((b & 0x80) == 0) {
            return b;
        }
        int n = b & 0x7f, len = 0;
        if (n == 0 || n > 3) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            len = (len << 8) | c;
        }
        return len;
    }

    /**
     * After the handshake: one harmless exchange, then goodbye, reading to the end.  A server
     * that rejects the client after a TLS 1.3 handshake (no or a bad client certificate) sends
     * its alert at once and closes: a write then fails (broken pipe) and the alert is lost, so
     * a reader thread waits for the server's first byte before anything is written.  No read
     * has a timeout here: JSSE would log its "Read timed out" as if it were the failure.
     */
    static void afterHandshake(SSLSocket s, String proto, int timeout) throws IOException {
        boolean plain = proto == null;
        if (plain && !"TLSv1.3".equals(s.getSession().getProtocol())) {
            return; // TLS 1.2 and earlier reject a client certificate within the handshake
        }
        final InputStream raw = s.getInputStream();
        final int[] first = {-2};
        final IOException[] failed = {null};
        s.setSoTimeout(0);
        Thread reader = new Thread(() -> {
            try {
                first[0] = raw.read();
            } catch (IOException e) {
                failed[0] = e;
            }
        }, "probe-first-read");
        reader.setDaemon(true);
        reader.start();
        join(reader, Math.min(timeout, 500));
        if (!reader.isAlive() && failed[0] != null) {
            throw failed[0];
        }
        // the first words of the exchange
        if ("smtp".equals(proto)) {
            send(s, "EHLO tlsexplain.invalid\r\n");
        } else if ("ftp".equals(proto)) {
            send(s, "FEAT\r\n");
        } else if ("pop3".equals(proto)) {
            send(s, "NOOP\r\n");
        } else if ("imap".equals(proto)) {
            send(s, "a2 NOOP\r\n");
        } else if ("ldap".equals(proto)) {
            s.getOutputStream().write(new byte[] {0x30, 0x05, 0x02, 0x01, 0x02, 0x42, 0x00}); // UnbindRequest
            s.getOutputStream().flush();
            out.println("[INFO] sent an LDAP UnbindRequest");
        } else if ("postgres".equals(proto)) {
            // StartupMessage (protocol 3.0, user tlsexplain): the server answers R (authentication) or E
            byte[] kv = "user\0tlsexplain\0\0".getBytes(StandardCharsets.US_ASCII);
            byte[] m = new byte[8 + kv.length];
            m[3] = (byte) m.length;
            m[5] = 3;
            System.arraycopy(kv, 0, m, 8, kv.length);
            s.getOutputStream().write(m);
            s.getOutputStream().flush();
        } else if (reader.isAlive()) {
            // a plain TLS port: close_notify, then read to the end
            try {
                s.shutdownOutput();
            } catch (UnsupportedOperationException e) {
                return;
            }
            out.println("[INFO] sent close_notify");
        }
        join(reader, timeout);
        if (reader.isAlive()) {
            out.println("[INFO] no answer within " + timeout + " ms after the handshake");
            return;
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        s.setSoTimeout(timeout);
        InputStream in = first[0] < 0 ? raw
                : new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first[0]}), raw);
        if (first[0] < 0) {
            out.println("[INFO] the server closed the connection");
            return;
        }
        if ("smtp".equals(proto) || "ftp".equals(proto)) {
            reply(in);
            send(s, "QUIT\r\n");
            reply(in);
        } else if ("pop3".equals(proto)) {
            said(readLine(in));
            send(s, "QUIT\r\n");
            said(readLine(in));
        } else if ("imap".equals(proto)) {
            for (int i = 0; i < MAX_LINES && !said(readLine(in)).startsWith("a2 "); i++) {
                // untagged lines
            }
            send(s, "a3 LOGOUT\r\n");
            for (int i = 0; i < MAX_LINES && !said(readLine(in)).startsWith("a3 "); i++) {
                // * BYE
            }
        } else if ("postgres".equals(proto)) {
            out.println("[INFO] server: PostgreSQL message " + clean(String.valueOf((char) first[0])));
            s.getOutputStream().write(new byte[] {'X', 0, 0, 0, 4}); // Terminate
            s.getOutputStream().flush();
            drain(in);
        } else {
            drain(in);
        }
    }

    private static void join(Thread t, long ms) {
        try {
            t.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Read what the server still sends, up to 1 MiB, until it closes. */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        long total = 0;
        int n;
        while (total < (1 << 20) && (n = in.read(buf)) != -1) {
            total += n;
        }
        out.println("[INFO] the server closed the connection" + (total > 0 ? " after " + total + " bytes" : ""));
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line (CRLF or LF), byte by byte: nothing past it is consumed (TLS bytes follow). */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (;;) {
            int c = in.read();
            if (c < 0) {
                if (b.length() == 0) {
                    throw new IOException("the server closed the connection");
                }
                break;
            }
            if (c == '\n') {
                break;
            }
            if (b.length() >= MAX_LINE) {
                throw new IOException("a line of more than " + MAX_LINE + " bytes from the server");
            }
            b.append((char) c);
        }
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
    }

    /** A line the server said, printed escaped. */
    private static String said(String line) {
        out.println("[INFO] server: " + clean(line));
        return line;
    }

    /** A reply of SMTP or FTP: "NNN-..." lines, then "NNN ...": the last line. */
    private static String reply(InputStream in) throws IOException {
        for (int i = 0; i < MAX_LINES; i++) {
            String line = said(readLine(in));
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
        throw new IOException("a reply of more than " + MAX_LINES + " lines");
    }

    private static void expect(String line, String want, String what) throws IOException {
        if (!line.startsWith(want)) {
            throw new IOException(what + ": expected " + want + ", the server answered: " + clean(line));
        }
    }

    /** Printable ASCII, the rest as \xNN, at most 200 characters: a server forges no log line. */
    private static String clean(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        return b.toString();
    }
}
