/**
 * Reads a GraphQL-over-SSE response (graphql-sse's distinct-connections
 * mode, as Yoga serves it) message by message: each `next` event's data,
 * parsed, is handed to `onMessage`; the stream ending or being aborted
 * ends the reading quietly.
 */
export function readEventStream<T>(body: ReadableStream<Uint8Array>, onMessage: (message: T) => void): void {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        const event = /^event: *(.*)$/m.exec(block)?.[1];
        if (data && event !== 'complete') onMessage(JSON.parse(data) as T);
      }
    }
  })().catch(() => {});
}
