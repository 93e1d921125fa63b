package io.github.llr4j.nlp.task;

import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.task.PreparedRun;
import io.github.llr4j.core.task.RunPlan;
import io.github.llr4j.core.task.TrainingRun;
import io.github.llr4j.core.train.ConfusionMatrix;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.nlp.data.LongestPadding;
import io.github.llr4j.nlp.data.SpamAssassin;
import io.github.llr4j.nlp.data.TableSpec;
import io.github.llr4j.nlp.data.TextDataset;
import io.github.llr4j.nlp.data.TextTables;
import io.github.llr4j.nlp.data.TokenizedTexts;
import io.github.llr4j.nlp.model.TransformerSpec;
import io.github.llr4j.nlp.pretrained.PretrainedSource;
import io.github.llr4j.nlp.pretrained.PretrainedWeights;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.Vocabulary;
import io.github.llr4j.nlp.tokenize.WordPieceTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Text classification runs: loads SpamAssassin ({@code spam}, {@code spam-body}) or a table
 * (TSV/CSV/JSON Lines), splits it (seeded, stratified), gets a vocabulary (a WordPiece vocabulary
 * trained on the training split for a model from scratch, the pretrained one otherwise), encodes
 * the texts to fixed-length ids, trains a {@link TransformerSpec} through the core {@link
 * TrainingRun} skeleton and adds accuracy, macro-F1, per-class precision/recall and the confusion
 * matrix of the validation and test sets to {@code summary.json}. The run folder gets {@code
 * vocab.txt} and {@code model.json}, so the checkpoint is self-contained for {@code llr4j classify}.
 */
public final class TextClassification {

  private TextClassification() {}

  /** The splits; {@code val} is null without a validation split. */
  public record Data(TextDataset train, TextDataset val, TextDataset test) {}

  /**
   * A finished run: the trainer's result and the classification metrics of the evaluation sets
   * ({@code test_accuracy}, {@code test_macro_f1}, {@code test_confusion}, ...).
   */
  public record Result(Trainer.Result training, Map<String, Object> classification, List<String> classes) {}

  public static Data load(TextSettings s) {
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
  static Vocabulary vocabulary(TextSettings s, Data d) {
    // a pretraining run names its vocabulary in its card (resolved inside that run's folder)
    if (s.init() != null) return Vocabulary.load(RunCard.read(s.init()).file("vocab"));
    var texts = d.train().hasPairs()
        ? Stream.concat(d.train().texts().stream(), d.train().secondTexts().stream()).iterator()
        : d.train().texts().iterator();
    return new WordPieceTrainer(s.vocabSize(), 2).train(texts);
  }

  /** Whether texts are lower-cased without a {@link PretrainedSource}: a pretraining run's card, else true. */
  static boolean lowerCase(TextSettings s) {
    if (s.init() != null) return !Boolean.FALSE.equals(RunCard.read(s.init()).values().get("lower_case"));
    return true;
  }

  /**
   * The pooling of a run: the settings' choice, else the masked mean from scratch (it met the
   * spam-body target) and for encoders without a pooler (sentence-transformers), [CLS] for an
   * encoder with a pooler and after {@code --init}.
   */
  static String pooling(TextSettings s, PretrainedSource src) {
    return s.pooling() != null ? s.pooling()
        : src != null ? (src.bert().hasPooler() ? "cls" : "mean") : s.init() != null ? "cls" : "mean";
  }

  /**
   * The model for a named size, the spec a pretraining run's card stores, or a pretrained source's
   * ({@code src} not null), with the data's classes.
   */
  static TransformerSpec model(TextSettings s, PretrainedSource src, Vocabulary v, int classes, String pooling) {
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
      spec = TextRunCard.spec(RunCard.read(s.init())).toBuilder().classes(classes).pooling(p).build();
      if (spec.maxLength() < s.maxLength())
        throw new IllegalArgumentException("--max-length must be <= " + spec.maxLength() + " (the pretrained model's),"
            + " got " + s.maxLength());
    } else {
      spec = TransformerSpec.named(s.model(), v.size(), s.maxLength(), classes).toBuilder().pooling(p).build();
    }
    return spec.toBuilder().padId(v.requireId("[PAD]")).dropout(s.dropout()).build();
  }

  /** The data identity of a text run (see {@link TrainerConfig.Builder#data}). */
  static void dataIdentity(TextSettings s, TrainerConfig.Builder b) {
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
   * Trains one run through {@link TrainingRun}: a resumed run reads its own vocabulary back from
   * the folder, a new one starts from the pretrained weights or {@code --init} run, if any. The
   * classification metrics go to {@code summary.json}; {@code log} gets the banners.
   */
  public static Result train(TextSettings s, RunPlan plan, PrintWriter log) {
    // the prepared run outlives the skeleton: it holds the metrics its afterFit hook collected
    AtomicReference<Prepared> run = new AtomicReference<>();
    Trainer.Result r = TrainingRun.run(plan, folder -> {
      run.set(prepare(s, plan, folder, log));
      return run.get();
    });
    return new Result(r, run.get().classification, run.get().classes);
  }

  private static Prepared prepare(TextSettings s, RunPlan plan, RunFolder folder, PrintWriter log) {
    long t0 = System.nanoTime();
    // the model first: a bad model file fails before minutes of data preparation
    PretrainedSource src = PretrainedSource.names(s.model()) ? PretrainedSource.open(s.model(), s.tokenizer(), log) : null;
    Data d = load(s);
    boolean ownVocab = plan.resume() && folder.exists("vocab.txt");
    Vocabulary vocab = ownVocab ? Vocabulary.load(folder.existingFile("vocab.txt"))
        : src != null ? src.vocab() : vocabulary(s, d);
    boolean lowerCase = src != null ? src.lowerCase() : lowerCase(s);
    boolean stripAccents = src != null ? src.stripAccents() : lowerCase;
    BertTokenizer tok = TextRunCard.tokenizer(vocab, lowerCase, stripAccents);
    List<String> classes = d.train().labelNames();
    String pooling = pooling(s, src);
    TransformerSpec spec = model(s, src, vocab, classes.size(), pooling);
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
    log.printf("%s: %d train / %s val / %d test texts, %d classes %s; vocabulary %d (%s); max length %d;"
            + " prepared in %.1f s%n", s.dataset(), d.train().size(), d.val() == null ? "no" : String.valueOf(d.val().size()),
        d.test().size(), classes.size(), classes, vocab.size(), src != null ? "from " + src.label()
            : s.init() != null ? "from " + s.init() : "trained on the training split", s.maxLength(),
        (System.nanoTime() - t0) / 1e9);
    log.flush();
    RunCard card = TextRunCard.of(s.dataset(), spec, classes, lowerCase, stripAccents);
    return new Prepared(s, plan, log, src, spec, pooling, trainBatches, eval, card, ownVocab ? null : vocab, classes);
  }

  /** One prepared text run: the hooks of {@link TrainingRun} and the metrics it collects after fitting. */
  private static final class Prepared implements PreparedRun {
    private final TextSettings s;
    private final RunPlan plan;
    private final PrintWriter log;
    private final PretrainedSource src;
    private final TransformerSpec spec;
    private final String pooling;
    private final Batches train;
    private final Map<String, Batches> eval;
    private final RunCard card;
    private final Vocabulary newVocab;
    private final List<String> classes;
    private final Map<String, Object> classification = new LinkedHashMap<>();

    Prepared(TextSettings s, RunPlan plan, PrintWriter log, PretrainedSource src, TransformerSpec spec, String pooling,
        Batches train, Map<String, Batches> eval, RunCard card, Vocabulary newVocab, List<String> classes) {
      this.s = s;
      this.plan = plan;
      this.log = log;
      this.src = src;
      this.spec = spec;
      this.pooling = pooling;
      this.train = train;
      this.eval = eval;
      this.card = card;
      this.newVocab = newVocab;
      this.classes = classes;
    }

    @Override public ModelSpec model() { return spec; }
    @Override public Batches train() { return train; }
    @Override public Map<String, Batches> evaluation() { return eval; }
    @Override public long seed() { return s.seed(); }
    @Override public RunCard card() { return card; }

    @Override
    public void configure(TrainerConfig.Builder builder) {
      dataIdentity(s, builder);
      builder.data("model", s.model());
    }

    @Override
    public void started(Trainer t) {
      log.printf("model %s (%d layers, hidden %d, %d heads, %s pooling) with %,d parameters; objective: %s; output: %s%n",
          spec.name(), spec.layers(), spec.hidden(), spec.heads(), pooling, t.model().parameterCount(),
          plan.objective().describe(), plan.out());
      log.flush();
    }

    @Override
    public void writeFiles(RunFolder folder) {
      if (newVocab != null) folder.writeText("vocab.txt", String.join("\n", newVocab.tokens()) + "\n");
    }

    @Override
    public void beforeFit(Trainer t) {
      if (plan.resume()) return;
      if (src != null) PretrainedWeights.apply(src, t, log);
      else if (s.init() != null) PretrainedWeights.restore(s.init(), t, log);
    }

    @Override
    public void afterFit(Trainer t, Trainer.Result r, RunFolder folder) {
      for (Map.Entry<String, Batches> e : eval.entrySet()) {
        ConfusionMatrix m = t.confusion(e.getValue(), 0);
        classification.putAll(m.describe(e.getKey(), classes));
      }
      if (!r.alreadyFinished()) addToSummary(folder, classification);
    }
  }

  /** Merges the classification metrics into summary.json (top level and {@code classification}). */
  static void addToSummary(RunFolder folder, Map<String, Object> metrics) {
    Map<String, Object> summary = folder.exists("summary.json") ? folder.readObject("summary.json") : new LinkedHashMap<>();
    metrics.forEach((k, v) -> { if (k.endsWith("_accuracy") || k.endsWith("_macro_f1")) summary.put(k, v); });
    summary.put("classification", metrics);
    folder.writeJson("summary.json", summary);
  }
}
