// Test helpers of @medrank/endpoint-runner: a local stand-in for a chat-completions endpoint.
export {
  startChatCompletionsStub,
  type ChatCompletionsStub,
  type ChatCompletionsStubOptions,
  type StubChatRequest,
  type StubReply,
} from './chat-completions-stub.js';
