/** Atomic checkpoints of a run's variables and trainer state, for resuming. */
package io.github.llr4j.core.train.checkpoint;
