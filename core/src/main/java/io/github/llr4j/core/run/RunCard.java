package io.github.llr4j.core.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code model.json} in a run folder: what is needed to rebuild the trained model without the
 * training data (task, model name, input shape, class names, normalisation constants, the names of
 * companion files such as the vocabulary). Read back through {@link Fields}, so every value is
 * validated; file names it holds resolve strictly inside its folder ({@link #file}).
 */
public final class RunCard {

  public static final String FILE = "model.json";
  /** Sub-folder of a run holding the selected epoch's checkpoint; its model is the run's. */
  public static final String BEST_DIR = "best";

  private final Map<String, Object> values;
  private final RunFolder folder;

  public RunCard(Map<String, Object> values) {
    this(values, null);
  }

  private RunCard(Map<String, Object> values, RunFolder folder) {
    this.values = new LinkedHashMap<>(Objects.requireNonNull(values, "values"));
    this.folder = folder;
  }

  public Map<String, Object> values() {
    return values;
  }

  /** Typed, validated access to the card's fields. */
  public Fields fields() {
    return new Fields(values, folder == null ? FILE : folder.dir().resolve(FILE).toString());
  }

  public void write(RunFolder f) {
    f.writeJson(FILE, values);
  }

  /** Reads {@code <runDir>/model.json} ({@code <run>/best} reads its run's card). */
  public static RunCard read(Path runDir) {
    Path dir = runDir;
    if (!Files.isRegularFile(dir.resolve(FILE)) && dir.getFileName() != null
        && dir.getFileName().toString().equals(BEST_DIR) && dir.getParent() != null)
      dir = dir.getParent();
    if (!Files.isRegularFile(dir.resolve(FILE)))
      throw new IllegalArgumentException("checkpoint folder must be a run folder of `llr4j train` with " + FILE
          + ", got " + runDir + " (no " + FILE + ")");
    RunFolder f = RunFolder.read(dir);
    return new RunCard(f.readObject(FILE), f);
  }

  /** Fails unless this run was trained with {@code task}: "{command} needs a {task} run, got task ...". */
  public RunCard requireTask(String task, String command) {
    if (!task.equals(values.get("task")))
      throw new IllegalArgumentException(command + " needs a " + task + " run, got task " + values.get("task"));
    return this;
  }

  public String string(String key) {
    return fields().string(key);
  }

  /** An integer field in {@code [min, max]}. */
  public int integer(String key, int min, int max) {
    return (int) fields().integer(key, min, max);
  }

  public double[] doubles(String key) {
    return fields().numbers(key);
  }

  public List<String> strings(String key) {
    return fields().strings(key);
  }

  /**
   * The file a text field names (e.g. {@code vocab}), resolved strictly inside the card's folder:
   * no {@code ../}, no absolute path, no link out of the folder, no device file.
   */
  public Path file(String key) {
    if (folder == null) throw new IllegalStateException("a card that was not read from a run folder names no files");
    String name = string(key);
    try {
      return folder.existingFile(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(folder.dir().resolve(FILE) + " field '" + key + "': " + e.getMessage(), e);
    }
  }

  /** The keys whose values differ between this card and {@code other}, each as "key: a vs b". */
  public List<String> differences(RunCard other) {
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(values.keySet());
    keys.addAll(other.values.keySet());
    for (String k : keys)
      if (!Objects.equals(normal(values.get(k)), normal(other.values.get(k))))
        out.add(k + ": " + other.values.get(k) + " (run) vs " + values.get(k) + " (now)");
    return out;
  }

  /** JSON round trips turn arrays into lists and floats into doubles; compare on that form. */
  private static Object normal(Object v) {
    return RunFolder.JSON.convertValue(v, Object.class);
  }

  /**
   * Refuses a resume whose model card differs from the one {@code folder} holds (none yet: nothing
   * to compare), naming every differing entry; called before the card is written again.
   */
  public void requireSameAs(RunFolder folder) {
    if (!folder.exists(FILE)) return;
    List<String> diff = differences(read(folder.dir()));
    if (!diff.isEmpty())
      throw new IllegalArgumentException("--resume must rebuild the run's model, but " + folder.dir().resolve(FILE)
          + " differs: " + String.join("; ", diff) + "; use the run's original settings or another --out");
  }
}
