package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.examples.Llr4j;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage texts, the help command, and option names quoted in messages. */
class CliUsageTest {

  private static List<CommandLine> allCommands() {
    List<CommandLine> out = new ArrayList<>();
    collect(new CommandLine(new Llr4j()), out);
    return out;
  }

  private static void collect(CommandLine cl, List<CommandLine> out) {
    out.add(cl);
    for (CommandLine sub : cl.getSubcommands().values()) if (!out.contains(sub)) collect(sub, out);
  }

  @Test
  void everyUsageRendersWithoutAPicocliWarning() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> names = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (CommandLine cl : allCommands()) {
        String usage = cl.getUsageMessage();
        assertThat(usage).as(cl.getCommandSpec().qualifiedName()).startsWith("Usage: ");
        names.add(cl.getCommandSpec().qualifiedName());
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(names).contains("llr4j train", "llr4j pretrain", "llr4j bench vision", "llr4j bench attack",
        "llr4j bench text", "llr4j help");
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    // the escaped percent signs render as single ones
    assertThat(new CommandLine(new Llr4j()).getSubcommands().get("pretrain").getUsageMessage())
        .contains("(15% of").contains("80% [MASK] / 10% random / 10% kept)").doesNotContain("%%");
  }

  @Test
  void helpPrintsTheNamedSubcommandsUsage() {
    CliRun vision = CliRun.of("help", "bench", "vision");
    assertThat(vision.code()).isZero();
    assertThat(vision.out()).startsWith("Usage: llr4j bench vision").contains("--torch");
    CliRun bench = CliRun.of("help", "bench");
    assertThat(bench.out()).startsWith("Usage: llr4j bench ").contains("reshape").doesNotContain("--torch");
    CliRun top = CliRun.of("help");
    assertThat(top.out()).startsWith("Usage: llr4j ").contains("--verbose");
    CliRun unknown = CliRun.of("help", "bench", "nope");
    assertThat(unknown.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(unknown.err()).startsWith("llr4j help: unknown command 'nope' after 'llr4j bench'; commands: reshape, vision, allreduce, tensorboard, attack, text");
    assertThat(unknown.err().lines()).hasSize(1);
  }

  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
  /** Files whose "--x" strings are not llr4j options: the PyTorch script's own flags, MIME boundaries. */
  private static final Set<String> NOT_OURS = Set.of("TorchReference.java", "AttackBench.java", "TextBench.java", "MailParser.java");

  /**
   * Every {@code --option} quoted in a string of the program or the libraries (an error's advice, a
   * description) is an option of some llr4j command, so no message sends the user to an option
   * that does not exist.
   */
  @Test
  void everyOptionNamedInAMessageExists() throws IOException {
    Set<String> options = new TreeSet<>();
    for (CommandLine cl : allCommands())
      for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options())
        for (String n : o.names()) if (n.startsWith("--")) options.add(n);
    assertThat(options).contains("--epochs", "--resume", "--verbose", "--magnitudes");
    Set<String> unknown = new TreeSet<>();
    int files = 0;
    for (String module : List.of("core", "vision", "nlp", "adversarial", "examples")) {
      Path src = Path.of("..", module, "src", "main", "java");
      assertThat(src).isDirectory();
      try (Stream<Path> s = Files.walk(src)) {
        for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
          if (NOT_OURS.contains(f.getFileName().toString())) continue;
          files++;
          Matcher lit = LITERAL.matcher(Files.readString(f));
          while (lit.find()) {
            Matcher opt = OPTION.matcher(lit.group(1));
            while (opt.find()) if (!options.contains(opt.group())) unknown.add(opt.group() + " in " + f.getFileName());
          }
        }
      }
    }
    assertThat(files).isGreaterThan(100);
    assertThat(unknown).isEmpty();
  }
}
