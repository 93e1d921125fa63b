package io.github.llr4j.nlp.task;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.nlp.pretrained.PretrainedSource;
import java.nio.file.Path;
import java.util.List;

/**
 * What a text run trains on and with which encoder. The messages name the command line options
 * the values come from. Build with {@link #builder(String)}.
 *
 * @param dataset spam, spam-body (SpamAssassin) or table
 * @param dataDir the SpamAssassin folder (null: the default)
 * @param file table: the TSV, CSV or JSON Lines file with a header
 * @param testFile table: the test set (null: a split of {@code file})
 * @param textColumn table: the text column
 * @param secondTextColumn table: a second text column for sentence pairs (null: none)
 * @param labelColumn table: the label column
 * @param model tiny, small, base, or a pretrained source (see {@link PretrainedSource})
 * @param maxLength tokens per example including [CLS] and [SEP]
 * @param vocabSize size of the WordPiece vocabulary trained from scratch
 * @param batchSize training batch size
 * @param seed seed of the weights, the split and the order
 * @param valFraction stratified validation fraction
 * @param testFraction stratified test fraction (without {@code testFile})
 * @param limitTrain train on the first N training examples (0 = all)
 * @param init an MLM pretraining run to start from (null: none)
 * @param tokenizer the tokenizer file of a pretrained model (null: the one beside the weights)
 * @param dropout dropout of the encoder and the head
 * @param pooling cls, mean, or null for the model's usual choice
 */
public record TextSettings(String dataset, Path dataDir, Path file, Path testFile, String textColumn,
    String secondTextColumn, String labelColumn, String model, int maxLength, int vocabSize,
    int batchSize, long seed, double valFraction, double testFraction, int limitTrain, Path init,
    Path tokenizer, double dropout, String pooling) {

  public TextSettings {
    Require.that(List.of("spam", "spam-body", "table").contains(dataset), "--dataset",
        "be spam, spam-body or table for --task text", "'" + dataset + "'");
    if (dataset.equals("table") && file == null)
      throw new IllegalArgumentException("--dataset table needs --file F (TSV, CSV or JSON Lines with a header)");
    if (!dataset.equals("table") && (file != null || testFile != null))
      throw new IllegalArgumentException("--file and --test-file need --dataset table, got --dataset " + dataset);
    Require.notNull("--model", model);
    Require.that(maxLength >= 8 && maxLength <= 512, "--max-length", "be in [8, 512]", maxLength);
    Require.atLeast("--vocab-size", vocabSize, 100);
    Require.atLeast("--batch-size", batchSize, 1);
    Require.that(valFraction >= 0 && testFraction >= 0 && valFraction + testFraction < 1,
        "--val-fraction and --test-fraction", "be >= 0 with sum < 1", valFraction + " and " + testFraction);
    Require.that(limitTrain >= 0, "--limit-train", "be >= 0 (0 = all)", limitTrain);
    if (tokenizer != null && !PretrainedSource.names(model))
      throw new IllegalArgumentException("--tokenizer needs a pretrained --model (hf:DIR, onnx:FILE or maven:NAME), got"
          + " --model " + model);
    Require.that(dropout >= 0 && dropout < 1, "--dropout", "be in [0, 1)", dropout);
    Require.that(pooling == null || pooling.equals("cls") || pooling.equals("mean"), "--pooling", "be cls or mean",
        "'" + pooling + "'");
  }

  /** Whether the encoder starts from pretrained weights ({@code --init} or a pretrained {@code --model}). */
  public boolean pretrained() {
    return init != null || PretrainedSource.names(model);
  }

  /**
   * Settings for {@code dataset} with the defaults of {@code llr4j train --task text}: columns
   * text and label, model tiny, max length 128, vocabulary 8000, batch 32, seed 1, 10% validation,
   * 10% test, dropout 0.1, the model's usual pooling.
   */
  public static Builder builder(String dataset) {
    return new Builder(dataset);
  }

  /** Builds {@link TextSettings}; the record checks the values. */
  public static final class Builder {
    private final String dataset;
    private Path dataDir;
    private Path file;
    private Path testFile;
    private String textColumn = "text";
    private String secondTextColumn;
    private String labelColumn = "label";
    private String model = "tiny";
    private int maxLength = 128;
    private int vocabSize = 8000;
    private int batchSize = 32;
    private long seed = 1;
    private double valFraction = 0.1;
    private double testFraction = 0.1;
    private int limitTrain;
    private Path init;
    private Path tokenizer;
    private double dropout = 0.1;
    private String pooling;

    private Builder(String dataset) {
      this.dataset = dataset;
    }

    public Builder dataDir(Path v) { dataDir = v; return this; }
    public Builder file(Path v) { file = v; return this; }
    public Builder testFile(Path v) { testFile = v; return this; }
    public Builder textColumn(String v) { textColumn = v; return this; }
    public Builder secondTextColumn(String v) { secondTextColumn = v; return this; }
    public Builder labelColumn(String v) { labelColumn = v; return this; }
    public Builder model(String v) { model = v; return this; }
    public Builder maxLength(int v) { maxLength = v; return this; }
    public Builder vocabSize(int v) { vocabSize = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder valFraction(double v) { valFraction = v; return this; }
    public Builder testFraction(double v) { testFraction = v; return this; }
    public Builder limitTrain(int v) { limitTrain = v; return this; }
    public Builder init(Path v) { init = v; return this; }
    public Builder tokenizer(Path v) { tokenizer = v; return this; }
    public Builder dropout(double v) { dropout = v; return this; }
    public Builder pooling(String v) { pooling = v; return this; }

    public TextSettings build() {
      return new TextSettings(dataset, dataDir, file, testFile, textColumn, secondTextColumn, labelColumn, model,
          maxLength, vocabSize, batchSize, seed, valFraction, testFraction, limitTrain, init, tokenizer, dropout,
          pooling);
    }
  }
}
