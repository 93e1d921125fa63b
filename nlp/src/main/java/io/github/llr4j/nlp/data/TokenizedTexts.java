package io.github.llr4j.nlp.data;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.Encoding;
import org.tensorflow.ndarray.Shape;

/**
 * A {@link TextDataset} encoded with a {@link BertTokenizer} to fixed-length token ids, ready for
 * core's {@link ArrayBatches}: {@code ids} is row major {@code [size, maxLength]} ({@code [CLS]
 * text [SEP]} or {@code [CLS] a [SEP] b [SEP]}, truncated, then padded). Pairs are packed as
 * {@code [size, 2, maxLength]} (row 0 ids, row 1 type ids), the input layout of
 * {@link io.github.llr4j.nlp.model.TransformerSpec}.
 *
 * @param ids token ids, row major
 * @param exampleShape {@code [maxLength]} or {@code [2, maxLength]}
 * @param labels class ids
 */
public record TokenizedTexts(int[] ids, Shape exampleShape, int[] labels) {

  /** Encodes every example of {@code data}. */
  public static TokenizedTexts encode(BertTokenizer tokenizer, TextDataset data, int maxLength) {
    int n = data.size();
    boolean pairs = data.hasPairs();
    int row = pairs ? 2 * maxLength : maxLength;
    int[] ids = new int[n * row];
    for (int i = 0; i < n; i++) {
      Encoding e = tokenizer.encode(data.texts().get(i), pairs ? data.secondTexts().get(i) : null, maxLength);
      System.arraycopy(e.ids(), 0, ids, i * row, maxLength);
      if (pairs) System.arraycopy(e.typeIds(), 0, ids, i * row + maxLength, maxLength);
    }
    return new TokenizedTexts(ids, pairs ? Shape.of(2, maxLength) : Shape.of(maxLength), data.labels());
  }

  /** A batch builder over these examples (set batch size, seed and shuffling on it). */
  public ArrayBatches.Builder batches() {
    return ArrayBatches.ofTokens(ids, exampleShape, labels);
  }
}
