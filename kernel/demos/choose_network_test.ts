import assert from "node:assert/strict";
import { chooseNetwork, flags } from "./choose_network.ts";

Deno.test("chooseNetwork() makes the named network and refuses others", () => {
  const net = chooseNetwork("memory");
  assert.equal(net.name, "memory");
  net.close();
  assert.throws(
    () => chooseNetwork("epoll"),
    new Error(
      "Cannot use selector 'epoll' as it is not one of memory, deno, poll: pass --selector=deno",
    ),
  );
});

Deno.test("flags() reads --name=value and refuses anything else", () => {
  assert.deepEqual(flags(["--selector=poll", "--port=1"]), { selector: "poll", port: "1" });
  assert.throws(() => flags(["poll"]), /Cannot read argument 'poll': use --name=value/);
});
