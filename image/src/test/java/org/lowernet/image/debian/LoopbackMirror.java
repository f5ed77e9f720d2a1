package org.lowernet.image.debian;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A Debian mirror on 127.0.0.1 serving files from a map; counts the requests it gets. */
public final class LoopbackMirror implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public LoopbackMirror() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/debian/", exchange -> {
            requests.incrementAndGet();
            byte[] body = files.get(exchange.getRequestURI().getPath().substring("/debian/".length()));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    public void put(String path, byte[] data) {
        files.put(path, data);
    }

    /** Forgets a file, as Debian's pool forgets superseded versions: it then answers 404. */
    public void remove(String path) {
        files.remove(path);
    }

    public int requests() {
        return requests.get();
    }

    public Mirror mirror() {
        return new Mirror(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/debian"));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
