// Lets the worker's queued messages (Pause, Stop, a query) in between steps of a long computation:
// a message posted to itself runs after the tasks already queued. Not setTimeout(0): a timer set
// from inside a timer's continuation is clamped to 4 ms after a few levels, several % of a
// trainer that yields every 100 ms.
export function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
