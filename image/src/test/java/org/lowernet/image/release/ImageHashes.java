package org.lowernet.image.release;

import java.util.HexFormat;

final class ImageHashes {

    private ImageHashes() {
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(BlockMap.sha256().digest(bytes));
    }
}
