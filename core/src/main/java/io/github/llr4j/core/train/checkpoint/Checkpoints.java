package io.github.llr4j.core.train.checkpoint;

import io.github.llr4j.core.run.AtomicWrite;
import io.github.llr4j.core.run.FaultPoints;
import io.github.llr4j.core.run.FileTrees;
import io.github.llr4j.core.run.Fields;
import io.github.llr4j.core.run.RunFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.tensorflow.Session;

/**
 * Atomic checkpoints in {@code <run>/checkpoint/}: the session's variables ({@code ckpt.*}, via
 * {@link Session#save}) plus {@code state.json}, which is written last and records the size and
 * CRC-32C of every variable file. A new checkpoint is written to {@code checkpoint.tmp/} and
 * forced to disk, the old one is moved to {@code checkpoint.old/}, the new one renamed into place
 * and the old one deleted; a crash at any point leaves a complete checkpoint in {@code checkpoint/}
 * or (between the two renames) in {@code checkpoint.old/}, which {@link #find} falls back to.
 *
 * <p>Before TensorFlow reads a checkpoint its files are checked against {@code state.json}, so a
 * corrupt or truncated file is reported as such, naming the file, instead of as a model mismatch
 * after TensorFlow's log lines.
 */
public final class Checkpoints {
  private Checkpoints() {}

  private static final String PREFIX = "ckpt";
  static final String STATE = "state.json";
  static final String FILES = "files";

  /** Saves variables and {@code state} under {@code runDir}. */
  public static void save(Session session, Path runDir, Map<String, Object> state) {
    Path tmp = runDir.resolve("checkpoint.tmp");
    Path dst = runDir.resolve("checkpoint");
    Path old = runDir.resolve("checkpoint.old");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      session.save(tmp.resolve(PREFIX).toAbsolutePath().toString());
      FaultPoints.reach("checkpoint:variables-written");
      Map<String, Object> withFiles = new LinkedHashMap<>(state);
      withFiles.put(FILES, describeFiles(tmp));
      AtomicWrite.syncFilesIn(tmp);
      RunFolder.writeJson(tmp.resolve(STATE), withFiles);
      FaultPoints.reach("checkpoint:state-written");
      deleteTree(old);
      if (Files.exists(dst)) Files.move(dst, old, StandardCopyOption.ATOMIC_MOVE);
      FaultPoints.reach("checkpoint:old-moved");
      Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
      AtomicWrite.syncFolder(runDir);
      FaultPoints.reach("checkpoint:new-in-place");
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint in " + runDir + ": " + e.getMessage(), e);
    }
  }

  /** The folder holding the newest complete checkpoint of {@code runDir}, if any. */
  public static Optional<Path> find(Path runDir) {
    for (String name : new String[] {"checkpoint", "checkpoint.old"}) {
      Path dir = runDir.resolve(name);
      if (Files.isRegularFile(dir.resolve(STATE))) return Optional.of(dir);
    }
    return Optional.empty();
  }

  /**
   * The checkpoint folder for {@code runOrCheckpointDir}: the folder itself when it holds
   * {@code state.json}, else the run folder's newest complete checkpoint.
   */
  public static Path resolve(Path runOrCheckpointDir) {
    if (Files.isRegularFile(runOrCheckpointDir.resolve(STATE))) return runOrCheckpointDir;
    return find(runOrCheckpointDir).orElseThrow(() -> new IllegalArgumentException(
        "checkpoint folder must contain checkpoint/ or state.json, got " + runOrCheckpointDir
            + " (train with an output folder, e.g. --out DIR, to get checkpoints)"));
  }

  /** The validated {@code state.json} of the checkpoint in {@code dir}, without touching any session. */
  public static Map<String, Object> readState(Path dir) {
    return RunFolder.readObject(dir.resolve(STATE));
  }

  /** Restores the variables of {@code session} from {@code dir} and returns its state. */
  public static Map<String, Object> load(Session session, Path dir) {
    Map<String, Object> state = readState(dir);
    restoreVariables(session, dir);
    return state;
  }

  /**
   * Restores the variables of {@code session}'s graph from the checkpoint in {@code dir}; the
   * checkpoint may hold more (e.g. optimizer slots an inference graph lacks).
   */
  public static void restoreVariables(Session session, Path dir) {
    if (!Files.isRegularFile(dir.resolve(PREFIX + ".index")))
      throw new IllegalArgumentException("checkpoint folder must contain " + PREFIX + ".index, got " + dir);
    verifyFiles(dir);
    try {
      session.restore(dir.resolve(PREFIX).toAbsolutePath().toString());
    } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
      if (corruption(e.getMessage()))
        throw new IllegalArgumentException("checkpoint " + dir + " is corrupt or truncated (" + firstLine(e.getMessage())
            + "); resume from another checkpoint or retrain", e);
      // TF reports a shape or name mismatch as TFInvalidArgumentException (an IllegalArgumentException)
      throw new IllegalArgumentException("checkpoint " + dir + " does not fit this model (" + firstLine(e.getMessage())
          + "); build the model with the settings the run was trained with", e);
    }
  }

  /** Checks every variable file against the sizes and CRC-32C in state.json (older checkpoints have none). */
  static void verifyFiles(Path dir) {
    Path stateFile = dir.resolve(STATE);
    if (!Files.isRegularFile(stateFile)) return;
    Map<String, Object> state = RunFolder.readObject(stateFile);
    if (!(state.get(FILES) instanceof Map<?, ?>)) return;
    Fields files = new Fields(state, stateFile.toString()).object(FILES);
    for (String name : files.values().keySet()) {
      if (!name.startsWith(PREFIX + ".") || name.contains("/"))
        throw new IllegalArgumentException(stateFile + " lists an unexpected file '" + name + "' (corrupt state)");
      Fields f = files.object(name);
      long bytes = f.integer("bytes", 0, Long.MAX_VALUE);
      String crc = f.string("crc32c");
      Path p = dir.resolve(name);
      if (!Files.isRegularFile(p))
        throw new IllegalArgumentException("checkpoint file " + p + " is missing (the checkpoint is incomplete)");
      try {
        long size = Files.size(p);
        if (size != bytes)
          throw new IllegalArgumentException("checkpoint file " + p + " is corrupt or truncated: expected " + bytes
              + " bytes (state.json), got " + size);
        String actual = crc32c(p);
        if (!actual.equals(crc))
          throw new IllegalArgumentException("checkpoint file " + p + " is corrupt: its CRC-32C is " + actual
              + ", state.json recorded " + crc);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read checkpoint file " + p + ": " + e.getMessage(), e);
      }
    }
  }

  private static Map<String, Object> describeFiles(Path dir) throws IOException {
    Map<String, Object> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String name = p.getFileName().toString();
        if (!name.startsWith(PREFIX + ".") || !Files.isRegularFile(p)) continue;
        out.put(name, Map.of("bytes", Files.size(p), "crc32c", crc32c(p)));
      }
    }
    return out;
  }

  private static String crc32c(Path p) throws IOException {
    CRC32C c = new CRC32C();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(p)) {
      for (int n; (n = in.read(buf)) > 0; ) c.update(buf, 0, n);
    }
    return String.format("%08x", c.getValue());
  }

  /** TF's words for a damaged file (DATA_LOSS status, bad block, short read) as opposed to a mismatch. */
  private static boolean corruption(String message) {
    if (message == null) return false;
    String m = message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("data loss") || m.contains("corrupt") || m.contains("truncated") || m.contains("checksum")
        || m.contains("unable to read") || m.contains("bad magic");
  }

  private static String firstLine(String s) {
    if (s == null) return "no message";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void deleteTree(Path p) throws IOException {
    FileTrees.delete(p);
  }

}
