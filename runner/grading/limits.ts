/**
 * The resource limits of a graded run, shared by the runner and the grading
 * subprocess.
 *
 * @module
 */

/** The V8 heap cap of a graded run, in MB (`--max-old-space-size`). */
export const HEAP_LIMIT_MB = 512;

/** Resident memory of the whole process (Workers and buffers included) at which a run is stopped:
 * the same as the heap cap, so that the monitor stops a growing heap before V8 spends
 * seconds collecting garbage near its cap. */
export const MEMORY_LIMIT = 512 * 1024 * 1024;

/** Characters of a run's output kept; the rest is counted and dropped. */
export const OUTPUT_LIMIT = 1_000_000;
