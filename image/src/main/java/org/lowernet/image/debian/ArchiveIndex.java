package org.lowernet.image.debian;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.lowernet.image.hash.Sha256;
import org.tukaani.xz.XZInputStream;

/**
 * Loads the package index of a {@link Distribution} from a mirror the way apt does: fetch
 * {@code dists/<suite>/InRelease}, verify its signature, check its Codename, then fetch each
 * {@code <component>/binary-<arch>/Packages.xz}, check size and SHA-256 against the verified
 * Release and parse it. Nothing unverified reaches the {@link PackageIndex}.
 */
public final class ArchiveIndex {

    /** An InRelease above this is not one: Debian's are about 150 KB. */
    private static final long IN_RELEASE_LIMIT = 16L << 20;

    private final MirrorClient client;
    private final InReleaseVerifier verifier;
    private final Consumer<String> progress;

    public ArchiveIndex(MirrorClient client, InReleaseVerifier verifier, Consumer<String> progress) {
        this.client = client;
        this.verifier = verifier;
        this.progress = progress;
    }

    public PackageIndex load(Distribution dist) throws IOException {
        String inReleasePath = "dists/" + dist.suite() + "/InRelease";
        String source = client.mirror().resolve(inReleasePath).toString();
        byte[] inRelease = fetch(inReleasePath, IN_RELEASE_LIMIT);
        InReleaseVerifier.Verified verified = verifier.verify(inRelease, source);
        progress.accept("verified " + source + ", signed by " + String.join("; ", verified.signers()));
        Release release = Release.parse(verified.body(), source).requireCodename(dist.suite(), source);

        PackageIndex index = new PackageIndex(dist.architecture());
        for (String component : dist.components()) {
            String path = component + "/binary-" + dist.architecture() + "/Packages.xz";
            Release.IndexFile entry = release.file(path).orElseThrow(() -> new IOException(source
                    + " does not list " + path + "; is " + dist.architecture() + " or " + component + " part of "
                    + dist.suite() + "?"));
            String url = client.mirror().resolve("dists/" + dist.suite() + "/" + path).toString();
            progress.accept("fetching " + url + " (" + entry.size() / 1024 + " KiB)");
            byte[] xz = fetch("dists/" + dist.suite() + "/" + path, entry.size());
            String sha256 = Sha256.hex(xz);
            if (xz.length != entry.size() || !sha256.equals(entry.sha256())) {
                throw new IOException("index " + url + " does not match the signed Release: expected "
                        + entry.size() + " bytes with sha256 " + entry.sha256() + ", got " + xz.length + " bytes with "
                        + sha256 + "; the mirror may be mid-update, try again later");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new XZInputStream(new ByteArrayInputStream(xz)), StandardCharsets.UTF_8))) {
                index.addPackagesFile(reader, url);
            }
        }
        return index;
    }

    private byte[] fetch(String path, long limit) throws IOException {
        try {
            return client.get(path, limit);
        } catch (MirrorClient.Failure e) {
            throw new IOException(switch (e.kind()) {
                case UNREACHABLE -> "cannot reach the Debian mirror " + client.mirror() + " (" + e.reason()
                        + ") to update the package index; check the network or the mirror setting";
                case NOT_FOUND -> e.uri() + " is not on the mirror; is it a Debian archive carrying this suite?";
                case HTTP_ERROR -> "fetching " + e.uri() + ": " + e.reason();
            }, e);
        }
    }
}
