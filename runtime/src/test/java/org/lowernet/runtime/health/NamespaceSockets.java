package org.lowernet.runtime.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.lowernet.runtime.net.netlink.NetworkNamespace;

/**
 * Sockets born inside a network namespace. A socket keeps the namespace it was created in, so a client
 * such as Paho can connect and use it from any of its own threads.
 *
 * <p>The JDK creates an unconnected socket's file descriptor lazily (JDK 25 {@code Socket.getImpl}), so
 * {@link #createSocket()} forces it into being while still inside the namespace.
 *
 * <p>Paho 1.2.5's TCPNetworkModule (and SSLNetworkModule, through it) calls only {@link #createSocket()} and
 * then {@code Socket.connect(address, timeout)} (checked with javap). The connecting overloads are here
 * for other callers and connect from inside the namespace too.
 */
public final class NamespaceSockets extends SocketFactory {

    private final NetworkNamespace namespace;

    private NamespaceSockets(NetworkNamespace namespace) {
        this.namespace = namespace;
    }

    /** Plain sockets in the namespace {@code ip netns add name} created. */
    public static NamespaceSockets named(String name) {
        return new NamespaceSockets(NetworkNamespace.named(name));
    }

    /** TLS sockets in the namespace {@code name}, from {@code tls} (e.g. trusting a test CA). */
    public static SSLSocketFactory tls(String name, SSLSocketFactory tls) {
        return new Tls(NetworkNamespace.named(name), tls);
    }

    @Override
    public Socket createSocket() throws IOException {
        return inside(namespace, () -> born(new Socket()));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return inside(namespace, () -> new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return inside(namespace, () -> new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return inside(namespace, () -> new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return inside(namespace, () -> new Socket(address, port, localAddress, localPort));
    }

    /**
     * {@code new Socket()} makes no kernel socket yet: the JDK creates it lazily, at {@code connect} on
     * the caller's thread, in the caller's namespace. Reading an option forces it into being here.
     */
    private static Socket born(Socket socket) throws IOException {
        socket.getSoTimeout();
        return socket;
    }

    private interface SocketMaker {
        Socket make() throws IOException;
    }

    private static Socket inside(NetworkNamespace namespace, SocketMaker maker) throws IOException {
        try {
            return namespace.call(maker::make);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("creating a socket in the network namespace " + namespace.file() + ": " + e, e);
        }
    }

    /** Paho wants an SSLSocketFactory for ssl:// URLs; its unconnected SSL sockets are made inside. */
    private static final class Tls extends SSLSocketFactory {

        private final NetworkNamespace namespace;
        private final SSLSocketFactory tls;

        Tls(NetworkNamespace namespace, SSLSocketFactory tls) {
            this.namespace = namespace;
            this.tls = tls;
        }

        @Override
        public Socket createSocket() throws IOException {
            return inside(namespace, () -> born(tls.createSocket()));
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            // Layering over a connected socket: it already lives in whatever namespace it was made in.
            return tls.createSocket(socket, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return inside(namespace, () -> tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return inside(namespace, () -> tls.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return inside(namespace, () -> tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return inside(namespace, () -> tls.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }
    }
}
