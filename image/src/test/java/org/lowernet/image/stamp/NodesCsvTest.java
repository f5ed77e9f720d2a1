package org.lowernet.image.stamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodesCsvTest {

    @Test
    void quotedFieldsMayHoldCommasAndQuotesAndEmptyCellsSetNothing() throws Exception {
        NodesCsv csv = NodesCsv.parse("""
                node.name, wan.dns ,site\r
                n1,"192.0.2.53, 192.0.2.54",\r
                \r
                "N2" , 192.0.2.1 ,"river""side"\r
                """, "nodes.csv");
        assertEquals(List.of(
                new NodesCsv.Row(2, "n1", List.of(new Assignment("node.name", "n1"),
                        new Assignment("wan.dns", "192.0.2.53, 192.0.2.54"))),
                new NodesCsv.Row(4, "N2", List.of(new Assignment("node.name", "N2"), new Assignment("wan.dns", "192.0.2.1"),
                        new Assignment("site", "river\"side")))), csv.rows());
    }

    @Test
    void everyProblemIsReportedWithItsLine() {
        StampException e = assertThrows(StampException.class, () -> NodesCsv.parse("""
                node.name,site,site
                a,x,y
                b,x
                A,x,y
                ,x,y
                c,"x,y
                """, "nodes.csv"));
        assertEquals(List.of(
                "nodes.csv:1: the key site heads columns 2 and 3",
                "nodes.csv:3: 2 fields, but the header names 3 keys [node.name, site, site]",
                "nodes.csv:4: node.name A is already on line 2; every node needs its own name",
                "nodes.csv:5: no node.name; every row needs one, it names the image",
                "nodes.csv:6: the quote at column 3 is not closed"), e.problems());
    }

    @Test
    void theNodeNameColumnIsRequired() {
        assertEquals("nodes.csv:1: the header [site] has no node.name column; it names each image",
                assertThrows(StampException.class, () -> NodesCsv.parse("site\nx\n", "nodes.csv")).getMessage());
        assertEquals("nodes.csv: empty; the first line names the keys, e.g. node.name,site,lan.address",
                assertThrows(StampException.class, () -> NodesCsv.parse("\n", "nodes.csv")).getMessage());
    }
}
