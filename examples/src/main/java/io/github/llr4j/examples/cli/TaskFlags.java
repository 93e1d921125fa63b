package io.github.llr4j.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ParseResult;

/**
 * Which {@code llr4j train} options belong to which task. A flag of another task given on the command
 * line is refused by name before anything starts (workers, data loading): silently ignoring it would
 * let a user believe a text run used SAM, or that a vision run was limited to 128 tokens.
 */
final class TaskFlags {
  private TaskFlags() {}

  /** Read only by the text task (tokenizer, table columns, encoder and fine-tuning options). */
  static final Set<String> TEXT_ONLY = Set.of("--tokenizer", "--file", "--test-file", "--text-column",
      "--second-text-column", "--label-column", "--max-length", "--vocab-size", "--dropout", "--test-fraction",
      "--pooling", "--clip-norm", "--freeze", "--freeze-layers", "--layer-lr-decay", "--init");

  /**
   * Read only by the vision and adversarial tasks: image augmentation and test limit, SAM, the flatness
   * and trajectory probes (built on the image model's Hessian-vector products).
   */
  static final Set<String> IMAGE_ONLY = Set.of("--no-augment", "--cutout", "--crop-pad", "--limit-test", "--sam",
      "--asam", "--sam-interval", "--track-flatness", "--track-trajectory");

  /** Read only by the adversarial task: the threat model and robust early stopping. */
  static final Set<String> ADVERSARIAL_ONLY = Set.of("--method", "--eps", "--step-size", "--steps", "--eps-ramp",
      "--beta", "--robust-val");

  /** Refuses, naming them, the options given on the command line that {@code task} would not read. */
  static void check(String task, ParseResult parsed) {
    switch (task) {
      case "text" -> {
        refuse(task, parsed, IMAGE_ONLY, "--task vision and adversarial");
        refuse(task, parsed, ADVERSARIAL_ONLY, "--task adversarial");
      }
      case "vision" -> {
        refuse(task, parsed, TEXT_ONLY, "--task text");
        refuse(task, parsed, ADVERSARIAL_ONLY, "--task adversarial");
      }
      case "adversarial" -> refuse(task, parsed, TEXT_ONLY, "--task text");
      default -> throw new IllegalArgumentException("--task must be vision, text or adversarial, got '" + task + "'");
    }
  }

  private static void refuse(String task, ParseResult parsed, Set<String> foreign, String owner) {
    List<String> given = new ArrayList<>();
    for (String name : foreign.stream().sorted().toList())
      if (parsed.hasMatchedOption(name)) given.add(name);
    if (given.isEmpty()) return;
    throw new IllegalArgumentException(String.join(", ", given) + (given.size() == 1 ? " applies" : " apply")
        + " to " + owner + " only, got --task " + task + "; drop " + (given.size() == 1 ? "it" : "them"));
  }
}
