package org.lowernet.runtime.led;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Records every level with a timestamp (milliseconds from its time source), like the mock GPIO would. */
final class RecordingOutput implements LedOutput {

    record Edge(long at, boolean level) {
    }

    private final LongSupplier millis;
    private final List<Edge> edges = new ArrayList<>();
    private boolean closed;

    RecordingOutput(LongSupplier millis) {
        this.millis = millis;
    }

    static RecordingOutput on(ManualScheduler scheduler) {
        return new RecordingOutput(scheduler::elapsedMillis);
    }

    @Override
    public synchronized void set(boolean level) {
        edges.add(new Edge(millis.getAsLong(), level));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized List<Edge> edges() {
        return List.copyOf(edges);
    }

    synchronized boolean level() {
        return !edges.isEmpty() && edges.getLast().level();
    }

    /**
     * The levels and how long each was held, from the first edge at or after {@code fromMillis}, merging
     * repeated writes of the same level and dropping levels replaced at once; the last (still running) level is left out.
     */
    synchronized List<Pattern.Phase> phasesSince(long fromMillis) {
        List<Edge> after = edges.stream().filter(e -> e.at() >= fromMillis).toList();
        List<Pattern.Phase> phases = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            Edge edge = after.get(i);
            int j = i + 1;
            while (j < after.size() && after.get(j).level() == edge.level()) {
                j++;
            }
            // A level replaced in the same millisecond was never visible.
            if (j < after.size() && after.get(j).at() > edge.at()) {
                phases.add(new Pattern.Phase(edge.level(), Duration.ofMillis(after.get(j).at() - edge.at())));
            }
            i = j - 1;
        }
        return phases;
    }
}
