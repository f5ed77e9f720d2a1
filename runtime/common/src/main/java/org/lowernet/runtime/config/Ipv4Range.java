package org.lowernet.runtime.config;

/** An inclusive range of IPv4 addresses, "10.42.0.100-10.42.0.199", as DHCP pools are written. */
public record Ipv4Range(Ipv4 start, Ipv4 end) {

    static final String EXPECTED = "a range START-END of IPv4 addresses such as 10.42.0.100-10.42.0.199";

    public Ipv4Range {
        if (start.compareTo(end) > 0) {
            throw new IllegalArgumentException("range " + start + "-" + end + " ends before it starts");
        }
    }

    public static Ipv4Range parse(String text) throws InvalidValue {
        String[] ends = text.split("-", -1);
        if (ends.length != 2) {
            throw new InvalidValue(EXPECTED, "'" + text + "', which is not two addresses joined by '-'");
        }
        Ipv4 start;
        Ipv4 end;
        try {
            start = Ipv4.parse(ends[0].strip());
            end = Ipv4.parse(ends[1].strip());
        } catch (InvalidValue e) {
            throw new InvalidValue(EXPECTED, e.found());
        }
        if (start.compareTo(end) > 0) {
            throw new InvalidValue(EXPECTED, "'" + text + "', whose start comes after its end");
        }
        return new Ipv4Range(start, end);
    }

    public boolean contains(Ipv4 address) {
        return start.compareTo(address) <= 0 && address.compareTo(end) <= 0;
    }

    public long size() {
        return end.unsigned() - start.unsigned() + 1;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
