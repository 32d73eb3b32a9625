// HOSTILE FIXTURE: reads a grading helper found by listing runner/grading.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

for (const entry of Deno.readDirSync("runner/grading")) {
  if (entry.isFile && entry.name !== "worker_jobs.ts") {
    console.log(Deno.readTextFileSync(`runner/grading/${entry.name}`));
  }
}
