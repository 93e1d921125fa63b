/** Batches of (input, label) examples fed to a training or evaluation step. */
package io.github.llr4j.core.data;
