package io.github.llr4j.nlp.data;

/**
 * Which columns of a text table to read and how to treat bad rows.
 *
 * @param textColumn name of the text column
 * @param secondTextColumn name of the second text column for pair tasks, or null
 * @param labelColumn name of the label column
 * @param labelOrder how label names get their ids
 * @param skipBadRows true: malformed rows are skipped and counted; false: they are an error
 */
public record TableSpec(String textColumn, String secondTextColumn, String labelColumn,
    LabelOrder labelOrder, boolean skipBadRows) {

  /** How distinct label values are numbered. */
  public enum LabelOrder {
    /**
     * Ascending: numerically when every label is an integer ("2" before "10"), else by string
     * (so "ham" = 0, "spam" = 1). Stable across files with the same label set.
     */
    SORTED,
    /** In the order the labels first appear in the file. */
    FIRST_APPEARANCE
  }

  public TableSpec {
    if (textColumn == null || textColumn.isEmpty()) {
      throw new IllegalArgumentException("textColumn must be a column name, got " + textColumn);
    }
    if (labelColumn == null || labelColumn.isEmpty()) {
      throw new IllegalArgumentException("labelColumn must be a column name, got " + labelColumn);
    }
    if (labelOrder == null) {
      throw new IllegalArgumentException("labelOrder must not be null, got null");
    }
  }

  /** Single text column, sorted labels, bad rows are errors. */
  public static TableSpec of(String textColumn, String labelColumn) {
    return new TableSpec(textColumn, null, labelColumn, LabelOrder.SORTED, false);
  }

  public TableSpec withSecondText(String column) {
    return new TableSpec(textColumn, column, labelColumn, labelOrder, skipBadRows);
  }

  public TableSpec withLabelOrder(LabelOrder order) {
    return new TableSpec(textColumn, secondTextColumn, labelColumn, order, skipBadRows);
  }

  public TableSpec withSkipBadRows(boolean skip) {
    return new TableSpec(textColumn, secondTextColumn, labelColumn, labelOrder, skip);
  }
}
