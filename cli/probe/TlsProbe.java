// TlsProbe: the probe `tlsexplain capture` runs - a tiny "does this JVM trust that HTTPS
// server?" check in the spirit of the knowledge base's ssltest.  It connects with the JVM's
// own trust settings (the standard javax.net.ssl.* system properties or the default cacerts),
// never disables a check, prints one line on success and the exception with its full stack
// trace on failure.  Java 8 source level: the class tlsexplain embeds runs on any JRE 8+.
//
//   java [-Djavax.net.debug=all] [-Djavax.net.ssl.trustStore=...] TlsProbe https://host:port/
//
// Settings (system properties):
//   probe.timeout.ms   connect and read timeout in milliseconds (default 5000)
// Environment:
//   TLSEXPLAIN_STOREPASS  the truststore password, set as javax.net.ssl.trustStorePassword
//                         before any TLS class loads (kept off the command line, where
//                         other users of the machine could read it)
//
// It talks to the target only: no proxy (Proxy.NO_PROXY), no redirects followed.
// Exit status: 0 connected and read an HTTP response, 1 failed, 2 usage error.

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URL;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

public final class TlsProbe {

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

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].startsWith("https://")) {
            System.err.println("usage: java TlsProbe https://host:port/");
            System.exit(2);
        }
        String pass = System.getenv("TLSEXPLAIN_STOREPASS");
        if (pass != null) {
            System.setProperty("javax.net.ssl.trustStorePassword", pass);
        }
        String target = args[0];
        int timeout = Integer.getInteger("probe.timeout.ms", 5000);
        System.out.println("[INFO] Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"));
        System.out.println("[INFO] Connecting to " + target);
        try {
            URL url = new URL(target);
            HttpsURLConnection conn = (HttpsURLConnection) url.openConnection(Proxy.NO_PROXY);
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
            System.out.println("[INFO] HTTP response: " + code + (message != null ? " " + message : ""));
            conn.disconnect();
            System.exit(0);
        } catch (Exception e) {
            System.out.println("[ERROR] Could not connect to " + target + ": " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
