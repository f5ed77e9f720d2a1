package org.lowernet.image.xz;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;

/**
 * An LZMA2 preset and dictionary size, as a block's filter properties record them.
 *
 * @param preset   0..9, xz(1)'s presets
 * @param dictSize a size the properties byte can express exactly: 2^n or 3 * 2^(n-1), 4 KiB .. 1.5 GiB
 */
public record Lzma2Settings(int preset, int dictSize) {

    /** 40 is the largest value the spec allows (1.5 GiB). */
    private static final int MAX_BITS = 40;

    public Lzma2Settings {
        if (preset < LZMA2Options.PRESET_MIN || preset > LZMA2Options.PRESET_MAX) {
            throw new IllegalArgumentException("xz preset " + preset + " is not in 0..9");
        }
        if (dictionaryBits(dictSize) < 0) {
            throw new IllegalArgumentException("LZMA2 dictionary size " + dictSize
                    + " is not 2^n or 3 * 2^(n-1) between 4 KiB and 1.5 GiB");
        }
    }

    /**
     * The preset's dictionary, but never larger than a block: each block starts with an empty dictionary,
     * so a larger one only costs the encoder's and the decoder's memory.
     */
    public static Lzma2Settings forBlocks(int preset, int blockSize) {
        int presetDict;
        try {
            presetDict = new LZMA2Options(preset).getDictSize();
        } catch (UnsupportedOptionsException e) {
            throw new IllegalArgumentException("xz preset " + preset + " is not in 0..9", e);
        }
        int bits = 0;
        while (size(bits) < Math.min(presetDict, blockSize)) {
            bits++;
        }
        return new Lzma2Settings(preset, (int) size(bits));
    }

    LZMA2Options options() {
        try {
            LZMA2Options options = new LZMA2Options(preset);
            options.setDictSize(dictSize);
            return options;
        } catch (UnsupportedOptionsException e) {
            throw new IllegalStateException("checked in the constructor: " + this, e);
        }
    }

    /** The one filter-properties byte of LZMA2 (spec 5.3.1): bits n give 2 or 3 times 2^(n/2 + 11). */
    int propertiesByte() {
        return dictionaryBits(dictSize);
    }

    private static long size(int bits) {
        return (2L | (bits & 1)) << (bits / 2 + 11);
    }

    private static int dictionaryBits(int dictSize) {
        for (int bits = 0; bits <= MAX_BITS; bits++) {
            if (size(bits) == dictSize) {
                return bits;
            }
        }
        return -1;
    }
}
