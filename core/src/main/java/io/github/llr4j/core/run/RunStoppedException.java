package io.github.llr4j.core.run;

/**
 * A run could not start or go on for a reason the user fixes by changing the input or the
 * settings, while the library's own state is sound: the run folder is locked by another training
 * ({@link RunLock}), training diverged (a non-finite loss: lower the learning rate, change the
 * reshaping), the weights were not finite before the first step (bad initial, restored or
 * pretrained weights), or a worker of a data-parallel run died or never joined. The message names the cause and the fix in one line.
 *
 * <p>It is an {@link IllegalStateException} because the run's state, not an argument of the call,
 * is what is wrong; a front end reports it like bad input (the CLI: one line, exit 2), whereas a
 * plain {@code IllegalStateException} stays a lifecycle error (a bug). Bad input read back from a
 * run folder (a refused {@code --resume}, a corrupt or truncated checkpoint or file) is an
 * {@link IllegalArgumentException}, the caller's fault.
 */
public class RunStoppedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A refusal or stop whose {@code message} names the cause and the fix. */
  public RunStoppedException(String message) {
    super(message);
  }

  /** As {@link #RunStoppedException(String)}, keeping the {@code cause}. */
  public RunStoppedException(String message, Throwable cause) {
    super(message, cause);
  }
}
