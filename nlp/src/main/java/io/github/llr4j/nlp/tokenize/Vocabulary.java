package io.github.llr4j.nlp.tokenize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Token <-> id table in BERT {@code vocab.txt} form: one token per line, id = zero-based line
 * index, UTF-8. Duplicate or empty tokens are rejected (a trailing line break is not an empty line).
 */
public final class Vocabulary {
  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(List<String> tokens, Map<String, Integer> ids) {
    this.tokens = tokens;
    this.ids = ids;
  }

  /** Vocabulary whose token {@code i} is {@code tokens.get(i)}. */
  public static Vocabulary of(List<String> tokens) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t == null || t.isEmpty()) {
        throw new IllegalArgumentException("token " + i + " must be non-empty, got '" + t + "'");
      }
      Integer prev = ids.putIfAbsent(t, i);
      if (prev != null) {
        throw new IllegalArgumentException(
            "tokens must be unique, got '" + t + "' at " + prev + " and " + i);
      }
    }
    return new Vocabulary(List.copyOf(tokens), Map.copyOf(ids));
  }

  /** Reads a BERT {@code vocab.txt}; errors name the file and the 1-based line. */
  public static Vocabulary load(Path file) {
    Map<String, Integer> ids = new HashMap<>();
    ArrayList<String> tokens = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        int lineNo = tokens.size() + 1;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isEmpty()) {
          throw new IllegalArgumentException(
              file + " line " + lineNo + ": expected a token, got an empty line");
        }
        Integer prev = ids.putIfAbsent(line, tokens.size());
        if (prev != null) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": duplicate token '"
              + line + "' (first on line " + (prev + 1) + ")");
        }
        tokens.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vocabulary " + file, e);
    }
    return new Vocabulary(List.copyOf(tokens), Map.copyOf(ids));
  }

  /** Writes one token per line (UTF-8, '\n'), the inverse of {@link #load}. */
  public void save(Path file) {
    try {
      Files.write(file, tokens, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write vocabulary " + file, e);
    }
  }

  public int size() {
    return tokens.size();
  }

  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  /** Id of {@code token}, empty when absent. */
  public OptionalInt id(String token) {
    Integer id = ids.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** Id of a token that must be present (e.g. a special token). */
  public int requireId(String token) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new IllegalArgumentException(
          "vocabulary must contain '" + token + "', got a vocabulary of " + size() + " tokens without it");
    }
    return id;
  }

  public String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new IllegalArgumentException("id must be in [0, " + tokens.size() + "), got " + id);
    }
    return tokens.get(id);
  }

  /** All tokens in id order. */
  public List<String> tokens() {
    return tokens;
  }
}
