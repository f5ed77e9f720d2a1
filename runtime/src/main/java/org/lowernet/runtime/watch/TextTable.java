package org.lowernet.runtime.watch;

import java.util.List;
import java.util.function.Function;

/** Columns of text, each as wide as its widest cell, two spaces apart: the watch's tables. */
final class TextTable {

    /** A column: its title, whether it is right-aligned (numbers), and its cell of a row. */
    record Column<R>(String title, boolean right, Function<R, String> cell) {
    }

    private TextTable() {
    }

    /** The width of the whole line the columns make for these rows. */
    static <R> int width(List<Column<R>> columns, List<R> rows) {
        return columns.stream().mapToInt(c -> columnWidth(c, rows)).sum() + 2 * (columns.size() - 1);
    }

    /** The title line, then one line per row, each ending in a newline. */
    static <R> void append(StringBuilder text, List<Column<R>> columns, List<R> rows) {
        int[] widths = columns.stream().mapToInt(c -> columnWidth(c, rows)).toArray();
        line(text, columns, widths, columns.stream().map(Column::title).toList());
        for (R row : rows) {
            line(text, columns, widths, columns.stream().map(c -> c.cell().apply(row)).toList());
        }
    }

    private static <R> int columnWidth(Column<R> column, List<R> rows) {
        return Math.max(column.title().length(),
                rows.stream().mapToInt(row -> column.cell().apply(row).length()).max().orElse(0));
    }

    private static <R> void line(StringBuilder text, List<Column<R>> columns, int[] widths, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String pad = " ".repeat(widths[i] - cells.get(i).length());
            line.append(i == 0 ? "" : "  ").append(columns.get(i).right() ? pad + cells.get(i) : cells.get(i) + pad);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
