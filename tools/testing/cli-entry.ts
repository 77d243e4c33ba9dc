// The CLI as the integration tests run it: the bundle their global setup builds
// (tools/testing/integration-setup.ts, apps/cli/build.mjs), relative to the repository root.
// `node <CLI_ENTRY> …` behaves as `npx medrank …`, without tsx's start-up cost.
export const CLI_ENTRY = 'apps/cli/dist/medrank.mjs';
