/**
 * The run folder, one home for its state: atomic replacement of every file ({@link
 * io.github.llr4j.core.run.AtomicWrite}: temp file, fsync, rename, fsync of the folder), a lock
 * against a second training on the same folder ({@link io.github.llr4j.core.run.RunLock}),
 * strict resolution of file names inside the folder and validation of everything read back
 * ({@link io.github.llr4j.core.run.RunFolder}, {@link io.github.llr4j.core.run.RunCard}).
 */
package io.github.llr4j.core.run;
