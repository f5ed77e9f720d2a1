package org.lowernet.image.fat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FatGeometryTest {

    /**
     * Cluster sizes as `mkfs.fat -F 32 -C` (dosfstools 4.2) chose them; FAT sizes the smallest that fit,
     * which equal mkfs.fat's except at 1024 MiB, where mkfs.fat rounds its FAT up to 2048 sectors.
     */
    @ParameterizedTest
    @CsvSource({"40, 1, 630", "128, 1, 2017", "260, 1, 4096", "300, 8, 600", "1024, 8, 2044"})
    void clusterAndFatSizesMatchMkfsFat(long mib, int sectorsPerCluster, long fatSectors) {
        FatGeometry g = FatGeometry.forSize(mib * FatTrees.MIB);
        assertEquals(sectorsPerCluster, g.sectorsPerCluster());
        assertEquals(fatSectors, g.fatSectors());
        assertTrue(g.clusterCount() >= FatGeometry.MIN_CLUSTERS);
        assertTrue((g.clusterCount() + 2) * 4 <= g.fatSectors() * 512, "the FAT covers every cluster");
        assertEquals(0, g.dataOffset() % g.clusterBytes(), "data region starts cluster-aligned");
        long used = FatGeometry.RESERVED_SECTORS + 2 * g.fatSectors() + g.clusterCount() * sectorsPerCluster;
        assertTrue(used <= g.totalSectors() && g.totalSectors() - used < sectorsPerCluster, "no whole cluster wasted");
    }
}
