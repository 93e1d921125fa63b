package io.github.llr4j.core.train;

import io.github.llr4j.core.run.FaultPoints;
import io.github.llr4j.core.run.Fields;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.run.SettingsDiff;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Session;

/**
 * The record a training leaves in its run folder, written through one {@link RunFolder} (which
 * holds the folder's lock while the trainer lives): {@code manifest.json} (configuration, data
 * identity, seeds, versions, git revision), per epoch a line of {@code metrics.jsonl}, then the
 * checkpoint (variables plus state: epoch, step, L0, best values, configuration and its hash,
 * and for a run stopped inside an epoch the partial epoch), then {@code best/} when the selection
 * keeps weights, and at the end {@code summary.json}.
 *
 * <p>Everything a resume depends on is read and validated by {@link #resumePoint} before anything
 * is written: a checkpoint of another configuration or other data is refused, naming the fields
 * that differ. Metrics lines past the checkpoint (a crash between the two writes) are dropped on
 * resume, so no epoch is ever recorded twice; a finished run is reported as such and its summary
 * kept.
 */
final class RunRecord implements AutoCloseable {
  /** Where a run starts: fresh, inside or after an epoch of a checkpoint. */
  record ResumePoint(Path checkpoint, int epoch, long step, EpochTotals partial, Double initialLoss,
      Map<String, Double> best, boolean finished, Map<String, Object> lastRecord) {
    static final ResumePoint FRESH = new ResumePoint(null, 0, 0, null, null, Map.of(), false, null);
  }

  private final TrainerConfig config;
  private final RunFolder folder;
  private final String hash;
  private final Map<String, Object> settings;
  private final Instant started = Instant.now();

  RunRecord(TrainerConfig config) {
    this.config = config;
    this.settings = hashedSettings(config);
    this.hash = hash(settings);
    this.folder = RunFolder.open(config.outputDir());
  }

  Path dir() {
    return folder.dir();
  }

  /**
   * The validated resume point of this run (fresh unless resuming): reads the checkpoint state,
   * never a variable, and writes nothing.
   */
  ResumePoint resumePoint(long batchesPerEpoch) {
    if (!config.resume()) return ResumePoint.FRESH;
    Optional<Path> found = Checkpoints.find(folder.dir());
    if (found.isEmpty()) {
      if (!folder.readJsonLines("metrics.jsonl").isEmpty())
        throw new IllegalArgumentException("cannot resume " + folder.dir() + ": it has metrics.jsonl but no checkpoint/"
            + " (deleted or never written); resuming would repeat its epochs: start a new run in another folder");
      return ResumePoint.FRESH;
    }
    Path dir = found.get();
    Map<String, Object> state = Checkpoints.readState(dir);
    Fields f = new Fields(state, dir.resolve("state.json").toString());
    if (!hash.equals(state.get("config_hash"))) {
      List<String> diff = state.get("config") instanceof Map<?, ?> saved ? SettingsDiff.between(saved, settings) : List.of();
      throw new IllegalArgumentException("cannot resume from " + dir + ": it was written with a different configuration"
          + (diff.isEmpty() ? " (hash " + state.get("config_hash") + ", this run " + hash + ")" : ": " + String.join("; ", diff))
          + "; use a new output folder or the original settings");
    }
    int epoch = (int) f.integer("epoch", 0, config.epochs() - 1);
    long step = f.integer("step", 0, Long.MAX_VALUE);
    Double l0 = f.optionalNumber("initial_loss");
    Map<String, Double> best = new LinkedHashMap<>();
    if (f.has("best")) {
      Fields b = f.object("best");
      for (String k : b.values().keySet()) best.put(k, b.number(k));
    }
    if (f.has("partial_epoch")) {
      EpochTotals partial = EpochTotals.fromState(f.object("partial_epoch"), batchesPerEpoch - 1);
      return new ResumePoint(dir, epoch, step, partial, l0, best, false, null);
    }
    Map<String, Object> last = f.has("record") ? f.object("record").values() : null;
    if (last != null && !Integer.valueOf(epoch).equals(last.get("epoch")))
      throw new IllegalArgumentException(dir.resolve("state.json") + " holds the record of epoch " + last.get("epoch")
          + " in the checkpoint of epoch " + epoch + " (corrupt state)");
    return new ResumePoint(dir, epoch + 1, step, null, l0, best, epoch + 1 >= config.epochs(), last);
  }

  /**
   * Repairs the metrics to match the resume point (lines past it dropped, the checkpoint's own
   * epoch line restored after a crash between the two writes), then writes the manifest.
   */
  void begin(ResumePoint start, long parameters) {
    repairMetrics(start);
    Map<String, Object> m = new LinkedHashMap<>();
    if (start.checkpoint() != null && folder.exists("manifest.json")) {
      m.putAll(folder.readObject("manifest.json"));
      List<Object> resumes = m.get("resumed") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
      resumes.add(Map.of("time", started.toString(), "epoch", start.epoch(), "step", start.step()));
      m.put("resumed", resumes);
    } else {
      m.put("start_time", started.toString());
      m.put("config", config.describe());
      m.put("config_hash", hash);
      m.put("data", config.data());
      m.put("seed", config.seed());
      m.put("java_version", System.getProperty("java.version"));
      String tfJava = org.tensorflow.TensorFlow.class.getPackage().getImplementationVersion();
      m.put("tensorflow_java_version", tfJava == null ? "unknown" : tfJava);
      m.put("tensorflow_version", org.tensorflow.TensorFlow.version());
      m.put("git_revision", GitRevision.head());
      m.put("parameters", parameters);
    }
    folder.writeJson("manifest.json", m);
  }

  /** metrics.jsonl as of the resume point: one line per finished epoch, each exactly once. */
  void repairMetrics(ResumePoint start) {
    List<Map<String, Object>> lines = folder.readJsonLines("metrics.jsonl");
    List<Map<String, Object>> kept = new ArrayList<>();
    for (Map<String, Object> r : lines)
      if (r.get("epoch") instanceof Number n && n.intValue() < start.epoch()) kept.add(r);
    Map<String, Object> last = start.lastRecord();
    boolean missing = last != null && kept.stream().noneMatch(r -> last.get("epoch").equals(r.get("epoch")));
    if (missing) kept.add(last);
    if (missing || kept.size() != lines.size()) folder.writeJsonLines("metrics.jsonl", kept);
  }

  /**
   * After a complete epoch: {@code best/} when the selection picked it, then the checkpoint (whose
   * state carries the epoch's record), then the metrics line. A crash before the checkpoint
   * repeats the epoch on resume (identically); a crash after it leaves the line to {@link #begin},
   * which appends it from the checkpoint state.
   */
  void epochDone(Session session, Map<String, Object> rec, long step, Double l0, Map<String, Double> best,
      boolean selected) {
    int epoch = (Integer) rec.get("epoch");
    if (selected && config.selection().keepCheckpoint()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("epoch", epoch);
      s.put("step", step);
      s.put("selection", config.selection().rule());
      s.put("config_hash", hash);
      Checkpoints.save(session, folder.dir().resolve(RunCard.BEST_DIR), s);
    }
    if (config.checkpointEveryEpoch()) {
      Map<String, Object> state = state(epoch, step, l0, best, null);
      state.put("record", rec);
      Checkpoints.save(session, folder.dir(), state);
    }
    FaultPoints.reach("record:checkpoint-written");
    List<Map<String, Object>> lines = folder.readJsonLines("metrics.jsonl");
    lines.add(rec);
    folder.writeJsonLines("metrics.jsonl", lines);
    FaultPoints.reach("record:metrics-written");
  }

  /** A run stopped inside epoch {@code epoch} ({@code --max-steps}): a checkpoint that resumes at that batch. */
  void epochStopped(Session session, int epoch, long step, Double l0, Map<String, Double> best, EpochTotals partial) {
    Checkpoints.save(session, folder.dir(), state(epoch, step, l0, best, partial));
  }

  private Map<String, Object> state(int epoch, long step, Double l0, Map<String, Double> best, EpochTotals partial) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("epoch", epoch);
    s.put("step", step);
    s.put("initial_loss", l0);
    s.put("best", best);
    if (partial != null) s.put("partial_epoch", partial.toState());
    s.put("config_hash", hash);
    s.put("config", settings);
    return s;
  }

  /** The last complete epoch's record, read back (for a finished run's result). */
  Map<String, Object> lastRecord() {
    List<Map<String, Object>> lines = folder.readJsonLines("metrics.jsonl");
    return lines.isEmpty() ? Map.of() : lines.get(lines.size() - 1);
  }

  boolean hasSummary() {
    return folder.exists("summary.json");
  }

  /** The finished run's summary, validated. */
  Fields summary() {
    return new Fields(folder.readObject("summary.json"), folder.dir().resolve("summary.json").toString());
  }

  /** summary.json of result {@code r}: the headline numbers at the top level, then final, best and the configuration. */
  void writeSummary(Trainer.Result r, Double msPerStep, Double initialLoss, BestMetrics best) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("epochs_completed", r.epochsCompleted());
    summary.put("finished", r.epochsCompleted() == config.epochs());
    summary.put("steps", r.steps());
    summary.put("initial_loss", initialLoss);
    summary.put("ms_per_step_median", msPerStep);
    // the headline numbers at the top level: final evaluation metrics and best_<metric>
    r.finalMetrics().forEach((k, v) -> { if (best.isEvalMetric(k)) summary.put(k, v); });
    r.bestMetrics().forEach((k, v) -> summary.put(BestMetrics.summaryKey(k), v));
    summary.put("selection", config.selection().rule());
    if (config.selection().keepCheckpoint() && r.bestMetrics().containsKey("selected_epoch"))
      summary.put("selected_checkpoint", config.outputDir().resolve(RunCard.BEST_DIR).toString());
    summary.put("final", r.finalMetrics());
    summary.put("best", r.bestMetrics());
    summary.put("config", config.describe());
    folder.writeJson("summary.json", summary);
    FaultPoints.reach("record:summary-written");
  }

  /** Settings that identify a run: the configuration and data without the step limit (which only cuts a run short). */
  private static Map<String, Object> hashedSettings(TrainerConfig config) {
    Map<String, Object> s = new LinkedHashMap<>(config.describe());
    s.remove("max_steps");
    // how long a worker waits for the others changes no result: a resumed cluster may wait longer
    if (s.get("data_parallel") instanceof Map<?, ?> dp) {
      Map<Object, Object> kept = new LinkedHashMap<>(dp);
      kept.remove("timeout_s");
      s.put("data_parallel", kept);
    }
    return s;
  }

  private static String hash(Map<String, Object> settings) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(
          RunFolder.JSON.writeValueAsString(settings).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot hash the configuration", e);
    }
  }

  @Override
  public void close() {
    folder.close();
  }
}
