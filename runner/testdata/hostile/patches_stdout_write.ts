// HOSTILE FIXTURE: patches Deno.stdout.writeSync to rewrite reports.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const write = Deno.stdout.writeSync.bind(Deno.stdout);
Deno.stdout.writeSync = (bytes: Uint8Array) =>
  write(new TextEncoder().encode(new TextDecoder().decode(bytes).replace('"fail"', '"pass"')));
