package io.github.llr4j.examples.tasks;

import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.train.ConfusionMatrix;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.core.train.tensorboard.TensorBoard;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.nlp.data.SpamAssassin;
import io.github.llr4j.nlp.data.TableSpec;
import io.github.llr4j.nlp.data.TextDataset;
import io.github.llr4j.nlp.data.TextTables;
import io.github.llr4j.nlp.data.LongestPadding;
import io.github.llr4j.nlp.data.TokenizedTexts;
import io.github.llr4j.nlp.model.Activation;
import io.github.llr4j.nlp.model.TransformerSpec;
import io.github.llr4j.nlp.tokenize.BasicTokenizer;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.Vocabulary;
import io.github.llr4j.nlp.tokenize.WordPiece;
import io.github.llr4j.nlp.tokenize.WordPieceTrainer;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

/**
 * Text classification runs: loads SpamAssassin ({@code spam}, {@code spam-body}) or a table
 * (TSV/CSV/JSON Lines), splits it (seeded, stratified), gets a vocabulary (a WordPiece vocabulary
 * trained on the training split for a model from scratch, the pretrained one otherwise), encodes
 * the texts to fixed-length ids, trains a {@link TransformerSpec} with the core Trainer and adds
 * accuracy, macro-F1, per-class precision/recall and the confusion matrix of the validation and
 * test sets to {@code summary.json}. The run folder gets {@code vocab.txt} and {@code model.json},
 * so the checkpoint is self-contained for {@code llr4j classify}.
 */
public final class TextTask {

  private TextTask() {}

  /** What to train on. */
  public record Settings(String dataset, Path dataDir, Path file, Path testFile, String textColumn,
      String secondTextColumn, String labelColumn, String model, int maxLength, int vocabSize,
      int batchSize, long seed, double valFraction, double testFraction, int limitTrain, Path init,
      Path tokenizer) {
    public Settings {
      if (!List.of("spam", "spam-body", "table").contains(dataset))
        throw new IllegalArgumentException("--dataset must be spam, spam-body or table for --task text, got '" + dataset + "'");
      if (dataset.equals("table") && file == null)
        throw new IllegalArgumentException("--dataset table needs --file F (TSV, CSV or JSON Lines with a header)");
      if (!dataset.equals("table") && (file != null || testFile != null))
        throw new IllegalArgumentException("--file and --test-file need --dataset table, got --dataset " + dataset);
      if (maxLength < 8 || maxLength > 512) throw new IllegalArgumentException("--max-length must be in [8, 512], got " + maxLength);
      if (vocabSize < 100) throw new IllegalArgumentException("--vocab-size must be >= 100, got " + vocabSize);
      if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
      if (!(valFraction >= 0 && testFraction >= 0 && valFraction + testFraction < 1))
        throw new IllegalArgumentException("--val-fraction and --test-fraction must be >= 0 with sum < 1, got "
            + valFraction + " and " + testFraction);
      if (limitTrain < 0) throw new IllegalArgumentException("--limit-train must be >= 0 (0 = all), got " + limitTrain);
      if (tokenizer != null && !PretrainedSource.names(model))
        throw new IllegalArgumentException("--tokenizer needs a pretrained --model (hf:DIR, onnx:FILE or maven:NAME), got --model " + model);
    }
  }

  /** The splits; {@code val} is null without a validation split. */
  public record Data(TextDataset train, TextDataset val, TextDataset test) {}

  /** How the run is trained, beside the data; {@code tensorboard} is the event folder (null: none). */
  public record RunPlan(ReshapedObjective objective, LongFunction<Optimizer> optimizerForStepsPerEpoch,
      int epochs, Path out, boolean resume, long maxSteps, int logEvery, double dropout, String pooling,
      Path tensorboard) {
    public RunPlan {
      if (pooling != null && !pooling.equals("cls") && !pooling.equals("mean"))
        throw new IllegalArgumentException("--pooling must be cls or mean, got '" + pooling + "'");
    }
  }

  public static Data load(Settings s) {
    TextDataset all;
    TextDataset test = null;
    if (s.dataset().equals("table")) {
      TableSpec spec = TableSpec.of(s.textColumn(), s.labelColumn());
      if (s.secondTextColumn() != null) spec = spec.withSecondText(s.secondTextColumn());
      all = TextTables.read(s.file(), spec).dataset();
      if (s.testFile() != null) {
        test = TextTables.read(s.testFile(), spec).dataset();
        if (!test.labelNames().equals(all.labelNames()))
          throw new IllegalArgumentException("--test-file must have the labels of --file " + all.labelNames()
              + ", got " + test.labelNames());
      }
    } else {
      SpamAssassin.Task task = SpamAssassin.Task.of(s.dataset());
      all = s.dataDir() == null ? SpamAssassin.load(task) : SpamAssassin.load(s.dataDir(), task);
    }
    TextDataset train, val;
    if (test != null) {
      TextDataset.Split split = all.split(1 - s.valFraction(), s.valFraction(), s.seed());
      train = split.train();
      val = split.validation();
    } else {
      TextDataset.Split split = all.split(1 - s.valFraction() - s.testFraction(), s.valFraction(), s.seed());
      train = split.train();
      val = split.validation();
      test = split.test();
    }
    if (s.limitTrain() > 0 && s.limitTrain() < train.size())
      train = train.subset(IntStream.range(0, s.limitTrain()).boxed().toList());
    return new Data(train, val.size() == 0 ? null : val, test);
  }

  /**
   * The vocabulary of a model without a {@link PretrainedSource}: {@code vocab.txt} of {@code --init
   * RUN}, else a WordPiece vocabulary of {@code vocabSize} trained on the training texts (pairs not
   * merged below frequency 2).
   */
  public static Vocabulary vocabulary(Settings s, Data d) {
    // a pretraining run names its vocabulary in its card (resolved inside that run's folder)
    if (s.init() != null) return Vocabulary.load(RunCard.read(s.init()).file("vocab"));
    var texts = d.train().hasPairs()
        ? java.util.stream.Stream.concat(d.train().texts().stream(), d.train().secondTexts().stream()).iterator()
        : d.train().texts().iterator();
    return new WordPieceTrainer(s.vocabSize(), 2).train(texts);
  }

  /**
   * The vocabulary a text run's card names ({@code vocab}, resolved strictly inside the run
   * folder), checked against the encoder's embedding rows.
   */
  public static Vocabulary vocabulary(RunCard card, TransformerSpec spec) {
    Path f = card.file("vocab");
    Vocabulary v = Vocabulary.load(f);
    if (v.size() != spec.vocabSize())
      throw new IllegalArgumentException(f + " must have the encoder's vocab_size = " + spec.vocabSize()
          + " tokens (" + RunCard.FILE + "), got " + v.size());
    return v;
  }

  /** Whether texts are lower-cased without a {@link PretrainedSource}: a pretraining run's card, else true. */
  static boolean lowerCase(Settings s) {
    if (s.init() != null) return !Boolean.FALSE.equals(RunCard.read(s.init()).values().get("lower_case"));
    return true;
  }

  /** The tokenizer of a run: uncased unless the card (from a cased pretrained model) says otherwise. */
  public static BertTokenizer tokenizer(Vocabulary v, boolean lowerCase) {
    return tokenizer(v, lowerCase, lowerCase);
  }

  /** The tokenizer with lower-casing and accent stripping chosen independently (a tokenizer.json may). */
  public static BertTokenizer tokenizer(Vocabulary v, boolean lowerCase, boolean stripAccents) {
    return new BertTokenizer(new BasicTokenizer(lowerCase, stripAccents, java.util.Set.copyOf(
        io.github.llr4j.nlp.tokenize.SpecialTokens.ALL)), new WordPiece(v));
  }

  /**
   * The model for a named size, the spec a pretraining run's card stores, or a pretrained source's
   * ({@code src} not null), with the data's classes.
   */
  public static TransformerSpec model(Settings s, PretrainedSource src, Vocabulary v, int classes, double dropout,
      String pooling) {
    TransformerSpec spec;
    TransformerSpec.Pooling p = pooling.equals("mean") ? TransformerSpec.Pooling.MEAN : TransformerSpec.Pooling.CLS;
    if (src != null) {
      spec = src.bert().spec(classes, p);
      if (spec.maxLength() < s.maxLength())
        throw new IllegalArgumentException("--max-length must be <= " + spec.maxLength()
            + " (the position table of " + src.label() + "), got " + s.maxLength());
      if (src.truncation() > 0 && src.truncation() < s.maxLength())
        throw new IllegalArgumentException("--max-length must be <= " + src.truncation()
            + " (the truncation max_length its tokenizer declares), got " + s.maxLength());
      if (spec.vocabSize() != v.size())
        throw new IllegalArgumentException("the vocabulary of " + src.label() + " must have as many tokens as the"
            + " embedding table has rows (" + spec.vocabSize() + "), got " + v.size());
    } else if (s.init() != null) {
      spec = specFromCard(RunCard.read(s.init())).toBuilder().classes(classes).pooling(p).build();
      if (spec.maxLength() < s.maxLength())
        throw new IllegalArgumentException("--max-length must be <= " + spec.maxLength() + " (the pretrained model's),"
            + " got " + s.maxLength());
    } else {
      spec = TransformerSpec.named(s.model(), v.size(), s.maxLength(), classes).toBuilder()
          .pooling(pooling.equals("mean") ? TransformerSpec.Pooling.MEAN : TransformerSpec.Pooling.CLS).build();
    }
    return spec.toBuilder().padId(v.requireId("[PAD]")).dropout(dropout).build();
  }

  /** Trains one run and returns the trainer's result; the classification metrics go to summary.json. */
  public static Trainer.Result train(Settings s, RunPlan plan, PrintWriter w) {
    try (RunFolder folder = RunFolder.open(plan.out())) {
      folder.checkUsable(plan.resume());
      return train(s, plan, w, folder);
    }
  }

  /** The data identity of a text run (see {@link TrainerConfig#data}). */
  static void dataIdentity(Settings s, TrainerConfig.Builder b) {
    b.data("dataset", s.dataset())
        .data("data_path", s.dataDir() == null ? null : s.dataDir().toAbsolutePath().normalize().toString())
        .data("file", s.file() == null ? null : s.file().toAbsolutePath().normalize().toString())
        .data("test_file", s.testFile() == null ? null : s.testFile().toAbsolutePath().normalize().toString())
        .data("text_column", s.textColumn()).data("second_text_column", s.secondTextColumn())
        .data("label_column", s.labelColumn()).data("max_length", s.maxLength()).data("vocab_size", s.vocabSize())
        .data("batch_size", s.batchSize()).data("val_fraction", s.valFraction())
        .data("test_fraction", s.testFraction()).data("limit_train", s.limitTrain());
  }

  /**
   * Order: lock and check the folder, build the trainer (which validates a resume against the
   * checkpoint), then write {@code vocab.txt} and {@code model.json}; a resumed run reads its own
   * vocabulary back from the folder.
   */
  private static Trainer.Result train(Settings s, RunPlan plan, PrintWriter w, RunFolder folder) {
    long t0 = System.nanoTime();
    // the model first: a bad model file fails before minutes of data preparation
    PretrainedSource src = PretrainedSource.names(s.model()) ? PretrainedSource.open(s.model(), s.tokenizer(), w) : null;
    Data d = load(s);
    Path dir = folder.dir();
    boolean ownVocab = plan.resume() && folder.exists("vocab.txt");
    Vocabulary vocab = ownVocab ? Vocabulary.load(folder.existingFile("vocab.txt"))
        : src != null ? src.vocab() : vocabulary(s, d);
    boolean lowerCase = src != null ? src.lowerCase() : lowerCase(s);
    boolean stripAccents = src != null ? src.stripAccents() : lowerCase;
    BertTokenizer tok = tokenizer(vocab, lowerCase, stripAccents);
    List<String> classes = d.train().labelNames();
    // null = the default: the masked mean from scratch (it met the spam-body target) and for encoders
    // without a pooler (sentence-transformers); [CLS] for an encoder with a pooler and after --init
    String pooling = plan.pooling() != null ? plan.pooling()
        : src != null ? (src.bert().hasPooler() ? "cls" : "mean") : s.init() != null ? "cls" : "mean";
    TransformerSpec spec = model(s, src, vocab, classes.size(), plan.dropout(), pooling);
    TokenizedTexts train = TokenizedTexts.encode(tok, d.train(), s.maxLength());
    Map<String, Batches> eval = new LinkedHashMap<>();
    int eb = Math.max(s.batchSize(), 64);
    // dynamic padding: each batch is cut to its longest text (same logits, less attention work)
    int pad = spec.padId();
    if (d.val() != null)
      eval.put("val", new LongestPadding(TokenizedTexts.encode(tok, d.val(), s.maxLength()).batches().batchSize(eb)
          .shuffle(false).build(), pad));
    eval.put("test", new LongestPadding(TokenizedTexts.encode(tok, d.test(), s.maxLength()).batches().batchSize(eb)
        .shuffle(false).build(), pad));
    Batches trainBatches = new LongestPadding(train.batches().batchSize(s.batchSize()).seed(s.seed()).build(), pad);
    w.printf("%s: %d train / %s val / %d test texts, %d classes %s; vocabulary %d (%s); max length %d;"
            + " prepared in %.1f s%n", s.dataset(), d.train().size(), d.val() == null ? "no" : String.valueOf(d.val().size()),
        d.test().size(), classes.size(), classes, vocab.size(), src != null ? "from " + src.label()
            : s.init() != null ? "from " + s.init() : "trained on the training split", s.maxLength(),
        (System.nanoTime() - t0) / 1e9);
    w.flush();
    TrainerConfig.Builder builder = TrainerConfig.builder(spec, plan.optimizerForStepsPerEpoch().apply(trainBatches.batchesPerEpoch()))
        .objective(plan.objective()).epochs(plan.epochs()).seed(s.seed()).outputDir(dir)
        .resume(plan.resume()).maxSteps(plan.maxSteps()).logInterval(plan.logEvery());
    dataIdentity(s, builder);
    builder.data("model", s.model());
    if (plan.tensorboard() != null) builder.listener(TensorBoard.into(plan.tensorboard()));
    TrainerConfig config = builder.build();
    RunCard card = card(s, spec, classes, lowerCase, stripAccents);
    Trainer.Result r;
    try (Trainer t = new Trainer(config, trainBatches, eval)) {
      w.printf("model %s (%d layers, hidden %d, %d heads, %s pooling) with %,d parameters; objective: %s; output: %s%n",
          spec.name(), spec.layers(), spec.hidden(), spec.heads(), pooling, t.model().parameterCount(),
          plan.objective().describe(), plan.out());
      w.flush();
      if (plan.resume()) card.requireSameAs(folder);
      if (!ownVocab) folder.writeText("vocab.txt", String.join("\n", vocab.tokens()) + "\n");
      card.write(folder);
      if (!plan.resume() && src != null) PretrainedWeights.apply(src, t, w);
      else if (!plan.resume() && s.init() != null) PretrainedWeights.restore(s.init(), t, w);
      r = t.fit();
      Map<String, Object> metrics = new LinkedHashMap<>();
      for (Map.Entry<String, Batches> e : eval.entrySet()) {
        ConfusionMatrix m = t.confusion(e.getValue(), 0);
        metrics.putAll(m.describe(e.getKey(), classes));
      }
      if (!r.alreadyFinished()) addToSummary(folder, metrics);
      w.printf(java.util.Locale.ROOT, "test: accuracy %.4f, macro-F1 %.4f, confusion %s (rows true %s)%n",
          (Double) metrics.get("test_accuracy"), (Double) metrics.get("test_macro_f1"),
          metrics.get("test_confusion"), classes);
    }
    RunOutput.printResult(w, r, plan.out());
    w.printf(java.util.Locale.ROOT, "wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
    w.flush();
    return r;
  }

  /** Merges the classification metrics into summary.json (top level and {@code classification}). */
  static void addToSummary(RunFolder folder, Map<String, Object> metrics) {
    Map<String, Object> summary = folder.exists("summary.json") ? folder.readObject("summary.json") : new LinkedHashMap<>();
    metrics.forEach((k, v) -> { if (k.endsWith("_accuracy") || k.endsWith("_macro_f1")) summary.put(k, v); });
    summary.put("classification", metrics);
    folder.writeJson("summary.json", summary);
  }


  /** model.json of a text run: the full encoder spec, the class names and the tokenizer settings. */
  public static RunCard card(Settings s, TransformerSpec spec, List<String> classes, boolean lowerCase) {
    return card(s, spec, classes, lowerCase, lowerCase);
  }

  /** The same, with accent stripping recorded apart from lower-casing (a tokenizer.json may set them apart). */
  public static RunCard card(Settings s, TransformerSpec spec, List<String> classes, boolean lowerCase,
      boolean stripAccents) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("task", "text");
    v.put("dataset", s == null ? null : s.dataset());
    v.put("classes", classes);
    v.put("vocab", "vocab.txt");
    v.put("lower_case", lowerCase);
    v.put("strip_accents", stripAccents);
    v.put("max_length", spec.maxLength());
    v.put("encoder", specToMap(spec));
    return new RunCard(v);
  }

  static Map<String, Object> specToMap(TransformerSpec spec) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("size", spec.size());
    e.put("vocab_size", spec.vocabSize());
    e.put("max_length", spec.maxLength());
    e.put("hidden", spec.hidden());
    e.put("layers", spec.layers());
    e.put("heads", spec.heads());
    e.put("intermediate", spec.intermediate());
    e.put("type_vocab", spec.typeVocab());
    e.put("learned_positions", spec.learnedPositions());
    e.put("pre_norm", spec.preNorm());
    e.put("dropout", spec.dropout());
    e.put("attention_dropout", spec.attentionDropout());
    e.put("pooling", spec.pooling().name());
    e.put("classes", spec.classes());
    e.put("pad_id", spec.padId());
    e.put("layer_norm_epsilon", (double) spec.layerNormEpsilon());
    e.put("initializer_range", spec.initializerRange());
    e.put("activation", spec.activation().cardName());
    return e;
  }

  /** The encoder spec stored in a text run's model.json. */
  @SuppressWarnings("unchecked")
  public static TransformerSpec specFromCard(RunCard card) {
    Object o = card.values().get("encoder");
    if (!(o instanceof Map<?, ?>))
      throw new IllegalArgumentException(RunCard.FILE + " lacks the 'encoder' object (not a text run)");
    Map<String, Object> e = (Map<String, Object>) o;
    return new TransformerSpec((String) e.get("size"), num(e, "vocab_size"), num(e, "max_length"),
        num(e, "hidden"), num(e, "layers"), num(e, "heads"), num(e, "intermediate"), num(e, "type_vocab"),
        (Boolean) e.get("learned_positions"), (Boolean) e.get("pre_norm"),
        ((Number) e.get("dropout")).doubleValue(), ((Number) e.get("attention_dropout")).doubleValue(),
        TransformerSpec.Pooling.valueOf((String) e.get("pooling")), num(e, "classes"), num(e, "pad_id"),
        ((Number) e.get("layer_norm_epsilon")).floatValue(), ((Number) e.get("initializer_range")).doubleValue(),
        // cards written before the field existed used exact GELU
        Activation.fromCardName(e.get("activation") == null ? "gelu" : String.valueOf(e.get("activation"))));
  }

  private static int num(Map<String, Object> e, String k) {
    Object v = e.get(k);
    if (!(v instanceof Number n)) throw new IllegalArgumentException(RunCard.FILE + " encoder lacks the number '" + k + "'");
    return n.intValue();
  }
}
