package org.lowernet.image.debian;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs files from a {@link Mirror} and sorts failures into the three kinds callers explain
 * differently: the mirror cannot be reached, the file is not there (404/410), or another HTTP error.
 */
public final class MirrorClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final int HTTP_OK = 200;
    private static final int HTTP_NOT_FOUND = 404;
    private static final int HTTP_GONE = 410;

    /** Why a GET failed; {@code reason} is short enough to go inside a longer message. */
    public static final class Failure extends IOException {
        public enum Kind { UNREACHABLE, NOT_FOUND, HTTP_ERROR }

        private final Kind kind;
        private final URI uri;
        private final String reason;

        Failure(Kind kind, URI uri, String reason, Throwable cause) {
            super("GET " + uri + ": " + reason, cause);
            this.kind = kind;
            this.uri = uri;
            this.reason = reason;
        }

        public Kind kind() {
            return kind;
        }

        public URI uri() {
            return uri;
        }

        public String reason() {
            return reason;
        }
    }

    private final Mirror mirror;
    private final HttpClient http;

    public MirrorClient(Mirror mirror) {
        this.mirror = mirror;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public Mirror mirror() {
        return mirror;
    }

    /** Opens a file below the mirror base; the caller closes the stream. */
    public InputStream open(String path) throws IOException {
        URI uri = mirror.resolve(path);
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Failure.Kind.UNREACHABLE, uri, "interrupted", e);
        } catch (IOException e) {
            throw new Failure(Failure.Kind.UNREACHABLE, uri, describe(e), e);
        }
        int status = response.statusCode();
        if (status == HTTP_OK) {
            return response.body();
        }
        response.body().close();
        Failure.Kind kind = status == HTTP_NOT_FOUND || status == HTTP_GONE
                ? Failure.Kind.NOT_FOUND : Failure.Kind.HTTP_ERROR;
        throw new Failure(kind, uri, "HTTP status " + status, null);
    }

    /** All bytes of a file, refusing more than {@code limit} so a broken mirror cannot fill memory. */
    public byte[] get(String path, long limit) throws IOException {
        try (InputStream in = open(path)) {
            byte[] data = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (data.length > limit) {
                throw new IOException("GET " + mirror.resolve(path) + ": more than the expected " + limit + " bytes");
            }
            return data;
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
