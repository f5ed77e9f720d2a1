package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelationTest {

    @Test
    void parsesGroupsAlternativesConstraintsAndArchQualifiers() {
        List<List<Relation>> groups = Relation.parseDepends("a (>= 1.2) | b, c:any (<< 3),d:native,e(=1:2-3)");
        assertEquals(4, groups.size());
        assertEquals("a (>= 1.2)", groups.get(0).get(0).toString());
        assertEquals("b", groups.get(0).get(1).toString());
        assertEquals("c (<< 3)", groups.get(1).getFirst().toString());
        assertEquals("d", groups.get(2).getFirst().name());
        assertEquals(Relation.Op.EQUAL, groups.get(3).getFirst().constraint().orElseThrow().op());
        assertEquals("1:2-3", groups.get(3).getFirst().constraint().orElseThrow().version().toString());
    }

    @Test
    void everyOperatorAcceptsTheRightVersions() {
        DebianVersion one = DebianVersion.parse("1.0");
        DebianVersion two = DebianVersion.parse("2.0");
        assertTrue(Relation.parse("x (<< 2.0)").acceptsVersion(one));
        assertFalse(Relation.parse("x (<< 2.0)").acceptsVersion(two));
        assertTrue(Relation.parse("x (<= 2.0)").acceptsVersion(two));
        assertTrue(Relation.parse("x (= 2.0)").acceptsVersion(two));
        assertFalse(Relation.parse("x (= 2.0)").acceptsVersion(one));
        assertTrue(Relation.parse("x (>= 1.0)").acceptsVersion(two));
        assertFalse(Relation.parse("x (>> 2.0)").acceptsVersion(two));
        assertTrue(Relation.parse("x").acceptsVersion(one));
    }

    @Test
    void emptyFieldHasNoGroupsAndBadInputIsNamed() {
        assertEquals(List.of(), Relation.parseDepends(" "));
        var e = assertThrows(IllegalArgumentException.class, () -> Relation.parse("a (=> 1)"));
        assertTrue(e.getMessage().contains("=>"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Relation.parse("a (>= 1"));
        assertThrows(IllegalArgumentException.class, () -> Relation.parseProvides("a | b"));
    }

    @Test
    void versionedProvidesSatisfyOnlyMatchingVersionedRelations() {
        Relation provided = Relation.parse("mail-transport-agent (= 2.0)");
        Relation unversioned = Relation.parse("mail-transport-agent");
        assertTrue(BinaryPackage.providesFor(provided, Relation.parse("mail-transport-agent (>= 1.5)")));
        assertFalse(BinaryPackage.providesFor(provided, Relation.parse("mail-transport-agent (>= 3)")));
        assertTrue(BinaryPackage.providesFor(unversioned, Relation.parse("mail-transport-agent")));
        assertFalse(BinaryPackage.providesFor(unversioned, Relation.parse("mail-transport-agent (>= 1)")));
    }
}
