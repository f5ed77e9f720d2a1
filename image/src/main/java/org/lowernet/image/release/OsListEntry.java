package org.lowernet.image.release;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A Raspberry Pi Imager repository ({@code {"os_list": [entry]}}) with one entry for this image, in the
 * fields Imager reads: name, description, url, release_date, extract_size/extract_sha256 (the raw
 * image), image_download_size/image_download_sha256 (the .img.xz) and devices (Imager's hardware
 * tags, from each board's {@code imager.devices}). The url is the .img.xz's file name, relative:
 * whoever hosts the release prefixes their own address. Open it with {@code rpi-imager --repo FILE}
 * or paste the entry into a larger list.
 */
public record OsListEntry(String name, String description, String url, Instant releaseDate, long extractSize,
        String extractSha256, long downloadSize, String downloadSha256, List<String> devices) {

    public OsListEntry {
        devices = List.copyOf(devices);
    }

    public String toJson() {
        JsonWriter json = new JsonWriter().beginObject().name("os_list").beginArray().beginObject()
                .member("name", name)
                .member("description", description)
                .member("url", url)
                .member("release_date", releaseDate.atOffset(ZoneOffset.UTC).toLocalDate().toString())
                .member("extract_size", extractSize)
                .member("extract_sha256", extractSha256)
                .member("image_download_size", downloadSize)
                .member("image_download_sha256", downloadSha256);
        json.name("devices").beginArray();
        devices.forEach(json::value);
        return json.endArray().endObject().endArray().endObject().toString();
    }
}
