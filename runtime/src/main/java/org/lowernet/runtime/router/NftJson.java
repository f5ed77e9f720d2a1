package org.lowernet.runtime.router;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of {@code nft -j}'s output (libnftables-json(5)) to check a table: the objects of one kind
 * in the top-level {@code nftables} array ({@code {"chain": {...}}}) and their plain fields.
 */
final class NftJson {

    private NftJson() {
    }

    /** Every {@code "kind": {...}} object of the output; a text that is not nft's JSON is an error saying so. */
    static List<JsonObject> objects(String json, String kind) {
        JsonValue list;
        try {
            JsonValue root = Json.parse(json);
            list = root.isObject() ? root.asObject().get("nftables") : null;
        } catch (ParseException e) {
            throw new IllegalArgumentException("nft -j printed no JSON (" + e.getMessage() + ")", e);
        }
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("nft -j printed JSON without the nftables array");
        }
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue item : list.asArray()) {
            JsonValue object = item.isObject() ? item.asObject().get(kind) : null;
            if (object != null && object.isObject()) {
                out.add(object.asObject());
            }
        }
        return out;
    }

    /** A string or number field of an object as text; "" when absent. */
    static String field(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value == null ? "" : value.isString() ? value.asString() : value.toString();
    }
}
