package org.lowernet.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void printsAsIpDoes() {
        for (String text : new String[] {"198.51.100.1/24", "2001:db8::1/64", "::/0", "2001:db8:0:1::/64",
                "fe80::1031:abff:fec3:8cda/64", "2001:db8::1:0:0:1/128", "2001:0:1:0:1:0:1:0/128", "0.0.0.0/0"}) {
            assertEquals(text, Cidr.parse(text).toString());
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("198.51.100.1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("198.51.100.1/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.org/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::1/129"));
    }
}
