/**
 * The baseline echo server: plain Deno, one `async` function per client,
 * `await conn.read` / `await conn.write`. Prints its port, then serves until
 * killed.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 kernel/bench/native_echo_server.ts --port=0
 * ```
 *
 * @module
 */

async function echo(conn: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(65536);
  try {
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) break;
      for (let sent = 0; sent < n;) sent += await conn.write(buffer.subarray(sent, n));
    }
  } catch {
    // a reset peer: done with it
  } finally {
    conn.close();
  }
}

if (import.meta.main) {
  const port = Number(Deno.args.find((arg) => arg.startsWith("--port="))?.slice(7) ?? 25000);
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  console.log(`native echo server on 127.0.0.1:${listener.addr.port}`);
  for (;;) {
    let conn: Deno.Conn;
    try {
      conn = await listener.accept();
    } catch (error) {
      // A client that reset before we accepted it is gone; keep serving the others.
      if (isPeerGone(error)) continue;
      throw error;
    }
    echo(conn);
  }
}

/** An accept failed only because that one client already reset or aborted (os error 107 and kin). */
function isPeerGone(error: unknown): boolean {
  const { NotConnected, ConnectionAborted, ConnectionReset } = Deno.errors;
  return error instanceof NotConnected || error instanceof ConnectionAborted ||
    error instanceof ConnectionReset;
}
