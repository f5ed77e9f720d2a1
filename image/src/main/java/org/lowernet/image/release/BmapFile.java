package org.lowernet.image.release;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.lowernet.runtime.hash.Sha256;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The bmap file format version 2.0 of bmap-tools (bmaptool 3.x): XML with the image size, block size,
 * block counts, the checksum type, the file's own checksum and the mapped block ranges, each with the
 * checksum of its bytes. The file checksum is the SHA-256 of the whole file with the checksum's own
 * text replaced by 64 ASCII zeros (bmaptools/BmapCopy.py {@code _verify_bmap_checksum}).
 */
public final class BmapFile {

    static final String VERSION = "2.0";
    static final String CHECKSUM_TYPE = "sha256";
    /** What the checksum field holds while the checksum is computed. */
    static final String ZERO_CHECKSUM = "0".repeat(64);

    private BmapFile() {
    }

    /** The bmap text for a block map; the same map always gives the same bytes. */
    public static String format(BlockMap map) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" ?>\n");
        xml.append("<!-- Block map of a lowernet image, for bmaptool copy: only the mapped blocks need writing. -->\n");
        xml.append("<bmap version=\"").append(VERSION).append("\">\n");
        xml.append("    <ImageSize> ").append(map.imageSize()).append(" </ImageSize>\n");
        xml.append("    <BlockSize> ").append(map.blockSize()).append(" </BlockSize>\n");
        xml.append("    <BlocksCount> ").append(map.blocks()).append(" </BlocksCount>\n");
        xml.append(String.format(Locale.ROOT, "    <!-- %d of %d bytes mapped (%.1f%%) -->%n",
                map.mappedBytes(), map.imageSize(), 100.0 * map.mappedBytes() / Math.max(1, map.imageSize())));
        xml.append("    <MappedBlocksCount> ").append(map.mappedBlocks()).append(" </MappedBlocksCount>\n");
        xml.append("    <ChecksumType> ").append(CHECKSUM_TYPE).append(" </ChecksumType>\n");
        xml.append("    <!-- SHA-256 of this file with this value replaced by 64 zeros -->\n");
        xml.append("    <BmapFileChecksum> ").append(ZERO_CHECKSUM).append(" </BmapFileChecksum>\n");
        xml.append("    <BlockMap>\n");
        for (BlockMap.Range r : map.ranges()) {
            String blocks = r.first() == r.last() ? Long.toString(r.first()) : r.first() + "-" + r.last();
            xml.append("        <Range chksum=\"").append(r.sha256()).append("\"> ").append(blocks).append(" </Range>\n");
        }
        xml.append("    </BlockMap>\n</bmap>\n");
        String unsigned = xml.toString();
        int at = unsigned.indexOf(ZERO_CHECKSUM);
        return unsigned.substring(0, at) + checksum(unsigned) + unsigned.substring(at + ZERO_CHECKSUM.length());
    }

    public static void write(BlockMap map, Path file) throws IOException {
        Files.writeString(file, format(map), StandardCharsets.UTF_8);
    }

    /** Reads a bmap, checking its own checksum first as bmaptool does. */
    public static BlockMap read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("reading block map " + file + ": " + e.getMessage()
                    + "; use the .bmap made with this image, or delete it to write every block", e);
        }
    }

    static BlockMap parse(String text) throws IOException {
        Document xml = document(text);
        Element root = xml.getDocumentElement();
        if (!root.getTagName().equals("bmap") || !root.getAttribute("version").startsWith("2.")) {
            throw new IllegalArgumentException("not a bmap of format version 2.x (root <" + root.getTagName()
                    + " version=\"" + root.getAttribute("version") + "\">)");
        }
        if (!CHECKSUM_TYPE.equals(field(xml, "ChecksumType"))) {
            throw new IllegalArgumentException("checksum type " + field(xml, "ChecksumType") + " is not supported; expected sha256");
        }
        String stated = field(xml, "BmapFileChecksum");
        if (stated.length() != ZERO_CHECKSUM.length()) {
            throw new IllegalArgumentException("the file's checksum '" + stated + "' is not 64 hex digits");
        }
        int at = text.indexOf(stated);
        String computed = checksum(text.substring(0, at) + ZERO_CHECKSUM + text.substring(at + stated.length()));
        if (!computed.equals(stated)) {
            throw new IllegalArgumentException("the file's checksum is " + computed + " but it states " + stated
                    + ": the file was changed or damaged");
        }
        List<BlockMap.Range> ranges = new ArrayList<>();
        NodeList elements = xml.getElementsByTagName("Range");
        for (int i = 0; i < elements.getLength(); i++) {
            Element range = (Element) elements.item(i);
            String[] bounds = range.getTextContent().strip().split("-");
            long first = Long.parseLong(bounds[0]);
            ranges.add(new BlockMap.Range(first, bounds.length == 2 ? Long.parseLong(bounds[1]) : first,
                    range.getAttribute("chksum")));
        }
        BlockMap map = new BlockMap(Long.parseLong(field(xml, "ImageSize")),
                Integer.parseInt(field(xml, "BlockSize")), ranges);
        if (map.blocks() != Long.parseLong(field(xml, "BlocksCount"))
                || map.mappedBlocks() != Long.parseLong(field(xml, "MappedBlocksCount"))) {
            throw new IllegalArgumentException("the block counts disagree with the image size and the ranges");
        }
        return map;
    }

    private static Document document(String text) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A bmap never needs a DTD; refusing one keeps external entities out.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static String field(Document xml, String tag) {
        NodeList nodes = xml.getElementsByTagName(tag);
        if (nodes.getLength() != 1) {
            throw new IllegalArgumentException("expected one <" + tag + ">, found " + nodes.getLength());
        }
        return nodes.item(0).getTextContent().strip();
    }

    private static String checksum(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
