package io.github.llr4j.core.dist;

/** A data-parallel run stopped because a worker failed, died or never joined; the message names it. */
public final class DistributedRunException extends RuntimeException {
  public DistributedRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
