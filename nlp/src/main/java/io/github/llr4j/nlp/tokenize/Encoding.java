package io.github.llr4j.nlp.tokenize;

/**
 * One encoded example, all arrays of the same length (the padded sequence length).
 *
 * @param ids token ids: {@code [CLS] a [SEP]} or {@code [CLS] a [SEP] b [SEP]}, then {@code [PAD]}
 * @param typeIds segment ids: 0 for {@code [CLS]}, a and its {@code [SEP]}; 1 for b and its
 *     {@code [SEP]}; 0 for padding
 * @param mask attention mask: 1 for real tokens, 0 for padding
 */
public record Encoding(int[] ids, int[] typeIds, int[] mask) {
  public Encoding {
    if (ids.length != typeIds.length || ids.length != mask.length) {
      throw new IllegalArgumentException("ids, typeIds and mask must have equal lengths, got "
          + ids.length + ", " + typeIds.length + ", " + mask.length);
    }
    ids = ids.clone();
    typeIds = typeIds.clone();
    mask = mask.clone();
  }

  @Override
  public int[] ids() {
    return ids.clone();
  }

  @Override
  public int[] typeIds() {
    return typeIds.clone();
  }

  @Override
  public int[] mask() {
    return mask.clone();
  }

  /** Sequence length including padding. */
  public int length() {
    return ids.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Encoding e && java.util.Arrays.equals(ids, e.ids)
        && java.util.Arrays.equals(typeIds, e.typeIds) && java.util.Arrays.equals(mask, e.mask);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(ids) * 31 + java.util.Arrays.hashCode(typeIds);
  }

  @Override
  public String toString() {
    return "Encoding[ids=" + java.util.Arrays.toString(ids) + ", typeIds="
        + java.util.Arrays.toString(typeIds) + ", mask=" + java.util.Arrays.toString(mask) + "]";
  }
}
