package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestTest {

    private static Request.Parsed parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return Request.parse(bytes, bytes.length);
    }

    private static Request request(String text) {
        return parse(text).request().orElseThrow(() -> new AssertionError(text + ": " + parse(text).problem()));
    }

    @Test
    void yanicsQueryAsksForAllThreeCompressed() {
        assertEquals(new Request(Respondd.KINDS, true), request("GET nodeinfo statistics neighbours"));
    }

    @Test
    void getSkipsUnknownAndRepeatedWordsKeepingOrder() {
        assertEquals(new Request(List.of("neighbours", "nodeinfo"), true),
                request("GET neighbours wifi nodeinfo neighbours"));
    }

    @Test
    void aSingleWordIsTheOlderUncompressedForm() {
        assertEquals(new Request(List.of("statistics"), false), request("statistics"));
        assertEquals(new Request(List.of("nodeinfo"), false), request("nodeinfo\n"), "echo | nc adds a newline");
        assertEquals(new Request(List.of("nodeinfo"), false), request("nodeinfo\0"), "a C string's NUL");
    }

    @Test
    void malformedRequestsSayWhy() {
        assertEquals(Optional.of(Request.Problem.UNKNOWN_KIND), parse("GET wifi").problem());
        assertEquals(Optional.of(Request.Problem.UNKNOWN_KIND), parse("nodeinfo statistics").problem());
        assertEquals(Optional.of(Request.Problem.UNKNOWN_KIND), parse("get nodeinfo").problem());
        assertEquals(Optional.of(Request.Problem.EMPTY), parse("").problem());
        assertEquals(Optional.of(Request.Problem.EMPTY), parse("\n").problem());
        assertEquals(Optional.of(Request.Problem.NOT_TEXT), parse("GET nodeinfo\u00ff").problem());
        assertEquals(Optional.of(Request.Problem.NOT_TEXT), parse("GET\tnodeinfo").problem());
        assertEquals(Optional.of(Request.Problem.OVERSIZED),
                parse("GET nodeinfo" + " ".repeat(Respondd.MAX_REQUEST)).problem());
        assertEquals(Optional.empty(), parse("GET nodeinfo" + " ".repeat(Respondd.MAX_REQUEST - 12)).problem(),
                "exactly " + Respondd.MAX_REQUEST + " bytes is still a request");
    }
}
