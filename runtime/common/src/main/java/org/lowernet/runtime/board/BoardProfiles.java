package org.lowernet.runtime.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Picks the profile of the running board from the ones the image carries. */
public final class BoardProfiles {

    /** Where the image builder puts the profiles. */
    public static final String FOLDER = "usr/share/lowernet/boards";

    private BoardProfiles() {
    }

    /**
     * The first profile (in file name order) whose models match; {@link BoardProfile#unknown} when none
     * does. A profile that cannot be read is skipped with the reason in {@code problems}.
     */
    public static BoardProfile pick(Path folder, String model, List<String> problems) {
        if (!Files.isDirectory(folder)) {
            problems.add("no board profiles at " + folder);
            return BoardProfile.unknown(model);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            problems.add("cannot list board profiles in " + folder + ": " + e.getMessage());
            return BoardProfile.unknown(model);
        }
        List<BoardProfile> profiles = new ArrayList<>();
        for (Path file : files) {
            try {
                profiles.add(Board.read(file, file.getFileName().toString().replaceFirst("\\.conf$", "")).profile());
            } catch (IOException | BoardException e) {
                problems.add("skipping board profile " + file + ": " + e.getMessage());
            }
        }
        return profiles.stream().filter(p -> p.matches(model)).findFirst().orElseGet(() -> {
            problems.add("no board profile matches the model '" + model + "'; using no board defaults");
            return BoardProfile.unknown(model);
        });
    }
}
