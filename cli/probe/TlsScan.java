// TlsScan: the probe `tlsexplain scan` runs - a server check made inside the application's own
// JRE, with its own truststore and security properties.  Java 8 source level, one class file
// (no inner classes: tlsexplain embeds it like TlsProbe).
//
//   java [-Djavax.net.ssl.trustStore=...] TlsScan HOST PORT
//
// Settings (system properties):
//   probe.timeout.ms      connect and read timeout of every handshake (default 5000)
//   probe.budget.ms       the whole scan's time budget; later handshakes are skipped (default 60000)
//   probe.servername      the SNI name to send (default: HOST when it is a name)
//   probe.suites          "1": enumerate the cipher suites the server accepts per version
//   probe.starttls        smtp, imap, pop3, ldap, postgres or ftp: every connection upgrades first
//   probe.proxy           host:port of an HTTP proxy: every connection is a CONNECT tunnel
//   probe.revocation      "1": also validate with revocation checking on (OCSP and CRL, fetched by
//                         this JRE from the URLs in the certificates: the one step that contacts
//                         hosts other than the target)
// Environment (never on the command line, never printed):
//   TLSEXPLAIN_STOREPASS     the truststore password
//   TLSEXPLAIN_KEYSTOREPASS  the keystore password (javax.net.ssl.keyStore: the client's key)
//   TLSEXPLAIN_PROXY_AUTH    user:password for the proxy
// The connection steps (proxy tunnel, STARTTLS, the exchange after the application's
// handshake) are TlsProbe's: its classes sit beside this one.
//
// Output, one fact a line: "scan: T PATH VALUE", T = s (string), n (number), b (boolean); PATH
// is dot-separated, a numeric segment is an array index; VALUE has every byte outside printable
// ASCII and the backslash written as \\uXXXX / \\\\ (a certificate's text cannot forge a line).
// Then the application's view, in TlsProbe's words, for the rulebook: "[INFO] Connecting to",
// "[INFO] Connected: PROTOCOL SUITE" or "[ERROR] Could not connect to URL: EXCEPTION" and its
// stack trace.
//
// Network: only HOST:PORT (or probe.proxy); at most MAX_HANDSHAKES connections, each bounded by
// probe.timeout.ms per read, all of them by probe.budget.ms.  The chain is READ with a
// trust-all manager only to display it (and to test protocols and SNI independently of trust);
// whether the JRE trusts it is decided by the JRE's own default trust manager, separately, and
// the application's view uses the default SSLContext with host name verification.
// Exit status: 0 the application's view connected, 1 it failed, 2 usage error.

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.DSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

public final class TlsScan implements X509TrustManager {

    private static final int MAX_HANDSHAKES = 150;
    private static final int MAX_SUITE_TRIES = 40; // per version
    private static final String WRONG_NAME = "tlsexplain-sni-check.invalid";
    private static final String[] VERSIONS = {"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3"};

    // ---- trust-all: only to READ the chain and test protocols, never to judge trust ----
    @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
    @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
    @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }

    private final String host;
    private final int port;
    private final int timeout;
    private final long deadline;
    private final String sniName;
    private final String starttls, proxy, auth; // probe.starttls, probe.proxy, its credentials
    private KeyManager[] keys;                 // the client's key (javax.net.ssl.keyStore), or null
    private int handshakes;
    private SSLContext readCtx; // marks "a fresh trust-all context" in handshake()
    private X509Certificate[] served; // the chain as served, for the rulebook's view
    private X509Certificate[] noName; // the chain served without server_name (sni(): without_name)
    private String noNameFp, namedFp; // the leaf's SHA-256 without a name and with sniName

    private TlsScan(String host, int port, int timeout, long budget, String sniName, String starttls, String proxy,
            String auth) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.deadline = System.currentTimeMillis() + budget;
        this.sniName = sniName;
        this.starttls = starttls;
        this.proxy = proxy;
        this.auth = auth;
    }

    /** What the clear-text steps print: kept for the application's handshake (its view shows
     *  them), dropped for the others. */
    private static final ByteArrayOutputStream DROPPED = new ByteArrayOutputStream(); // emptied each time
    private static final PrintStream DROP = new PrintStream(DROPPED, true);
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();

    // ---- output ----
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static void s(String path, String v) {
        if (v != null) {
            System.out.println("scan: s " + path + " " + esc(v));
        }
    }

    static void n(String path, long v) {
        System.out.println("scan: n " + path + " " + v);
    }

    static void b(String path, boolean v) {
        System.out.println("scan: b " + path + " " + v);
    }

    static void list(String path, String[] v) {
        for (int i = 0; v != null && i < v.length; i++) {
            s(path + "." + i, v[i]);
        }
    }

    static String why(Throwable t) {
        return t.toString();
    }

    static String hex(byte[] d) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            b.append(String.format(i == 0 ? "%02X" : ":%02X", d[i] & 0xff));
        }
        return b.toString();
    }

    // ---- connections ----
    private boolean budgetLeft() {
        return handshakes < MAX_HANDSHAKES && System.currentTimeMillis() + 1000 < deadline;
    }

    /** One handshake: null when out of budget, else the connected socket (the caller closes it). */
    private SSLSocket handshake(SSLContext ctx, String[] protocols, String[] suites, String sni, boolean noSni,
            boolean verifyHost) throws Exception {
        if (!budgetLeft()) {
            return null;
        }
        handshakes++;
        long left = deadline - System.currentTimeMillis();
        int t = (int) Math.max(500, Math.min(timeout, left));
        // a new trust-all context each time (below): no session is resumed, so every handshake
        // is a full one and shows what the server does for exactly this offer (SNI, version,
        // suites); it holds the client's key, as the application's context does
        if (ctx == readCtx) {
            ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[] {this}, null);
        }
        // the connection as TlsProbe makes it: direct or through the proxy, STARTTLS first
        DROPPED.reset();
        TlsProbe.out = verifyHost ? new PrintStream(said, true) : DROP;
        Socket raw = TlsProbe.open(host, port, starttls, proxy, auth, t);
        try {
            SSLSocket ss = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true);
            SSLParameters p = ss.getSSLParameters();
            if (protocols != null) {
                p.setProtocols(protocols);
            }
            if (suites != null) {
                p.setCipherSuites(suites);
            }
            List<SNIServerName> names = new ArrayList<SNIServerName>();
            if (!noSni && sni != null) {
                names.add(new SNIHostName(sni));
            }
            if (noSni || sni != null) {
                p.setServerNames(names);
            }
            if (verifyHost) {
                p.setEndpointIdentificationAlgorithm("ldap".equals(starttls) ? "LDAPS" : "HTTPS");
            }
            ss.setSSLParameters(p);
            ss.startHandshake();
            return ss;
        } catch (Exception e) {
            raw.close();
            throw e;
        }
    }

    static void close(Socket s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (Exception e) {
            // closing is best effort
        }
    }

    // ---- the JRE ----
    /** The default SSLContext, for its versions and suites; when the JRE cannot make it (a
     *  keystore with a wrong password...) a plain one, and the reason as a fact (the
     *  application's view then fails with the same exception). */
    static SSLContext defaults() throws Exception {
        try {
            return SSLContext.getDefault();
        } catch (Exception e) {
            if (!defaultFailed) {
                defaultFailed = true;
                s("jre.default_context_error", why(e) + (e.getCause() != null ? ": " + why(e.getCause()) : ""));
            }
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, null, null);
            return c;
        }
    }

    private static boolean defaultFailed;

    private KeyStore trustStore(String path) {
        String type = System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
        String pass = System.getProperty("javax.net.ssl.trustStorePassword");
        try {
            KeyStore ks = KeyStore.getInstance(type);
            InputStream in = new FileInputStream(path);
            try {
                ks.load(in, pass != null ? pass.toCharArray() : null);
            } finally {
                in.close();
            }
            return ks;
        } catch (Exception e) {
            s("jre.truststore.error", why(e));
            return null;
        }
    }

    private KeyStore jre() throws Exception {
        s("jre.version", System.getProperty("java.version"));
        s("jre.runtime", System.getProperty("java.runtime.version"));
        s("jre.vendor", System.getProperty("java.vendor"));
        s("jre.home", System.getProperty("java.home"));
        s("jre.tls_disabled_algorithms", Security.getProperty("jdk.tls.disabledAlgorithms"));
        s("jre.certpath_disabled_algorithms", Security.getProperty("jdk.certpath.disabledAlgorithms"));
        s("jre.client_protocols_property", System.getProperty("jdk.tls.client.protocols"));
        String sep = System.getProperty("file.separator");
        String home = System.getProperty("java.home") + sep + "lib" + sep + "security" + sep;
        String path = System.getProperty("javax.net.ssl.trustStore");
        String source = "javax.net.ssl.trustStore";
        if (path == null || path.isEmpty()) {
            path = home + "jssecacerts";
            source = "jssecacerts";
            if (!new java.io.File(path).isFile()) {
                path = home + "cacerts";
                source = "cacerts";
            }
        }
        s("jre.truststore.path", path);
        s("jre.truststore.source", source);
        s("jre.truststore.type", System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType()));
        KeyStore ks = trustStore(path);
        if (ks != null) {
            int anchors = 0;
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
                if (ks.isCertificateEntry(e.nextElement())) {
                    anchors++;
                }
            }
            n("jre.truststore.anchors", anchors);
        }
        SSLContext def = defaults();
        list("jre.protocols_supported", def.getSupportedSSLParameters().getProtocols());
        list("jre.protocols_enabled", def.getDefaultSSLParameters().getProtocols());
        String[] suites = def.getDefaultSSLParameters().getCipherSuites();
        n("jre.suites_enabled_count", suites.length);
        list("jre.suites_enabled", suites);
        return ks;
    }

    // ---- the client's key (mutual TLS) ----
    /** The keystore of javax.net.ssl.keyStore as the default SSLContext loads it: its key
     *  entries as facts, and key managers for the reading handshakes (a server that requires a
     *  client certificate answers them too).  null without a keystore. */
    private KeyManager[] clientKey() {
        String path = System.getProperty("javax.net.ssl.keyStore");
        if (path == null || path.isEmpty()) {
            return null;
        }
        String type = System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
        String pass = System.getProperty("javax.net.ssl.keyStorePassword");
        s("client.keystore.path", path);
        s("client.keystore.type", type);
        try {
            KeyStore ks = KeyStore.getInstance(type);
            InputStream in = "NONE".equals(path) ? null : new FileInputStream(path);
            try {
                ks.load(in, pass != null ? pass.toCharArray() : null);
            } finally {
                if (in != null) {
                    in.close();
                }
            }
            int i = 0;
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements() && i < 16;) {
                String alias = e.nextElement();
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                String p = "client.keys." + i++;
                s(p + ".alias", alias);
                Certificate[] ch = ks.getCertificateChain(alias);
                if (ch != null && ch.length > 0 && ch[0] instanceof X509Certificate) {
                    X509Certificate c = (X509Certificate) ch[0];
                    s(p + ".subject", c.getSubjectX500Principal().toString());
                    s(p + ".issuer", c.getIssuerX500Principal().toString());
                    s(p + ".not_after", c.getNotAfter().toInstant().toString());
                    b(p + ".expired", System.currentTimeMillis() > c.getNotAfter().getTime());
                    n(p + ".chain_length", ch.length);
                }
            }
            n("client.keystore.key_entries", i);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass != null ? pass.toCharArray() : null);
            return kmf.getKeyManagers();
        } catch (Exception e) {
            s("client.keystore.error", why(e));
            return null;
        }
    }

    // ---- the certificates ----
    static String keyText(PublicKey k) {
        if (k instanceof RSAPublicKey) {
            return "RSA " + ((RSAPublicKey) k).getModulus().bitLength();
        }
        if (k instanceof ECPublicKey) {
            return "EC " + ((ECPublicKey) k).getParams().getCurve().getField().getFieldSize();
        }
        if (k instanceof DSAPublicKey) {
            return "DSA " + ((DSAPublicKey) k).getParams().getP().bitLength();
        }
        return k.getAlgorithm();
    }

    static String sha256(Certificate c) throws Exception {
        return hex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    /** URIs in a DER extension value, without a full ASN.1 parser: the printable runs after
     *  an "http", "ldap" or "ftp" start (AIA and CRL DP hold GeneralName URIs). */
    static List<String> uris(byte[] ext) {
        List<String> out = new ArrayList<String>();
        if (ext == null) {
            return out;
        }
        for (int i = 0; i + 1 < ext.length && out.size() < 8; i++) {
            // a context tag [6] (IA5String URI), then a short length
            if ((ext[i] & 0xff) == 0x86 && (ext[i + 1] & 0xff) < 0x80 && i + 2 + ext[i + 1] <= ext.length) {
                int len = ext[i + 1];
                out.add(new String(ext, i + 2, len, java.nio.charset.StandardCharsets.ISO_8859_1));
                i += 1 + len;
            }
        }
        return out;
    }

    static final String OCSP_OID = "2b06010505073001"; // id-ad-ocsp (1.3.6.1.5.5.7.48.1)
    static final String CAISSUERS_OID = "2b06010505073002"; // id-ad-caIssuers

    static void aia(String path, byte[] ext) {
        if (ext == null) {
            return;
        }
        // each AccessDescription: OID 06 08 <oid> then [6] URI
        String h = hex(ext).replace(":", "").toLowerCase();
        int io = 0, ic = 0;
        for (String u : uris(ext)) {
            String uh = hex(u.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).replace(":", "").toLowerCase();
            int at = h.indexOf(uh);
            String before = at > 0 ? h.substring(Math.max(0, at - 24), at) : "";
            if (before.contains(CAISSUERS_OID)) {
                s(path + ".ca_issuers." + ic++, u);
            } else if (before.contains(OCSP_OID)) {
                s(path + ".ocsp." + io++, u);
            }
        }
    }

    static void cert(String path, X509Certificate c) throws Exception {
        s(path + ".subject", c.getSubjectX500Principal().toString());
        s(path + ".issuer", c.getIssuerX500Principal().toString());
        s(path + ".serial", c.getSerialNumber().toString(16).toUpperCase());
        s(path + ".not_before", c.getNotBefore().toInstant().toString());
        s(path + ".not_after", c.getNotAfter().toInstant().toString());
        long now = System.currentTimeMillis();
        b(path + ".expired", now > c.getNotAfter().getTime());
        b(path + ".not_yet_valid", now < c.getNotBefore().getTime());
        s(path + ".key", keyText(c.getPublicKey()));
        s(path + ".signature_algorithm", c.getSigAlgName());
        b(path + ".self_signed", c.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
        Collection<List<?>> sans = null;
        try {
            sans = c.getSubjectAlternativeNames();
        } catch (Exception e) {
            s(path + ".san_error", why(e));
        }
        int i = 0;
        if (sans != null) {
            for (List<?> san : sans) {
                if (san.size() >= 2 && i < 100) {
                    int type = (Integer) san.get(0);
                    String kind = type == 2 ? "DNS" : type == 7 ? "IP" : type == 1 ? "email" : type == 6 ? "URI" : "type" + type;
                    s(path + ".san." + i++, kind + ":" + san.get(1));
                }
            }
        }
        boolean[] ku = c.getKeyUsage();
        String[] kuNames = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
            "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
        int k = 0;
        for (int j = 0; ku != null && j < ku.length && j < kuNames.length; j++) {
            if (ku[j]) {
                s(path + ".key_usage." + k++, kuNames[j]);
            }
        }
        List<String> eku = null;
        try {
            eku = c.getExtendedKeyUsage();
        } catch (Exception e) {
            s(path + ".eku_error", why(e));
        }
        for (int j = 0; eku != null && j < eku.size() && j < 32; j++) {
            String o = eku.get(j);
            s(path + ".eku." + j, "1.3.6.1.5.5.7.3.1".equals(o) ? "serverAuth" : "1.3.6.1.5.5.7.3.2".equals(o) ? "clientAuth" : o);
        }
        int bc = c.getBasicConstraints();
        b(path + ".ca", bc >= 0);
        if (bc >= 0 && bc != Integer.MAX_VALUE) {
            n(path + ".path_len", bc);
        }
        aia(path, unwrap(c.getExtensionValue("1.3.6.1.5.5.7.1.1")));
        int d = 0;
        for (String u : uris(unwrap(c.getExtensionValue("2.5.29.31")))) {
            s(path + ".crl." + d++, u);
        }
        s(path + ".sha256", sha256(c));
    }

    /** getExtensionValue wraps the extension in an OCTET STRING: skip its header. */
    static byte[] unwrap(byte[] v) {
        if (v == null || v.length < 2 || v[0] != 0x04) {
            return v;
        }
        int off = 2;
        if ((v[1] & 0x80) != 0) {
            off += v[1] & 0x7f;
        }
        return off <= v.length ? Arrays.copyOfRange(v, off, v.length) : null;
    }

    // ---- the scan ----
    private CertPath path;       // the path the PKIX builder found (revocation off), or null
    private TrustAnchor anchorTa; // and its anchor

    private String[] chain(KeyStore ks) throws Exception {
        SSLSocket ss = null;
        X509Certificate[] chain = null;
        String sni = sniName;
        try {
            ss = handshake(readCtx, null, null, sni, false, false);
            if (ss == null) {
                s("chain.error", "skipped: the time or handshake budget is spent");
                return null;
            }
            Certificate[] peer = ss.getSession().getPeerCertificates();
            chain = new X509Certificate[peer.length];
            for (int i = 0; i < peer.length; i++) {
                chain[i] = (X509Certificate) peer[i];
            }
            s("negotiated.protocol", ss.getSession().getProtocol());
            s("negotiated.suite", ss.getSession().getCipherSuite());
            stapled(ss);
        } catch (Exception e) {
            s("chain.error", why(e));
            s("negotiated.error", why(e));
            return null;
        } finally {
            close(ss);
        }
        served = chain;
        s("chain.read_with", "a trust-all manager, only to display the chain; trust is judged below by the JRE's own trust manager");
        n("chain.length", chain.length);
        for (int i = 0; i < chain.length && i < 16; i++) {
            cert("chain.certificates." + i, chain[i]);
        }
        boolean ordered = true;
        for (int i = 0; i + 1 < chain.length; i++) {
            if (!chain[i].getIssuerX500Principal().equals(chain[i + 1].getSubjectX500Principal())) {
                ordered = false;
            }
        }
        b("chain.ordered", ordered);
        X509Certificate last = chain[chain.length - 1];
        boolean selfSigned = last.getSubjectX500Principal().equals(last.getIssuerX500Principal());
        boolean issuerInStore = false;
        if (ks != null && !selfSigned) {
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
                Certificate a = ks.getCertificate(e.nextElement());
                if (a instanceof X509Certificate
                        && ((X509Certificate) a).getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                    issuerInStore = true;
                }
            }
        }
        s("chain.ends_at", selfSigned ? "self-signed" : issuerInStore ? "issuer-in-truststore" : "issuer-not-in-truststore");
        b("chain.complete", ordered && (selfSigned || issuerInStore));

        // trust: the JRE's own default trust manager, nothing weakened
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            X509TrustManager tm = null;
            for (TrustManager t : tmf.getTrustManagers()) {
                if (t instanceof X509TrustManager) {
                    tm = (X509TrustManager) t;
                }
            }
            String auth = chain[0].getPublicKey().getAlgorithm().equals("EC") ? "ECDHE_ECDSA" : "ECDHE_RSA";
            tm.checkServerTrusted(chain, auth);
            s("validation.result", "trusted");
        } catch (Exception e) {
            s("validation.result", "rejected");
            s("validation.exception", why(e));
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != e) {
                s("validation.root_cause", why(root));
            }
        }
        // the anchor: the path the JRE's PKIX builder finds (revocation off)
        if (ks != null) {
            try {
                X509CertSelector sel = new X509CertSelector();
                sel.setCertificate(chain[0]);
                PKIXBuilderParameters bp = new PKIXBuilderParameters(ks, sel);
                bp.setRevocationEnabled(false);
                bp.addCertStore(CertStore.getInstance("Collection",
                        new CollectionCertStoreParameters(Arrays.asList(chain))));
                PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(bp);
                path = r.getCertPath();
                anchorTa = r.getTrustAnchor();
                X509Certificate anchor = r.getTrustAnchor().getTrustedCert();
                s("validation.anchor", anchor != null ? anchor.getSubjectX500Principal().toString()
                        : r.getTrustAnchor().getCAName());
                if (anchor != null) {
                    s("validation.anchor_sha256", sha256(anchor));
                }
                n("validation.path_length", r.getCertPath().getCertificates().size());
            } catch (Exception e) {
                s("validation.path_error", why(e));
            }
        }
        revocation();
        return new String[] {chain[0].getSubjectX500Principal().toString(), sha256(chain[0])};
    }

    // ---- revocation and OCSP stapling ----
    static final String[] CERT_STATUS = {"good", "revoked", "unknown"};

    /** The JRE's settings, and with probe.revocation the chain validated again with revocation
     *  checking on: as the JRE does it when the application turns it on
     *  (com.sun.net.ssl.checkRevocation=true: OCSP only when the security property ocsp.enable
     *  is true, else CRLs), then the leaf's status by OCSP alone and by CRL alone.  Every fetch
     *  goes to the URL in a certificate, with the JRE's own proxy settings, and is bounded by
     *  com.sun.security.ocsp.timeout / com.sun.security.crl.timeout (set from probe.timeout.ms
     *  unless given); a path of at most 16 certificates, three validations: at most 48 fetches. */
    private void revocation() {
        boolean on = "true".equalsIgnoreCase(System.getProperty("com.sun.net.ssl.checkRevocation"));
        s("revocation.jre_checks_by_default", on ? "yes (com.sun.net.ssl.checkRevocation=true)"
                : "no (com.sun.net.ssl.checkRevocation is not true: the validation above had revocation off)");
        String ocsp = Security.getProperty("ocsp.enable");
        s("revocation.jre_ocsp_enable", ocsp != null ? ocsp : "unset (false: the JRE's checker reads CRLs only)");
        s("revocation.jre_crldp_enable", System.getProperty("com.sun.security.enableCRLDP", "true"));
        if (!"1".equals(System.getProperty("probe.revocation"))) {
            b("revocation.checked", false);
            return;
        }
        b("revocation.checked", true);
        if (path == null || anchorTa == null) {
            s("revocation.error", "no path to an anchor of the truststore: there is nothing to check revocation for");
            return;
        }
        if (System.currentTimeMillis() + 1000 >= deadline) {
            s("revocation.error", "skipped: the time budget is spent");
            return;
        }
        validate("revocation.jre", null);
        validate("revocation.ocsp", EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        validate("revocation.crl", EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
    }

    /** One validation of path with revocation on: the JRE's default checker (opts null) or a
     *  PKIXRevocationChecker with opts. */
    private void validate(String p, java.util.Set<PKIXRevocationChecker.Option> opts) {
        if (System.currentTimeMillis() + 1000 >= deadline) {
            s(p + ".result", "skipped");
            return;
        }
        try {
            CertPathValidator v = CertPathValidator.getInstance("PKIX");
            PKIXParameters params = new PKIXParameters(Collections.singleton(anchorTa));
            params.setRevocationEnabled(true);
            if (opts != null) {
                PKIXRevocationChecker rc = (PKIXRevocationChecker) v.getRevocationChecker();
                rc.setOptions(opts);
                params.addCertPathChecker(rc);
            }
            v.validate(path, params);
            s(p + ".result", opts == null ? "trusted" : "good");
        } catch (CertPathValidatorException e) {
            String r = String.valueOf(e.getReason());
            s(p + ".result", "REVOKED".equals(r) ? (opts == null ? "rejected-revoked" : "revoked")
                    : "UNDETERMINED_REVOCATION_STATUS".equals(r) ? "undetermined" : "rejected");
            s(p + ".exception", why(e));
            if (e.getIndex() >= 0) {
                n(p + ".position", e.getIndex());
            }
        } catch (Exception e) {
            s(p + ".result", "error");
            s(p + ".exception", why(e));
        }
    }

    /** The OCSP response the server stapled to the handshake (status_request), read with
     *  ExtendedSSLSession.getStatusResponses (Java 9+; by reflection for Java 8). */
    static void stapled(SSLSocket ss) {
        s("ocsp_stapling.client_requests", System.getProperty("jdk.tls.client.enableStatusRequestExtension",
                "the JRE's default"));
        List<?> rs = null;
        try {
            rs = (List<?>) Class.forName("javax.net.ssl.ExtendedSSLSession").getMethod("getStatusResponses")
                    .invoke(ss.getSession());
        } catch (Exception e) {
            s("ocsp_stapling.error", "this JRE cannot show stapled responses (Java 9+): " + why(e));
            return;
        }
        byte[] r = rs != null && !rs.isEmpty() && rs.get(0) instanceof byte[] ? (byte[]) rs.get(0) : null;
        b("ocsp_stapling.stapled", r != null && r.length > 0);
        if (r == null || r.length == 0) {
            return;
        }
        n("ocsp_stapling.bytes", r.length);
        try {
            ocspResponse(r);
        } catch (RuntimeException e) {
            s("ocsp_stapling.parse_error", "not a well-formed OCSPResponse: " + why(e));
        }
    }

    /** DER: {tag, value offset, value length} of the element at off (within end). */
    static int[] tlv(byte[] d, int off, int end) {
        if (off + 2 > end) {
            throw new IllegalArgumentException("truncated at " + off);
        }
        int tag = d[off] & 0xff, len = d[off + 1] & 0xff, at = off + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || at + n > end) {
                throw new IllegalArgumentException("bad length at " + off);
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (d[at++] & 0xff);
            }
        }
        if (at + len > end) {
            throw new IllegalArgumentException("truncated at " + off);
        }
        return new int[] {tag, at, len};
    }

    static String time(byte[] d, int[] t) {
        return new String(d, t[1], t[2], java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** OCSPResponse { responseStatus, [0] { responseType, OCTET STRING BasicOCSPResponse } };
     *  BasicOCSPResponse { tbsResponseData { [0] version?, responderID, producedAt,
     *  responses { SingleResponse { certID, certStatus, thisUpdate, [0] nextUpdate? } } } }. */
    static void ocspResponse(byte[] d) {
        int[] top = tlv(d, 0, d.length);
        int[] st = tlv(d, top[1], top[1] + top[2]);
        int status = st[2] == 1 ? d[st[1]] & 0xff : -1;
        String[] names = {"successful", "malformedRequest", "internalError", "tryLater", "4", "sigRequired",
            "unauthorized"};
        s("ocsp_stapling.response_status", status >= 0 && status < names.length ? names[status] : "status " + status);
        int next = st[1] + st[2];
        if (status != 0 || next >= top[1] + top[2]) {
            return;
        }
        int[] rb = tlv(d, next, top[1] + top[2]);      // [0] EXPLICIT
        int[] rbs = tlv(d, rb[1], rb[1] + rb[2]);      // ResponseBytes SEQUENCE
        int[] type = tlv(d, rbs[1], rbs[1] + rbs[2]);  // responseType OID
        int[] oct = tlv(d, type[1] + type[2], rbs[1] + rbs[2]);
        int[] basic = tlv(d, oct[1], oct[1] + oct[2]);
        int[] tbs = tlv(d, basic[1], basic[1] + basic[2]);
        int tend = tbs[1] + tbs[2];
        int[] e = tlv(d, tbs[1], tend);
        if (e[0] == 0xa0) {                            // version
            e = tlv(d, e[1] + e[2], tend);
        }
        int[] produced = tlv(d, e[1] + e[2], tend);    // after responderID
        s("ocsp_stapling.produced_at", time(d, produced));
        int[] responses = tlv(d, produced[1] + produced[2], tend);
        int[] single = tlv(d, responses[1], responses[1] + responses[2]);
        int send = single[1] + single[2];
        int[] certId = tlv(d, single[1], send);
        int[] cs = tlv(d, certId[1] + certId[2], send);
        int k = cs[0] & 0x1f;
        s("ocsp_stapling.cert_status", k < CERT_STATUS.length ? CERT_STATUS[k] : "tag " + cs[0]);
        int[] tu = tlv(d, cs[1] + cs[2], send);
        s("ocsp_stapling.this_update", time(d, tu));
        if (tu[1] + tu[2] < send) {
            int[] nu = tlv(d, tu[1] + tu[2], send);
            if (nu[0] == 0xa0) {
                s("ocsp_stapling.next_update", time(d, tlv(d, nu[1], nu[1] + nu[2])));
            }
        }
    }

    private List<String> protocols(SSLContext def) {
        List<String> supported = Arrays.asList(def.getSupportedSSLParameters().getProtocols());
        List<String> enabled = Arrays.asList(def.getDefaultSSLParameters().getProtocols());
        List<String> accepted = new ArrayList<String>();
        int i = 0;
        for (String v : VERSIONS) {
            if (v.equals("SSLv3") && !supported.contains(v)) {
                continue;
            }
            String p = "protocols." + i++;
            s(p + ".version", v);
            b(p + ".jre_supports", supported.contains(v));
            b(p + ".jre_enables_by_default", enabled.contains(v));
            if (!supported.contains(v)) {
                s(p + ".result", "not-supported-by-jre");
                continue;
            }
            SSLSocket ss = null;
            try {
                ss = handshake(readCtx, new String[] {v}, null, sniName, false, false);
                if (ss == null) {
                    s(p + ".result", "skipped");
                    continue;
                }
                s(p + ".result", "accepted");
                s(p + ".suite", ss.getSession().getCipherSuite());
                accepted.add(v);
            } catch (Exception e) {
                String m = String.valueOf(e.getMessage());
                // JSSE refuses locally, before sending, a version its disabledAlgorithms exclude
                s(p + ".result", m.contains("No appropriate protocol") ? "refused-by-jre" : "rejected");
                s(p + ".error", why(e));
            } finally {
                close(ss);
            }
        }
        return accepted;
    }

    private void sni(String[] leaf) {
        String[][] cases = {{"with_name", sniName}, {"without_name", null}, {"wrong_name", WRONG_NAME}};
        String first = null;
        boolean same = true;
        int i = 0;
        for (String[] c : cases) {
            if (c[0].equals("with_name") && c[1] == null) {
                continue; // an IP address target: no name to send
            }
            String p = "sni." + i++;
            s(p + ".case", c[0]);
            s(p + ".server_name", c[1]);
            SSLSocket ss = null;
            try {
                ss = handshake(readCtx, null, null, c[1], c[1] == null, false);
                if (ss == null) {
                    s(p + ".result", "skipped");
                    continue;
                }
                java.security.cert.Certificate[] got = ss.getSession().getPeerCertificates();
                X509Certificate l = (X509Certificate) got[0];
                s(p + ".result", "accepted");
                s(p + ".leaf_subject", l.getSubjectX500Principal().toString());
                String fp = sha256(l);
                s(p + ".leaf_sha256", fp);
                if (c[0].equals("with_name")) {
                    namedFp = fp;
                } else if (c[0].equals("without_name")) {
                    noNameFp = fp;
                    noName = new X509Certificate[got.length];
                    for (int k = 0; k < got.length; k++) {
                        noName[k] = (X509Certificate) got[k];
                    }
                }
                if (first == null) {
                    first = fp;
                } else if (!first.equals(fp)) {
                    same = false;
                }
            } catch (Exception e) {
                s(p + ".result", "rejected");
                s(p + ".error", why(e));
                same = false;
            } finally {
                close(ss);
            }
        }
        b("sni_same_certificate", same);
    }

    private void suites(List<String> accepted, String[] enabledSuites) {
        int i = 0;
        for (String v : accepted) {
            String p = "suites." + i++;
            s(p + ".version", v);
            List<String> left = new ArrayList<String>(Arrays.asList(enabledSuites));
            List<String> got = new ArrayList<String>();
            int tries = 0;
            boolean complete = false;
            while (!left.isEmpty() && tries++ < MAX_SUITE_TRIES) {
                SSLSocket ss = null;
                try {
                    ss = handshake(readCtx, new String[] {v}, left.toArray(new String[0]), sniName, false, false);
                    if (ss == null) {
                        break;
                    }
                    String c = ss.getSession().getCipherSuite();
                    if (!left.remove(c)) {
                        break; // cannot happen: the server chose a suite we did not offer
                    }
                    got.add(c);
                } catch (Exception e) {
                    complete = true; // nothing else of what is left is accepted
                    break;
                } finally {
                    close(ss);
                }
            }
            if (left.isEmpty()) {
                complete = true;
            }
            for (int j = 0; j < got.size(); j++) {
                s(p + ".accepted." + j, got.get(j));
            }
            b(p + ".complete", complete);
            if (got.size() >= 2) {
                // offer the accepted ones in reverse: a server with its own order still picks its first
                List<String> rev = new ArrayList<String>(got);
                java.util.Collections.reverse(rev);
                SSLSocket ss = null;
                try {
                    ss = handshake(readCtx, new String[] {v}, rev.toArray(new String[0]), sniName, false, false);
                    if (ss != null) {
                        b(p + ".server_order", ss.getSession().getCipherSuite().equals(got.get(0)));
                    }
                } catch (Exception e) {
                    s(p + ".order_error", why(e));
                } finally {
                    close(ss);
                }
            }
        }
    }

    /** The chain as served, in `keytool -printcert -sslserver` form: the rulebook's keytool
     *  dialect reads it as the server's chain (certificate events of source server). */
    static void printcert(X509Certificate[] chain) throws Exception {
        for (int i = 0; chain != null && i < chain.length && i < 16; i++) {
            System.out.println("Certificate #" + i);
            System.out.println("====================================");
            certText(chain[i]);
            System.out.println();
            System.out.println();
        }
    }

    /** The truststore's anchors in `keytool -list -v` form (at most 400): the rulebook then
     *  knows, as from a listing pasted beside a log, which CAs this JRE trusts. */
    static void listTrustStore(KeyStore ks, String type) throws Exception {
        List<String> aliases = new ArrayList<String>();
        for (Enumeration<String> e = ks.aliases(); e.hasMoreElements() && aliases.size() < 400;) {
            String a = e.nextElement();
            if (ks.isCertificateEntry(a) && ks.getCertificate(a) instanceof X509Certificate) {
                aliases.add(a);
            }
        }
        Collections.sort(aliases);
        System.out.println("Keystore type: " + esc(type.toUpperCase()));
        System.out.println("Keystore provider: " + esc(ks.getProvider().getName()));
        System.out.println();
        System.out.println("Your keystore contains " + aliases.size() + (aliases.size() == 1 ? " entry" : " entries"));
        System.out.println();
        for (String a : aliases) {
            System.out.println("Alias name: " + esc(a));
            System.out.println("Entry type: trustedCertEntry");
            System.out.println();
            certText((X509Certificate) ks.getCertificate(a));
            System.out.println();
            System.out.println();
            System.out.println("*******************************************");
            System.out.println("*******************************************");
            System.out.println();
            System.out.println();
        }
    }

    /** One certificate as keytool prints it: Owner ... Extensions. */
    static void certText(X509Certificate c) throws Exception {
        String[] ku = {"DigitalSignature", "Non_repudiation", "Key_Encipherment", "Data_Encipherment",
            "Key_Agreement", "Key_CertSign", "Crl_Sign", "Encipher_Only", "Decipher_Only"};
        System.out.println("Owner: " + esc(c.getSubjectX500Principal().toString()));
        System.out.println("Issuer: " + esc(c.getIssuerX500Principal().toString()));
        System.out.println("Serial number: " + c.getSerialNumber().toString(16));
        System.out.println("Valid from: " + c.getNotBefore() + " until: " + c.getNotAfter());
        System.out.println("Certificate fingerprints:");
        System.out.println("\t SHA256: " + sha256(c));
        System.out.println("Signature algorithm name: " + esc(c.getSigAlgName()));
        String[] k = keyText(c.getPublicKey()).split(" ");
        System.out.println("Subject Public Key Algorithm: "
                + (k.length == 2 ? k[1] + "-bit " + k[0] : esc(k[0])) + " key");
        System.out.println("Version: " + c.getVersion());
        System.out.println();
        System.out.println("Extensions: ");
        int n = 1;
        int bc = c.getBasicConstraints();
        if (c.getExtensionValue("2.5.29.19") != null) {
            System.out.println();
            System.out.println("#" + n++ + ": ObjectId: 2.5.29.19 Criticality=true");
            System.out.println("BasicConstraints:[");
            System.out.println("  CA:" + (bc >= 0));
            System.out.println("  PathLen: " + (bc < 0 ? "undefined" : bc == Integer.MAX_VALUE ? "no limit" : String.valueOf(bc)));
            System.out.println("]");
        }
        boolean[] u = c.getKeyUsage();
        if (u != null) {
            System.out.println();
            System.out.println("#" + n++ + ": ObjectId: 2.5.29.15 Criticality=true");
            System.out.println("KeyUsage [");
            for (int j = 0; j < u.length && j < ku.length; j++) {
                if (u[j]) {
                    System.out.println("  " + ku[j]);
                }
            }
            System.out.println("]");
        }
        List<String> eku = null;
        try {
            eku = c.getExtendedKeyUsage();
        } catch (Exception e) {
            eku = null;
        }
        if (eku != null) {
            System.out.println();
            System.out.println("#" + n++ + ": ObjectId: 2.5.29.37 Criticality=false");
            System.out.println("ExtendedKeyUsages [");
            for (String o : eku) {
                System.out.println("  " + ("1.3.6.1.5.5.7.3.1".equals(o) ? "serverAuth" : "1.3.6.1.5.5.7.3.2".equals(o) ? "clientAuth" : esc(o)));
            }
            System.out.println("]");
        }
        Collection<List<?>> sans = null;
        try {
            sans = c.getSubjectAlternativeNames();
        } catch (Exception e) {
            sans = null;
        }
        if (sans != null) {
            System.out.println();
            System.out.println("#" + n++ + ": ObjectId: 2.5.29.17 Criticality=false");
            System.out.println("SubjectAlternativeName [");
            int m = 0;
            for (List<?> san : sans) {
                if (san.size() >= 2 && m++ < 100) {
                    int type = (Integer) san.get(0);
                    if (type == 2) {
                        System.out.println("  DNSName: " + esc(String.valueOf(san.get(1))));
                    } else if (type == 7) {
                        System.out.println("  IPAddress: " + esc(String.valueOf(san.get(1))));
                    }
                }
            }
            System.out.println("]");
        }
    }

    private KeyStore trust;      // the truststore as loaded, for the listing
    private boolean explicitName; // --servername: the application's view sends it too
    private boolean appNoName;    // the application's view sends no server_name (the JRE's choice)
    private String appConnected; // "PROTOCOL SUITE" when the application's view connected
    private Exception appError;  // else why not (both null: the budget was spent)

    /** The application's view, made first (it matters most, and the budget is whole then):
     *  the default SSLContext, host name verification on, as TlsProbe. */
    private void appConnect() {
        SSLSocket ss = null;
        try {
            // SNI as the application sends it: the JRE's own choice from the host name (none for
            // a name without a dot, such as localhost, or an IP address) unless --servername
            ss = handshake(SSLContext.getDefault(), null, null, explicitName ? sniName : null, false, true);
            if (ss != null) {
                // TlsProbe's exchange: a server that rejects the client's certificate after a
                // TLS 1.3 handshake says so now
                try {
                    TlsProbe.afterHandshake(ss, starttls, timeout);
                } catch (SocketTimeoutException e) {
                    TlsProbe.out.println("[INFO] no answer within " + timeout + " ms after the handshake");
                }
                appConnected = ss.getSession().getProtocol() + " " + ss.getSession().getCipherSuite();
            }
        } catch (Exception e) {
            appError = e;
        } finally {
            close(ss);
            TlsProbe.out = DROP;
        }
    }

    /** The application's view in TlsProbe's words, then the chain as served for the rulebook
     *  (after the outcome: before it, a "Connected" line would no longer close the connection
     *  it opened). */
    private int appView(String url) throws Exception {
        System.out.println("[INFO] Java " + esc(System.getProperty("java.version")) + " ("
                + esc(System.getProperty("java.vendor")) + ") at " + esc(System.getProperty("java.home")));
        System.out.println("[INFO] Connecting to " + url + (starttls != null ? " (STARTTLS " + starttls + ")" : "")
                + (proxy != null ? " through the HTTP proxy " + proxy + (auth != null ? " (with credentials)" : "") : ""));
        // what the server and the proxy said in clear text, as TlsProbe printed it (escaped there)
        String[] clear = said.toString("US-ASCII").split("\n");
        for (int i = 0; i < clear.length && i < 400; i++) {
            if (!clear[i].isEmpty()) {
                System.out.println(esc(clear[i]));
            }
        }
        // the application sent no server_name and failed, and the server sends another certificate
        // without a name than with one: the application's view got that one (the debug log would
        // show the ClientHello without server_name and the default certificate)
        boolean sniDefault = appNoName && appConnected == null && appError != null && noName != null
                && noName.length > 0 && served != null && served.length > 0 && namedFp != null
                && !namedFp.equals(noNameFp);
        if (sniDefault) {
            System.out.println("[INFO] tlsexplain scan: the application sent no server_name (SNI), so the server"
                    + " answered with its certificate for clients that send none ("
                    + esc(noName[0].getSubjectX500Principal().toString()) + "), not its certificate for "
                    + esc(sniName) + " (" + esc(served[0].getSubjectX500Principal().toString())
                    + ")");
        }
        int rc = 1;
        if (appConnected != null) {
            System.out.println("[INFO] Connected: " + appConnected);
            rc = 0;
        } else if (appError != null) {
            System.out.println("[ERROR] Could not connect to " + url + ": " + esc(why(appError)));
            StringWriter w = new StringWriter();
            appError.printStackTrace(new PrintWriter(w));
            String[] lines = w.toString().split("\r?\n");
            for (int i = 0; i < lines.length && i < 400; i++) {
                String l = lines[i];
                System.out.println(l.startsWith("\t") ? "\t" + esc(l.substring(1)) : esc(l));
            }
        } else {
            System.out.println("[INFO] tlsexplain scan: the time budget is spent; no application view");
        }
        printcert(sniDefault ? noName : served);
        if (trust != null) {
            listTrustStore(trust, System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType()));
        }
        return rc;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[1].matches("[0-9]{1,5}")) {
            System.err.println("usage: java TlsScan HOST PORT");
            System.exit(2);
        }
        TlsProbe.storePasswords();
        if ("1".equals(System.getProperty("probe.revocation"))) {
            // the validator's fetches: seconds, as the JRE reads them; never longer than a handshake
            String sec = String.valueOf(Math.max(1, Integer.getInteger("probe.timeout.ms", 5000) / 1000));
            if (System.getProperty("com.sun.security.ocsp.timeout") == null) {
                System.setProperty("com.sun.security.ocsp.timeout", sec);
            }
            if (System.getProperty("com.sun.security.crl.timeout") == null) {
                System.setProperty("com.sun.security.crl.timeout", sec);
            }
        }
        TlsProbe.out = DROP; // loads TlsProbe now: tlsexplain removes the class files at the first line
        String proxy = System.getProperty("probe.proxy");
        String auth = TlsProbe.proxyAuth(proxy);
        String starttls = System.getProperty("probe.starttls");
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String name = System.getProperty("probe.servername");
        boolean literal = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        if (name == null || name.isEmpty()) {
            name = literal ? null : host;
        }
        TlsScan sc = new TlsScan(host, port, Integer.getInteger("probe.timeout.ms", 5000),
                Long.getLong("probe.budget.ms", 60000L), name, starttls, proxy, auth);
        s("target.host", host);
        n("target.port", port);
        n("time", System.currentTimeMillis() / 1000L); // the application's view's dates are judged at it
        s("target.server_name", name);
        sc.explicitName = System.getProperty("probe.servername") != null && !System.getProperty("probe.servername").isEmpty();
        sc.appNoName = !sc.explicitName && !(!literal && host.indexOf('.') > 0 && !host.endsWith("."));
        s("target.application_server_name", sc.explicitName ? name
                : !literal && host.indexOf('.') > 0 && !host.endsWith(".") ? host
                : "none (the JRE sends no server_name for a host without a dot or an IP address)");
        s("target.starttls", starttls);
        s("target.proxy", proxy);
        if (proxy != null) {
            b("target.proxy_credentials", auth != null);
        }
        KeyStore ks = sc.jre();
        sc.trust = ks;
        sc.keys = sc.clientKey();
        sc.appConnect();
        sc.readCtx = SSLContext.getInstance("TLS");
        sc.readCtx.init(sc.keys, new TrustManager[] {sc}, null);
        String[] leaf = sc.chain(ks);
        List<String> accepted = sc.protocols(defaults());
        sc.sni(leaf);
        if ("1".equals(System.getProperty("probe.suites"))) {
            sc.suites(accepted, defaults().getDefaultSSLParameters().getCipherSuites());
        }
        String url = "tls://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        int rc = sc.appView(url);
        n("handshakes", sc.handshakes);
        System.exit(rc);
    }
}
