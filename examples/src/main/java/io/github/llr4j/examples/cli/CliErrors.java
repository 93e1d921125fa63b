package io.github.llr4j.examples.cli;

import io.github.llr4j.core.run.RunStoppedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The program's one error policy.
 *
 * <p>A failure the user can fix prints one line on stderr, {@code llr4j <command>: <reason>}, and
 * exits with {@value #INVALID_INPUT}: a picocli parse error; an {@link IllegalArgumentException}
 * (bad input, a corrupt file) from a command or the library; an {@link IOException} or
 * {@link UncheckedIOException} (a missing, unreadable or unwritable file, named in the line); and a
 * {@link RunStoppedException} (training diverged, non-finite weights, a run folder locked by another
 * training). A refused {@code --resume} and a corrupt or truncated checkpoint are
 * {@code IllegalArgumentException}s. The classification is by type only, never by message.
 *
 * <p>Anything else (a {@link NullPointerException}, any other {@code IllegalStateException}, a
 * TensorFlow failure) is a bug or an environment failure: its stack trace is printed and the exit
 * code is {@value #FAILURE}.
 *
 * <p>{@code --verbose} (accepted by every command) or the environment variable
 * {@code LLR4J_VERBOSE=1} adds the stack trace to the one line of a user error too; the exit code
 * stays {@value #INVALID_INPUT}.
 */
public final class CliErrors {

  /** Exit code for a failure the user can fix. */
  public static final int INVALID_INPUT = 2;
  /** Exit code for a bug or an environment failure. */
  public static final int FAILURE = 1;
  /** The environment variable that turns on stack traces, as {@code --verbose} does. */
  public static final String VERBOSE_ENV = "LLR4J_VERBOSE";
  /** The global option that turns on stack traces. */
  public static final String VERBOSE_OPTION = "--verbose";

  private CliErrors() {}

  /** Installs both handlers on {@code cl}, with LLR4J_VERBOSE read from the environment. */
  public static void install(CommandLine cl) {
    install(cl, verboseEnv(System.getenv(VERBOSE_ENV)));
  }

  /** Installs both handlers on {@code cl} (subcommands inherit them); {@code verboseEnv}: LLR4J_VERBOSE is set. */
  public static void install(CommandLine cl, boolean verboseEnv) {
    cl.setParameterExceptionHandler(CliErrors::onParameterError);
    cl.setExecutionExceptionHandler((e, c, parseResult) -> onExecutionError(e, c, verboseEnv || verbose(parseResult)));
  }

  /** Whether {@code value} of {@value #VERBOSE_ENV} asks for stack traces (1, true, yes). */
  public static boolean verboseEnv(String value) {
    if (value == null) return false;
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.equals("1") || v.equals("true") || v.equals("yes");
  }

  /**
   * Whether {@code e} is the user's to fix (exit {@value #INVALID_INPUT}) rather than a bug or an
   * environment failure (exit {@value #FAILURE}).
   */
  public static boolean isUserError(Throwable e) {
    return e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException
        || e instanceof RunStoppedException;
  }

  /** The one line of a user error, without the command prefix. */
  public static String reason(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) return withCause(u.getMessage(), u.getCause());
    if (e instanceof IOException io) return describe(io);
    return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static int onParameterError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    cl.getErr().println(prefix(cl) + oneLine(e.getMessage()) + " (see " + cl.getCommandSpec().qualifiedName()
        + " --help)");
    return INVALID_INPUT;
  }

  private static int onExecutionError(Exception e, CommandLine cl, boolean verbose) {
    PrintWriter err = cl.getErr();
    if (isUserError(e)) {
      err.println(prefix(cl) + reason(e));
      if (verbose) e.printStackTrace(err);
      err.flush();
      return INVALID_INPUT;
    }
    err.println(prefix(cl) + "internal error, please report it with the stack trace below: " + e);
    e.printStackTrace(err);
    err.flush();
    return FAILURE;
  }

  /** {@code --verbose} on the command line, at any level ({@code llr4j --verbose train} or {@code llr4j train --verbose}). */
  private static boolean verbose(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand())
      if (p.hasMatchedOption(VERBOSE_OPTION)) return true;
    return false;
  }

  private static String prefix(CommandLine cl) {
    return cl.getCommandSpec().qualifiedName() + ": ";
  }

  /** "message: cause", without repeating what the message already says (e.g. the file name). */
  private static String withCause(String message, Throwable cause) {
    String c = cause instanceof IOException io ? describe(io) : oneLine(String.valueOf(cause.getMessage()));
    if (message == null || message.isBlank()) return c;
    String m = oneLine(message);
    if (m.contains(c)) return m;
    if (cause instanceof FileSystemException f && f.getFile() != null && m.contains(f.getFile()))
      return m + ": " + what(f);
    return m + ": " + c;
  }

  /** An IOException as "file: what happened"; the JDK's messages for these are the bare path. */
  private static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null)
      return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + what(f);
    String m = e.getMessage();
    if (m == null || m.isBlank()) return e.getClass().getSimpleName();
    return e.getCause() instanceof IOException c ? withCause(m, c) : oneLine(m);
  }

  private static String what(FileSystemException f) {
    return f instanceof NoSuchFileException ? "no such file or directory"
        : f instanceof AccessDeniedException ? "permission denied"
        : f instanceof FileAlreadyExistsException ? "already exists"
        : f instanceof NotDirectoryException ? "not a directory"
        : f instanceof DirectoryNotEmptyException ? "directory not empty"
        : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
  }

  private static String oneLine(String message) {
    if (message == null) return "invalid input";
    // TensorFlow appends the failing node ("[[{{node reshape/logexp/AssertThat}}]]"): graph detail, not advice
    return message.replaceAll("\\s*\\[\\[\\{\\{node [^}]*}}]]", "").replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
