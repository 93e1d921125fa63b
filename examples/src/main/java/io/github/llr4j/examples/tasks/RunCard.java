package io.github.llr4j.examples.tasks;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.report.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json} in a run folder: what is needed to rebuild the trained model without the
 * training data (task, model name, input shape, class names, normalisation constants).
 */
public record RunCard(Map<String, Object> values) {

  public static final String FILE = "model.json";

  public void write(Path runDir) {
    RunFiles.writeJson(runDir.resolve(FILE), values);
  }

  public static RunCard read(Path runDir) {
    Path f = runDir.resolve(FILE);
    // <run>/best holds the selected epoch's checkpoint; its model is the run's
    if (!Files.isRegularFile(f) && runDir.getFileName() != null
        && runDir.getFileName().toString().equals(Trainer.BEST_DIR) && runDir.getParent() != null)
      f = runDir.getParent().resolve(FILE);
    if (!Files.isRegularFile(f))
      throw new IllegalArgumentException("checkpoint folder must be a run folder of `llr4j train` with " + FILE
          + ", got " + runDir + " (no " + FILE + ")");
    try {
      return new RunCard(RunFiles.JSON.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {}));
    } catch (IOException e) {
      throw new IllegalArgumentException(f + " is not a readable run card: " + e.getMessage(), e);
    }
  }

  /** Fails unless this run was trained with {@code task}: "{command} needs a {task} run, got task ...". */
  public RunCard requireTask(String task, String command) {
    if (!task.equals(values.get("task")))
      throw new IllegalArgumentException(command + " needs a " + task + " run, got task " + values.get("task"));
    return this;
  }

  public String string(String key) {
    Object v = values.get(key);
    if (!(v instanceof String s)) throw new IllegalArgumentException(FILE + " lacks the text field '" + key + "'");
    return s;
  }

  public int integer(String key) {
    Object v = values.get(key);
    if (!(v instanceof Number n)) throw new IllegalArgumentException(FILE + " lacks the number field '" + key + "'");
    return n.intValue();
  }

  public double[] doubles(String key) {
    Object v = values.get(key);
    if (!(v instanceof List<?> l)) throw new IllegalArgumentException(FILE + " lacks the list field '" + key + "'");
    return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String key) {
    Object v = values.get(key);
    if (!(v instanceof List<?> l)) throw new IllegalArgumentException(FILE + " lacks the list field '" + key + "'");
    return (List<String>) l;
  }
}
