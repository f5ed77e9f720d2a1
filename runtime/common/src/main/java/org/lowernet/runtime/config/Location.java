package org.lowernet.runtime.config;

import java.util.Locale;

/**
 * Where a router stands, for the neighbourhood's map: WGS84 degrees, as respondd's nodeinfo.location has them.
 *
 * @param latitude  -90 to 90, north positive
 * @param longitude -180 to 180, east positive
 */
public record Location(double latitude, double longitude) {

    private static final String EXPECTED = "latitude,longitude in decimal degrees, such as 52.5200,13.4050";

    public Location {
        if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) {
            throw new IllegalArgumentException("no place on earth: " + latitude + "," + longitude);
        }
    }

    static Location parse(String text) throws InvalidValue {
        String[] parts = text.split(",", -1);
        if (parts.length != 2 || !parts[0].strip().matches("-?[0-9]{1,3}(\\.[0-9]{1,8})?")
                || !parts[1].strip().matches("-?[0-9]{1,3}(\\.[0-9]{1,8})?")) {
            throw new InvalidValue(EXPECTED, "'" + text + "'");
        }
        double latitude = Double.parseDouble(parts[0].strip());
        double longitude = Double.parseDouble(parts[1].strip());
        if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
            throw new InvalidValue(EXPECTED, text + ", which is off the map (latitude -90 to 90, longitude -180 to 180)");
        }
        return new Location(latitude, longitude);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s,%s", latitude, longitude);
    }
}
