// A local OpenAI-compatible chat-completions server for trying endpoint submissions without a
// real model (docs/endpoint-submissions.md, "Try it"). It answers from a fixed rule — "A" (the
// first option) to questions that open with a verb ("Is…", "Does…"), "B" otherwise — so it is a
// stand-in, not a model. Usage: npx tsx tools/dev/stand-in-endpoint.ts [port]
import { startChatCompletionsStub } from '@medrank/endpoint-runner/testing';

const port = Number(process.argv[2] ?? 8089);
const stub = await startChatCompletionsStub({
  port,
  answer: (request) =>
    /^(is|are|does|do|can|was|were|has|have)\b/i.test(request.text.trim()) ? 'A' : 'B',
});
console.log(`stand-in endpoint listening: register ${stub.url} (any model name)`);
process.on('SIGINT', () => void stub.close().then(() => process.exit(0)));
