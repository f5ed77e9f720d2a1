package org.lowernet.image.board;

import java.util.List;
import java.util.Optional;

/**
 * One board profile, as read from {@code board/<id>/board.conf}.
 *
 * @param id          the folder name, e.g. {@code rpi3}
 * @param unsupported why the build refuses this board; empty for a supported one
 */
public record Board(
        String id,
        String name,
        Optional<String> unsupported,
        List<String> models,
        List<String> dtbs,
        List<String> modules,
        String console) {

    public Board {
        models = List.copyOf(models);
        dtbs = List.copyOf(dtbs);
        modules = List.copyOf(modules);
    }

    public boolean supported() {
        return unsupported.isEmpty();
    }
}
